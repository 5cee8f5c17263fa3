using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// A weekly window of local wall-clock time in which a layer applies, for example Monday 09:00 to
/// Monday 17:00. An end at or before the start wraps into the next week (Friday 17:00 to Monday 09:00);
/// an end equal to the start means the whole week.
/// </summary>
internal sealed class TimeRestriction
{
    private static readonly string[] DatadogDayNames = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

    public TimeRestriction(DayOfWeek startDay, TimeSpan startTime, DayOfWeek endDay, TimeSpan endTime)
    {
        CheckTime(startTime, "start");
        CheckTime(endTime, "end");
        CheckDay(startDay);
        CheckDay(endDay);
        StartDay = startDay;
        StartTime = startTime;
        EndDay = endDay;
        EndTime = endTime;
        startOffset = MinutesIntoWeek(startDay, startTime);
        var end = MinutesIntoWeek(endDay, endTime);
        lengthMinutes = end > startOffset ? end - startOffset : end - startOffset + (7 * 24 * 60);
    }

    public DayOfWeek StartDay { get; }

    public TimeSpan StartTime { get; }

    public DayOfWeek EndDay { get; }

    public TimeSpan EndTime { get; }

    private readonly long startOffset;

    /// <summary>Minutes from Monday 00:00 to the start, to walk a week's restrictions in order.</summary>
    internal long StartMinuteOfWeek => startOffset;

    private readonly long lengthMinutes;

    /// <summary>
    /// Datadog's restriction shape: lowercase weekday names and HH:mm:ss times, for example
    /// {"start_day":"monday","start_time":"09:00:00","end_day":"monday","end_time":"17:00:00"}.
    /// </summary>
    public static TimeRestriction FromDatadog(string startDay, string startTime, string endDay, string endTime) =>
        new(ParseDay(startDay), ParseTime(startTime), ParseDay(endDay), ParseTime(endTime));

    /// <summary>The same hours on each of the given days, one restriction per day (an end before the start runs past midnight).</summary>
    public static IReadOnlyList<TimeRestriction> Daily(IEnumerable<DayOfWeek> days, TimeSpan startTime, TimeSpan endTime)
    {
        var list = new List<TimeRestriction>();
        foreach (var day in days ?? Enumerable.Empty<DayOfWeek>())
        {
            var endDay = endTime > startTime ? day : (DayOfWeek)(((int)day + 1) % 7);
            list.Add(new TimeRestriction(day, startTime, endDay, endTime));
        }

        return list;
    }

    /// <summary>Monday to Friday, the same hours each day.</summary>
    public static IReadOnlyList<TimeRestriction> Weekdays(TimeSpan startTime, TimeSpan endTime) =>
        Daily(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, startTime, endTime);

    /// <summary>Datadog's lowercase day name for a weekday.</summary>
    public static string ToDatadogDay(DayOfWeek day) => DatadogDayNames[(int)day];

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1:hh\\:mm\\:ss} - {2} {3:hh\\:mm\\:ss}", StartDay, StartTime, EndDay, EndTime);

    /// <summary>The restriction's occurrence in the week that begins (local Monday 00:00) at <paramref name="monday"/>.</summary>
    internal void Occurrence(LocalDateTime monday, DateTimeZone zone, out Instant start, out Instant end)
    {
        var localStart = monday.PlusMinutes(startOffset);
        var localEnd = localStart.PlusMinutes(lengthMinutes);
        start = localStart.InZoneLeniently(zone).ToInstant();
        end = localEnd.InZoneLeniently(zone).ToInstant();
    }

    /// <summary>As above, from the Monday's local midnight in ticks (<see cref="ZoneCursor.LocalTicks"/>) through a render's cursor, in Unix ticks: tick arithmetic, as this runs for every week of a window.</summary>
    internal void Occurrence(long mondayLocalTicks, ZoneCursor cursor, out long start, out long end)
    {
        var localStart = mondayLocalTicks + (startOffset * TimeSpan.TicksPerMinute);
        start = cursor.ResolveTicks(localStart);
        end = cursor.ResolveTicks(localStart + (lengthMinutes * TimeSpan.TicksPerMinute));
    }

    // Weeks start on Monday here, as ISO weeks do; the choice only decides which week an occurrence is filed under.
    private static long MinutesIntoWeek(DayOfWeek day, TimeSpan time) =>
        ((((int)day + 6) % 7) * 24L * 60L) + (long)time.TotalMinutes;

    private static void CheckTime(TimeSpan time, string which)
    {
        if (time < TimeSpan.Zero || time >= TimeSpan.FromDays(1) || time.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidRestriction,
                string.Format(CultureInfo.InvariantCulture, "The restriction {0} time {1} is not valid: use a whole-minute time of day from 00:00:00 to 23:59:00.", which, time));
        }
    }

    private static void CheckDay(DayOfWeek day)
    {
        if (day < DayOfWeek.Sunday || day > DayOfWeek.Saturday)
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidRestriction, string.Format(CultureInfo.InvariantCulture, "The restriction day {0} is not a weekday.", (int)day));
        }
    }

    private static DayOfWeek ParseDay(string? name)
    {
        var index = Array.IndexOf(DatadogDayNames, (name ?? string.Empty).Trim().ToLowerInvariant());
        if (index < 0)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidRestriction,
                string.Format(CultureInfo.InvariantCulture, "The restriction day '{0}' is not valid: use a lowercase weekday name such as 'monday'.", name));
        }

        return (DayOfWeek)index;
    }

    private static TimeSpan ParseTime(string? text)
    {
        var formats = new[] { "hh\\:mm\\:ss", "hh\\:mm", "h\\:mm\\:ss", "h\\:mm" };
        if (!TimeSpan.TryParseExact((text ?? string.Empty).Trim(), formats, CultureInfo.InvariantCulture, out var time))
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidRestriction,
                string.Format(CultureInfo.InvariantCulture, "The restriction time '{0}' is not valid: use HH:mm:ss, for example '09:00:00'.", text));
        }

        return time;
    }
}
