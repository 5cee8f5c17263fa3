using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>The gaps in a window where nobody is on call (Test-OnCallCoverage).</summary>
public static class CoverageAnalyzer
{
    /// <summary>
    /// One gap per uncovered interval of [start, end) for each team (or schedule) that has shifts, in time
    /// order within a group. With no shifts at all the whole window is one gap named after the options'
    /// Team and Schedule; call once per team to learn about teams that returned no shifts.
    /// </summary>
    public static IReadOnlyList<CoverageGap> FindGaps(IEnumerable<Shift> shifts, DateTimeOffset start, DateTimeOffset end, CoverageOptions? options = null)
    {
        options ??= new CoverageOptions();
        RenderWindow.Validate(start, end, allowLongWindow: true);
        if (options.MinimumGap < TimeSpan.Zero)
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidOption, string.Format(CultureInfo.InvariantCulture, "The minimum gap {0} is negative.", options.MinimumGap));
        }

        var explicitZone = string.IsNullOrWhiteSpace(options.TimeZone) ? null : ScheduleTimeZones.Resolve(options.TimeZone);
        var all = (shifts ?? Enumerable.Empty<Shift>()).Where(s => s is not null && s.End > start && s.Start < end).ToList();
        var gaps = new List<CoverageGap>();
        if (all.Count == 0)
        {
            AddGap(gaps, options, explicitZone, start, start, end, options.Team, options.Schedule, options.Provider, options.Connection);
            return gaps;
        }

        var groups = all.GroupBy(s => GroupKey(s, options.Scope), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.OrderBy(s => s.Start).ToList();
            var first = members[0];
            var schedules = members.Select(s => s.Schedule).Distinct(StringComparer.Ordinal).ToList();
            var schedule = schedules.Count == 1 ? schedules[0] : null;
            var zone = explicitZone ?? ZoneOf(members);
            var cursor = start;
            foreach (var shift in members)
            {
                if (shift.Start > cursor)
                {
                    AddGap(gaps, options, zone, start, cursor, shift.Start, first.Team, schedule, first.Provider, first.Connection);
                }

                if (shift.End > cursor)
                {
                    cursor = shift.End;
                }
            }

            if (cursor < end)
            {
                AddGap(gaps, options, zone, start, cursor, end, first.Team, schedule, first.Provider, first.Connection);
            }
        }

        return gaps;
    }

    private static string GroupKey(Shift shift, CoverageScope scope) =>
        scope == CoverageScope.Schedule || shift.Team is null
            ? "s\u001f" + shift.Team + "\u001f" + shift.Schedule
            : "t\u001f" + shift.Team;

    private static DateTimeZone? ZoneOf(List<Shift> shifts)
    {
        var id = shifts.Select(s => s.TimeZone).FirstOrDefault(z => !string.IsNullOrWhiteSpace(z));
        return id is not null && ScheduleTimeZones.IsKnown(id) ? ScheduleTimeZones.Resolve(id) : null;
    }

    private static void AddGap(List<CoverageGap> gaps, CoverageOptions options, DateTimeZone? zone, DateTimeOffset windowStart, DateTimeOffset from, DateTimeOffset to, string? team, string? schedule, OnCallProvider provider, string connection)
    {
        if (to - from < options.MinimumGap || to <= from)
        {
            return;
        }

        gaps.Add(new CoverageGap
        {
            Provider = provider,
            Connection = connection,
            Team = team,
            Schedule = schedule,
            Start = Express(from, zone, windowStart),
            End = Express(to, zone, windowStart),
        });
    }

    private static DateTimeOffset Express(DateTimeOffset value, DateTimeZone? zone, DateTimeOffset windowStart) =>
        zone is null ? value.ToOffset(windowStart.Offset) : Instant.FromDateTimeOffset(value).InZone(zone).ToDateTimeOffset();
}
