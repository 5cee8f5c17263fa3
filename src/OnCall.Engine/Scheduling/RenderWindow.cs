using System;
using System.Globalization;

namespace OnCall.Engine.Scheduling;

/// <summary>The checks every window the engine renders goes through.</summary>
internal static class RenderWindow
{
    private const int MaximumYears = 10;

    public static void Validate(DateTimeOffset start, DateTimeOffset end, bool allowLongWindow)
    {
        if (end < start)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidWindow,
                string.Format(CultureInfo.InvariantCulture, "The window ends ({0}) before it starts ({1}).", ScheduleErrors.Format(end), ScheduleErrors.Format(start)));
        }

        // A typo in a year (2206 for 2026) would otherwise render centuries of shifts.
        if (!allowLongWindow && start.UtcDateTime.Year <= DateTime.MaxValue.Year - MaximumYears && end > start.AddYears(MaximumYears))
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.WindowTooLong,
                string.Format(CultureInfo.InvariantCulture, "The window from {0} to {1} is longer than {2} years; pass the allow-long-window option if that is really meant.", ScheduleErrors.Format(start), ScheduleErrors.Format(end), MaximumYears));
        }
    }
}
