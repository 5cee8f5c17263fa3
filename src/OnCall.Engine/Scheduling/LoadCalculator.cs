using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>Hours on call per person, nights and weekends apart (Measure-OnCallLoad).</summary>
public static class LoadCalculator
{
    private const string Separator = "\u001f";

    /// <summary>
    /// One result per person (or per person and team/schedule with <see cref="LoadOptions.PerTeam"/>), the
    /// busiest first. Overlapping or adjacent shifts of the same person in the same group count once, so
    /// shifts rendered window by window measure the same as one render of the whole window.
    /// </summary>
    public static IReadOnlyList<OnCallLoad> Measure(IEnumerable<Shift> shifts, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        Validate(options);
        var explicitZone = string.IsNullOrWhiteSpace(options.TimeZone) ? null : ScheduleTimeZones.Resolve(options.TimeZone);
        var windowStart = options.Start.HasValue ? Instant.FromDateTimeOffset(options.Start.Value) : Instant.MinValue;
        var windowEnd = options.End.HasValue ? Instant.FromDateTimeOffset(options.End.Value) : Instant.MaxValue;

        var clipped = new List<Piece>();
        foreach (var shift in shifts ?? Enumerable.Empty<Shift>())
        {
            if (shift is null || string.IsNullOrEmpty(shift.User))
            {
                continue;
            }

            var start = ShiftRotation.Max(Instant.FromDateTimeOffset(shift.Start), windowStart);
            var end = ShiftRotation.Min(Instant.FromDateTimeOffset(shift.End), windowEnd);
            if (start < end)
            {
                clipped.Add(new Piece(shift, start, end, explicitZone ?? ZoneOf(shift)));
            }
        }

        var handoffs = CountHandoffs(clipped);
        var results = new List<(OnCallLoad Load, Duration Total)>();
        foreach (var person in clipped.GroupBy(p => PersonKey(p.Shift, options.PerTeam), StringComparer.Ordinal))
        {
            var stretches = Merge(person.OrderBy(p => p.Start).ToList());
            var load = new OnCallLoad
            {
                Provider = person.First().Shift.Provider,
                Connection = person.First().Shift.Connection,
                User = person.First().Shift.User,
                Team = Single(person.Select(p => p.Shift.Team)),
                Schedule = Single(person.Select(p => p.Shift.Schedule)),
                ShiftCount = stretches.Count,
                Handoffs = handoffs.TryGetValue(person.Key, out var count) ? count : 0,
                Start = options.Start ?? stretches[0].Shift.Start,
                End = options.End ?? stretches.Max(p => p.Shift.End),
            };
            var total = Duration.Zero;
            var night = Duration.Zero;
            var weekend = Duration.Zero;
            foreach (var stretch in stretches)
            {
                total += stretch.End - stretch.Start;
                Accumulate(stretch, options, ref night, ref weekend);
            }

            load.TotalHours = Hours(total);
            load.NightHours = Hours(night);
            load.WeekendHours = Hours(weekend);
            results.Add((load, total));
        }

        // Shares are within the group a person was measured in: the whole set, or one team/schedule. They and
        // the order come from the exact durations, not from the rounded hours.
        foreach (var group in results.GroupBy(r => options.PerTeam ? r.Load.Team + Separator + r.Load.Schedule : string.Empty, StringComparer.Ordinal))
        {
            var sum = group.Aggregate(Duration.Zero, (all, r) => all + r.Total);
            foreach (var (load, total) in group)
            {
                load.Share = sum > Duration.Zero ? Math.Round(total / sum, 6) : 0;
            }
        }

        return results
            .OrderByDescending(r => r.Total)
            .ThenBy(r => r.Load.User, StringComparer.Ordinal)
            .ThenBy(r => r.Load.Team, StringComparer.Ordinal)
            .ThenBy(r => r.Load.Schedule, StringComparer.Ordinal)
            .Select(r => r.Load)
            .ToList();
    }

