using System;
using OnCall.Engine.Scheduling;

namespace OnCall.Infrastructure;

/// <summary>The -Start/-End/-Days window shared by the cmdlets that look at time, checked before any request.</summary>
internal static class TimeWindow
{
    public static (DateTimeOffset Start, DateTimeOffset End) Resolve(DateTimeOffset? start, DateTimeOffset? end, int? days, int defaultDays)
    {
        var from = start ?? DateTimeOffset.Now;
        var to = end ?? from.AddDays(days ?? defaultDays);
        return (from, to);
    }

    /// <summary>The engine's window rule (the same one its renders apply), or null when the window is fine.</summary>
    public static OnCallException? Problem(DateTimeOffset start, DateTimeOffset end, bool allowLong = false) =>
        RenderWindow.Problem(start, end, allowLong, allowEmpty: false);
}
