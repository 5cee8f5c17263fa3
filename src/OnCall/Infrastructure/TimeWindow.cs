using System;
using System.Globalization;
using OnCall.Engine.Scheduling;

namespace OnCall.Infrastructure;

/// <summary>The -Start/-End/-Days window shared by the cmdlets that look at time, checked before any request.</summary>
internal static class TimeWindow
{
    /// <summary>No vendor keeps on-call data from before the Unix epoch.</summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The latest time a parameter may name: far beyond any schedule, and far enough from the end of
    /// the calendar (9999-12-31) that -Days, windows and renders never step past it.
    /// </summary>
    public static readonly DateTimeOffset Latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static (DateTimeOffset Start, DateTimeOffset End) Resolve(DateTimeOffset? start, DateTimeOffset? end, int? days, int defaultDays)
    {
        var from = start ?? DateTimeOffset.Now;
        var to = end ?? from.AddDays(days ?? defaultDays);
        return (from, to);
    }

    /// <summary>The engine's window rule (the same one its renders apply), or null when the window is fine.</summary>
    public static OnCallException? Problem(DateTimeOffset start, DateTimeOffset end, bool allowLong = false) =>
        RenderWindow.Problem(start, end, allowLong, allowEmpty: false);

    /// <summary>A time before 1970 or from the year 3000 on, as an error naming the parameter; null when it is fine.</summary>
    public static OnCallException? OutOfRange(string parameter, DateTimeOffset time)
    {
        if (time >= Earliest && time < Latest)
        {
            return null;
        }

        return new OnCallException(
            OnCallErrorKind.InvalidArgument,
            "TimeOutOfRange",
            string.Format(CultureInfo.InvariantCulture, "-{0} {1:yyyy-MM-dd HH:mm:ss zzz} is outside the times OnCall works with (from {2:yyyy-MM-dd} to before {3:yyyy-MM-dd}, UTC); nothing was sent.", parameter, time, Earliest, Latest),
            null,
            time)
        {
            RecommendedAction = "Check the date: a year typed wrong, or [datetimeoffset]::MinValue or MaxValue.",
        };
    }
}
