using System;
using System.Globalization;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// The checks every time window goes through: the engine's renders, and the cmdlets' -Start/-End
/// before any request is sent.
/// </summary>
public static class RenderWindow
{
    private const int MaximumYears = 10;

    public static void Validate(DateTimeOffset start, DateTimeOffset end, bool allowLongWindow)
    {
        if (Problem(start, end, allowLongWindow, allowEmpty: true) is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>
    /// The failure a window would cause, or null when it is fine. An empty window renders nothing;
    /// a person who asks for one (allowEmpty false) has most likely swapped -Start and -End.
    /// </summary>
    public static OnCallException? Problem(DateTimeOffset start, DateTimeOffset end, bool allowLongWindow, bool allowEmpty)
    {
        if (end < start || (!allowEmpty && end == start))
        {
            return ScheduleErrors.Invalid(
                ScheduleErrors.InvalidWindow,
                string.Format(CultureInfo.InvariantCulture, "The window ends ({0}) before it starts ({1}). Give an end after the start.", ScheduleErrors.Format(end), ScheduleErrors.Format(start)));
        }

        // A typo in a year (2206 for 2026) would otherwise render centuries of shifts.
        if (!allowLongWindow && start.UtcDateTime.Year <= DateTime.MaxValue.Year - MaximumYears && end > start.AddYears(MaximumYears))
        {
            return ScheduleErrors.Invalid(
                ScheduleErrors.WindowTooLong,
                string.Format(CultureInfo.InvariantCulture, "The window from {0} to {1} is longer than {2} years; a longer window must be asked for as such.", ScheduleErrors.Format(start), ScheduleErrors.Format(end), MaximumYears));
        }

        return null;
    }
}
