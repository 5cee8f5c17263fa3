using System;

namespace OnCall.Infrastructure;

/// <summary>The -Start/-End/-Days window shared by the cmdlets that look at time, checked before any request.</summary>
internal static class TimeWindow
{
    /// <summary>Ten years: past that a window is almost certainly a typo (a year of 20206).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3653);

    public static (DateTimeOffset Start, DateTimeOffset End) Resolve(DateTimeOffset? start, DateTimeOffset? end, int? days, int defaultDays)
    {
        var from = start ?? DateTimeOffset.Now;
        var to = end ?? from.AddDays(days ?? defaultDays);
        return (from, to);
    }

    /// <summary>A message for a window that cannot be right, or null when it is fine.</summary>
    public static string? Problem(DateTimeOffset start, DateTimeOffset end, bool allowLong = false)
    {
        if (end <= start)
        {
            return $"The window ends ({end:u}) before it starts ({start:u}). Give an -End after -Start.";
        }

        if (!allowLong && end - start > Longest)
        {
            return $"The window is {(end - start).TotalDays:0} days long, more than ten years. Use -Force if you mean it.";
        }

        return null;
    }
}