    private static void Validate(LoadOptions options)
    {
        foreach (var time in new[] { options.NightStart, options.NightEnd })
        {
            if (time < TimeSpan.Zero || time >= TimeSpan.FromDays(1))
            {
                throw ScheduleErrors.Invalid(ScheduleErrors.InvalidOption, string.Format(CultureInfo.InvariantCulture, "The night time {0} is not a time of day (00:00:00 to 23:59:59).", time));
            }
        }

        if (options.Start.HasValue != options.End.HasValue)
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidWindow, "Give both the start and the end of the window, or neither.");
        }

        if (options.Start.HasValue && options.End!.Value < options.Start.Value)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidWindow,
                string.Format(CultureInfo.InvariantCulture, "The window ends ({0}) before it starts ({1}).", ScheduleErrors.Format(options.End.Value), ScheduleErrors.Format(options.Start.Value)));
        }
    }

    private static DateTimeZone ZoneOf(Shift shift) =>
        !string.IsNullOrWhiteSpace(shift.TimeZone) && ScheduleTimeZones.IsKnown(shift.TimeZone)
            ? ScheduleTimeZones.Resolve(shift.TimeZone)
            : DateTimeZone.ForOffset(Offset.FromTicks(shift.Start.Offset.Ticks));

    // By the vendor's user id where the shift has one: two people with one display name are two people.
    private static string PersonKey(Shift shift, bool perTeam) =>
        perTeam ? Person(shift) + Separator + shift.Team + Separator + shift.Schedule : Person(shift);

    private static string Person(Shift shift) => shift.UserId ?? shift.User;

    private static string? Single(IEnumerable<string?> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).Take(2).ToList();
        return distinct.Count == 1 ? distinct[0] : null;
    }

    // Overlapping or touching pieces of one person become one stretch on call.
    private static List<Piece> Merge(List<Piece> sorted)
    {
        var merged = new List<Piece>(sorted.Count);
        foreach (var piece in sorted)
        {
            if (merged.Count > 0 && merged[merged.Count - 1].End >= piece.Start)
            {
                var last = merged[merged.Count - 1];
                if (piece.End > last.End)
                {
                    merged[merged.Count - 1] = new Piece(last.Shift, last.Start, piece.End, last.Zone);
                }
            }
            else
            {
                merged.Add(piece);
            }
        }

        return merged;
    }

    // A handoff is one person's stretch ending exactly when another person's begins in the same team and
    // schedule; it counts for both of them.
    private static Dictionary<string, int> CountHandoffs(List<Piece> pieces)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in pieces.GroupBy(p => p.Shift.Team + Separator + p.Shift.Schedule, StringComparer.Ordinal))
        {
            var stretches = new List<Piece>();
            foreach (var person in group.GroupBy(p => Person(p.Shift), StringComparer.Ordinal))
            {
                stretches.AddRange(Merge(person.OrderBy(p => p.Start).ToList()));
            }

            var endingAt = stretches.ToLookup(p => p.End);
            foreach (var receiver in stretches)
            {
                foreach (var giver in endingAt[receiver.Start])
                {
                    if (!string.Equals(Person(giver.Shift), Person(receiver.Shift), StringComparison.Ordinal))
                    {
                        Increment(counts, giver.Shift);
                        Increment(counts, receiver.Shift);
                    }
                }
            }
        }

        return counts;
    }

    private static void Increment(Dictionary<string, int> counts, Shift shift)
    {
        // Handoffs are counted once per team/schedule, then credited under both keys a person may be measured by.
        foreach (var key in new[] { PersonKey(shift, perTeam: false), PersonKey(shift, perTeam: true) })
        {
            counts[key] = counts.TryGetValue(key, out var count) ? count + 1 : 1;
        }
    }

    private static void Accumulate(Piece stretch, LoadOptions options, ref Duration night, ref Duration weekend)
    {
        var zone = stretch.Zone;
        var firstDay = stretch.Start.InZone(zone).Date.PlusDays(-1);
        var lastDay = stretch.End.InZone(zone).Date;
        var nightStart = LocalTime.FromTicksSinceMidnight(options.NightStart.Ticks);
        var nightEnd = LocalTime.FromTicksSinceMidnight(options.NightEnd.Ticks);
        var nightWraps = options.NightEnd <= options.NightStart;
        for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
        {
            if (options.NightStart != options.NightEnd)
            {
                var from = (day + nightStart).InZoneLeniently(zone).ToInstant();
                var to = ((nightWraps ? day.PlusDays(1) : day) + nightEnd).InZoneLeniently(zone).ToInstant();
                night += Overlap(stretch, from, to);
            }

            if (day.DayOfWeek == IsoDayOfWeek.Saturday || day.DayOfWeek == IsoDayOfWeek.Sunday)
            {
                weekend += Overlap(stretch, zone.AtStartOfDay(day).ToInstant(), zone.AtStartOfDay(day.PlusDays(1)).ToInstant());
            }
        }
    }

    private static Duration Overlap(Piece stretch, Instant from, Instant to)
    {
        var start = ShiftRotation.Max(stretch.Start, from);
        var end = ShiftRotation.Min(stretch.End, to);
        return end > start ? end - start : Duration.Zero;
    }

    // Two decimals (36 seconds): a window that starts "now" cuts shifts at odd ticks, and 503.999892 hours says
    // nothing 504 does not. A number, not a TimeSpan, so the figures sort, sum and export to CSV as they read.
    private static double Hours(Duration duration) => Math.Round(duration.TotalHours, 2, MidpointRounding.AwayFromZero);

    private readonly struct Piece
    {
        public Piece(Shift shift, Instant start, Instant end, DateTimeZone zone)
        {
            Shift = shift;
            Start = start;
            End = end;
            Zone = zone;
        }

        public Shift Shift { get; }

        public Instant Start { get; }

        public Instant End { get; }

        public DateTimeZone Zone { get; }
    }
}
