using System;
using System.Globalization;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// How long each shift of a rotation lasts: either a fixed duration (elapsed time, so a 12 h shift is 12 h
/// even across a DST change) or a number of calendar days or weeks (wall-clock time, so a daily handoff
/// stays at 09:00 local on both sides of a DST change and that day's shift lasts 23 h or 25 h).
/// </summary>
internal sealed class ShiftLength : IEquatable<ShiftLength>
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMinutes(1);

    private ShiftLength(TimeSpan fixedDuration, int calendarDays)
    {
        FixedDuration = fixedDuration;
        CalendarDays = calendarDays;
    }

    /// <summary>The elapsed length of each shift; zero when the length is calendar-based.</summary>
    public TimeSpan FixedDuration { get; }

    /// <summary>The wall-clock length of each shift in days (7 for a week); zero when the length is fixed.</summary>
    public int CalendarDays { get; }

    public bool IsCalendar => CalendarDays > 0;

    /// <summary>A fixed elapsed duration of at least one minute.</summary>
    public static ShiftLength FromDuration(TimeSpan duration)
    {
        if (duration < Minimum)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidShiftLength,
                string.Format(CultureInfo.InvariantCulture, "The shift length {0} is not valid: a shift must last at least one minute.", duration));
        }

        return new ShiftLength(duration, 0);
    }

    /// <summary>A number of local calendar days; the handoff keeps its local time of day across DST changes.</summary>
    public static ShiftLength Days(int count)
    {
        if (count <= 0)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidShiftLength,
                string.Format(CultureInfo.InvariantCulture, "The shift length of {0} day(s) is not valid: it must be at least one day.", count));
        }

        return new ShiftLength(TimeSpan.Zero, count);
    }

    /// <summary>A number of local calendar weeks; the handoff keeps its weekday and local time across DST changes.</summary>
    public static ShiftLength Weeks(int count)
    {
        if (count <= 0 || count > int.MaxValue / 7)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidShiftLength,
                string.Format(CultureInfo.InvariantCulture, "The shift length of {0} week(s) is not valid: it must be at least one week.", count));
        }

        return new ShiftLength(TimeSpan.Zero, count * 7);
    }

    /// <summary>
    /// Datadog's layer interval {days, seconds}: whole days alone are calendar days (Datadog hands off at the
    /// same local time), any seconds make the length a fixed duration.
    /// </summary>
    public static ShiftLength FromDatadogInterval(int? days, long? seconds)
    {
        var wholeDays = days ?? 0;
        var extraSeconds = seconds ?? 0;
        if (wholeDays > 0 && extraSeconds == 0)
        {
            return Days(wholeDays);
        }

        return FromDuration(TimeSpan.FromDays(wholeDays) + TimeSpan.FromSeconds(extraSeconds));
    }

    internal Duration ElapsedDuration => Duration.FromTimeSpan(FixedDuration);

    public bool Equals(ShiftLength? other) =>
        other is not null && other.FixedDuration == FixedDuration && other.CalendarDays == CalendarDays;

    public override bool Equals(object? obj) => Equals(obj as ShiftLength);

    public override int GetHashCode() => FixedDuration.GetHashCode() ^ (CalendarDays * 397);

    public override string ToString()
    {
        if (!IsCalendar)
        {
            return FixedDuration.ToString("c", CultureInfo.InvariantCulture);
        }

        return CalendarDays % 7 == 0
            ? string.Format(CultureInfo.InvariantCulture, "{0} calendar week(s)", CalendarDays / 7)
            : string.Format(CultureInfo.InvariantCulture, "{0} calendar day(s)", CalendarDays);
    }
}
