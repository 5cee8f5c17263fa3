using System;
using System.Linq;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class CoverageAnalyzerTests
{
    private static Shift Shift(string user, DateTimeOffset start, DateTimeOffset end, string team = "ops", string? schedule = "primary") =>
        new() { User = user, Team = team, Schedule = schedule, Start = start, End = end, Provider = OnCallProvider.ZStack, Connection = "lab" };

    [Fact]
    public void Business_hours_only_schedule_leaves_nights_and_weekends_uncovered()
    {
        const string zone = "Europe/Berlin";
        var rotation = new ShiftRotation(Local(zone, 2026, 3, 23, 9), ShiftLength.Weeks(1), new[] { "alice" }, zone);
        var schedule = new ScheduleDefinition(zone, new[] { new ScheduleLayer("day", rotation, TimeRestriction.Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(17))) }) { Team = "ops" };
        var windowStart = Local(zone, 2026, 3, 23);
        var windowEnd = Local(zone, 2026, 3, 30);

        var gaps = CoverageAnalyzer.FindGaps(schedule.Render(windowStart, windowEnd), windowStart, windowEnd);

        Assert.Equal(6, gaps.Count);
        Assert.Equal((windowStart, Local(zone, 2026, 3, 23, 9)), (gaps[0].Start, gaps[0].End));
        Assert.Equal((Local(zone, 2026, 3, 27, 17), windowEnd), (gaps[^1].Start, gaps[^1].End));
        // Friday 17:00 to Monday 00:00 is 55 h of wall clock but 54 h elapsed: clocks go forward on Sunday.
        Assert.Equal(54.0, gaps[^1].Duration.TotalHours);
        Assert.Equal(TimeSpan.FromHours(2), gaps[^1].End.Offset);
        Assert.All(gaps, g => Assert.Equal("ops", g.Team));
    }

    [Fact]
    public void Gaps_shorter_than_the_minimum_are_ignored()
    {
        var shifts = new[]
        {
            Shift("alice", Utc(2026, 1, 1), Utc(2026, 1, 1, 8)),
            Shift("bob", Utc(2026, 1, 1, 8, 1), Utc(2026, 1, 1, 16)),
            Shift("carol", Utc(2026, 1, 1, 18), Utc(2026, 1, 2)),
        };

        var gaps = CoverageAnalyzer.FindGaps(shifts, Utc(2026, 1, 1), Utc(2026, 1, 2), new CoverageOptions { MinimumGap = TimeSpan.FromMinutes(5) });

        var gap = Assert.Single(gaps);
        Assert.Equal((Utc(2026, 1, 1, 16), Utc(2026, 1, 1, 18), TimeSpan.FromHours(2)), (gap.Start, gap.End, gap.Duration));
        Assert.Equal((OnCallProvider.ZStack, "lab", "ops", "primary"), (gap.Provider, gap.Connection, gap.Team, gap.Schedule));
        Assert.Equal(2, CoverageAnalyzer.FindGaps(shifts, Utc(2026, 1, 1), Utc(2026, 1, 2)).Count);
    }

    [Fact]
    public void Another_schedule_of_the_team_covers_the_team_but_not_the_schedule()
    {
        var shifts = new[]
        {
            Shift("alice", Utc(2026, 1, 1), Utc(2026, 1, 1, 12), schedule: "day"),
            Shift("bob", Utc(2026, 1, 1, 12), Utc(2026, 1, 2), schedule: "night"),
            Shift("erin", Utc(2026, 1, 1, 3), Utc(2026, 1, 1, 4), team: "db", schedule: "db"),
        };

        var byTeam = CoverageAnalyzer.FindGaps(shifts, Utc(2026, 1, 1), Utc(2026, 1, 2));
        var bySchedule = CoverageAnalyzer.FindGaps(shifts, Utc(2026, 1, 1), Utc(2026, 1, 2), new CoverageOptions { Scope = CoverageScope.Schedule });

        Assert.Equal(new[] { ("db", 0, 3), ("db", 4, 0) }, byTeam.Select(g => (g.Team!, g.Start.Hour, g.End.Hour)));
        Assert.Equal(
            new[] { ("db", 0, 3), ("db", 4, 0), ("day", 12, 0), ("night", 0, 12) },
            bySchedule.Select(g => (g.Schedule!, g.Start.Hour, g.End.Hour)).OrderBy(g => g.Item1 == "db" ? 0 : 1).ThenBy(g => g.Item1, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Overlapping_and_out_of_order_shifts_still_count_as_covered()
    {
        var shifts = new[]
        {
            Shift("bob", Utc(2026, 1, 1, 6), Utc(2026, 1, 1, 20)),
            Shift("alice", Utc(2025, 12, 31), Utc(2026, 1, 1, 10)),
            Shift("carol", Utc(2026, 1, 1, 8), Utc(2026, 1, 1, 9)),
        };

        var gaps = CoverageAnalyzer.FindGaps(shifts, Utc(2026, 1, 1), Utc(2026, 1, 2), new CoverageOptions { TimeZone = "Asia/Kolkata" });

        var gap = Assert.Single(gaps);
        Assert.Equal(Utc(2026, 1, 1, 20), gap.Start);
        Assert.Equal(new TimeSpan(5, 30, 0), gap.Start.Offset);
    }

    [Fact]
    public void No_shifts_at_all_is_one_gap_over_the_whole_window_and_bad_input_is_refused()
    {
        var gap = Assert.Single(CoverageAnalyzer.FindGaps(Array.Empty<Shift>(), Utc(2026, 1, 1), Utc(2026, 1, 8), new CoverageOptions { Team = "ghost" }));
        Assert.Equal(("ghost", TimeSpan.FromDays(7)), (gap.Team, gap.Duration));

        Assert.Equal("InvalidWindow", Assert.Throws<OnCallException>(() => CoverageAnalyzer.FindGaps(Array.Empty<Shift>(), Utc(2026, 1, 2), Utc(2026, 1, 1))).Reason);
        Assert.Equal("InvalidOption", Assert.Throws<OnCallException>(() => CoverageAnalyzer.FindGaps(Array.Empty<Shift>(), Utc(2026, 1, 1), Utc(2026, 1, 2), new CoverageOptions { MinimumGap = TimeSpan.FromMinutes(-1) })).Reason);
    }
}
