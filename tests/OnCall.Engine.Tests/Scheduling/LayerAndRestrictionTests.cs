using System;
using System.Linq;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class LayerAndRestrictionTests
{
    private const string Berlin = "Europe/Berlin";

    [Fact]
    public void Business_hours_restriction_cuts_a_weekly_rotation_to_weekdays_nine_to_five_local()
    {
        var rotation = new ShiftRotation(Local(Berlin, 2026, 3, 23, 9), ShiftLength.Weeks(1), new[] { "alice", "bob" }, Berlin);
        var layer = new ScheduleLayer("business", rotation, TimeRestriction.Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
        var schedule = new ScheduleDefinition(Berlin, new[] { layer });
        var windowStart = Local(Berlin, 2026, 3, 23);
        var windowEnd = Local(Berlin, 2026, 4, 6);

        var shifts = schedule.Render(windowStart, windowEnd);

        AssertWellFormed(shifts, windowStart, windowEnd, Berlin);
        Assert.Equal(10, shifts.Count);
        Assert.All(shifts, s => Assert.Equal(new TimeSpan(9, 0, 0), s.Start.TimeOfDay));
        Assert.All(shifts, s => Assert.Equal(new TimeSpan(17, 0, 0), s.End.TimeOfDay));
        Assert.All(shifts, s => Assert.InRange(s.Start.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday));
        Assert.Equal(Enumerable.Repeat("alice", 5).Concat(Enumerable.Repeat("bob", 5)), shifts.Select(s => s.User));
        Assert.Equal(TimeSpan.FromHours(2), shifts[5].Start.Offset);
    }

    [Fact]
    public void Datadog_restriction_shape_parses_and_a_weekend_restriction_wraps_over_the_week_end()
    {
        var restriction = TimeRestriction.FromDatadog("friday", "17:00:00", "monday", "09:00:00");
        Assert.Equal((DayOfWeek.Friday, TimeSpan.FromHours(17), DayOfWeek.Monday, TimeSpan.FromHours(9)), (restriction.StartDay, restriction.StartTime, restriction.EndDay, restriction.EndTime));

        var rotation = new ShiftRotation(Local(Berlin, 2026, 1, 2, 17), ShiftLength.Weeks(1), new[] { "weekender" }, Berlin);
        var schedule = new ScheduleDefinition(Berlin, new[] { new ScheduleLayer("weekend", rotation, new[] { restriction }) });
        var shifts = schedule.Render(Local(Berlin, 2026, 3, 23), Local(Berlin, 2026, 4, 6));

        Assert.Equal(
            new[] { (Local(Berlin, 2026, 3, 23), Local(Berlin, 2026, 3, 23, 9)), (Local(Berlin, 2026, 3, 27, 17), Local(Berlin, 2026, 3, 30, 9)), (Local(Berlin, 2026, 4, 3, 17), Local(Berlin, 2026, 4, 6)) },
            shifts.Select(s => (s.Start, s.End)));
        // Friday 17:00 to Monday 09:00 across spring-forward: 64 h of wall clock, 63 h elapsed.
        Assert.Equal(63.0, shifts[1].Duration.TotalHours);
    }

    [Theory]
    [InlineData("Monday", "09:00:00")]
    [InlineData("monday", "9am")]
    [InlineData("funday", "09:00:00")]
    [InlineData("monday", "24:00:00")]
    public void Bad_datadog_restrictions_are_refused_with_a_clear_reason(string day, string time)
    {
        if (day == "Monday")
        {
            // Capitalised names are accepted: the API sends lowercase, people type either.
            Assert.Equal(DayOfWeek.Monday, TimeRestriction.FromDatadog(day, time, "monday", "17:00:00").StartDay);
            return;
        }

        var error = Assert.Throws<OnCallException>(() => TimeRestriction.FromDatadog(day, time, "monday", "17:00:00"));
        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("InvalidRestriction", error.Reason);
    }

    [Fact]
    public void The_higher_layer_wins_where_it_has_someone_and_the_lower_fills_the_rest()
    {
        var baseRotation = new ShiftRotation(Local(Berlin, 2026, 6, 1, 9), ShiftLength.Days(1), new[] { "base1", "base2" }, Berlin);
        var dayRotation = new ShiftRotation(Local(Berlin, 2026, 6, 1, 9), ShiftLength.Weeks(1), new[] { "day" }, Berlin);
        var schedule = new ScheduleDefinition(
            Berlin,
            new[]
            {
                new ScheduleLayer("base", baseRotation),
                new ScheduleLayer("daytime", dayRotation, TimeRestriction.Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(17))),
            });

        var shifts = schedule.Render(Local(Berlin, 2026, 6, 1, 9), Local(Berlin, 2026, 6, 3, 9));

        Assert.Equal(
            new[]
            {
                ("day", "06-01 09:00", "06-01 17:00", (string?)"daytime"),
                ("base1", "06-01 17:00", "06-02 09:00", "base"),
                ("day", "06-02 09:00", "06-02 17:00", "daytime"),
                ("base2", "06-02 17:00", "06-03 09:00", "base"),
            },
            shifts.Select(s => (s.User, s.Start.ToString("MM-dd HH:mm"), s.End.ToString("MM-dd HH:mm"), s.Rotation)));
    }

    [Fact]
    public void Layers_start_at_their_effective_date_and_stop_at_their_end_date()
    {
        var start = Utc(2026, 1, 1);
        var lower = new ScheduleLayer("lower", new ShiftRotation(start, ShiftLength.Weeks(1), new[] { "low" }, "UTC"));
        var upper = new ScheduleLayer("upper", new ShiftRotation(start, ShiftLength.Days(1), new[] { "up" }, "UTC"), effectiveDate: Utc(2026, 1, 5), endDate: Utc(2026, 1, 7, 12));
        var shifts = new ScheduleDefinition("UTC", new[] { lower, upper }).Render(Utc(2026, 1, 1), Utc(2026, 1, 10));

        // One shift per turn: the upper layer's daily turns, and the lower layer's weekly hand-off on the 8th.
        Assert.Equal(
            new[]
            {
                ("low", Utc(2026, 1, 1), Utc(2026, 1, 5)), ("up", Utc(2026, 1, 5), Utc(2026, 1, 6)), ("up", Utc(2026, 1, 6), Utc(2026, 1, 7)), ("up", Utc(2026, 1, 7), Utc(2026, 1, 7, 12)),
                ("low", Utc(2026, 1, 7, 12), Utc(2026, 1, 8)), ("low", Utc(2026, 1, 8), Utc(2026, 1, 10)),
            },
            shifts.Select(s => (s.User, s.Start, s.End)));

        var merged = new ScheduleDefinition("UTC", new[] { lower, upper }).Render(Utc(2026, 1, 1), Utc(2026, 1, 10), merge: true);
        Assert.Equal(
            new[] { ("low", Utc(2026, 1, 1), Utc(2026, 1, 5)), ("up", Utc(2026, 1, 5), Utc(2026, 1, 7, 12)), ("low", Utc(2026, 1, 7, 12), Utc(2026, 1, 10)) },
            merged.Select(s => (s.User, s.Start, s.End)));
    }

    [Fact]
    public void Pieces_of_the_same_person_from_different_layers_merge_and_name_both_layers()
    {
        var lower = new ScheduleLayer("lower", new ShiftRotation(Utc(2026, 1, 1), ShiftLength.Days(1), new[] { "alice" }, "UTC"));
        var upper = new ScheduleLayer("upper", new ShiftRotation(Utc(2026, 1, 1), ShiftLength.Days(1), new[] { "alice" }, "UTC"), TimeRestriction.Daily(new[] { DayOfWeek.Thursday }, TimeSpan.FromHours(12), TimeSpan.FromHours(13)));
        var shifts = new ScheduleDefinition("UTC", new[] { lower, upper }).Render(Utc(2026, 1, 1), Utc(2026, 1, 2), merge: true);

        var only = Assert.Single(shifts);
        Assert.Equal("lower, upper", only.Rotation);

        // Without merging, each layer's piece is its own shift.
        Assert.Equal(new[] { "lower", "upper", "lower" }, new ScheduleDefinition("UTC", new[] { lower, upper }).Render(Utc(2026, 1, 1), Utc(2026, 1, 2)).Select(s => s.Rotation));
    }

    [Fact]
    public void A_restriction_across_spring_forward_keeps_local_hours_in_Sydney()
    {
        const string zone = "Australia/Sydney";
        var rotation = new ShiftRotation(Local(zone, 2026, 9, 28), ShiftLength.Weeks(1), new[] { "night" }, zone);
        var layer = new ScheduleLayer("nights", rotation, TimeRestriction.Daily(Enum.GetValues<DayOfWeek>(), TimeSpan.FromHours(22), TimeSpan.FromHours(6)));
        var window = (Local(zone, 2026, 10, 2, 12), Local(zone, 2026, 10, 6, 12));
        var shifts = new ScheduleDefinition(zone, new[] { layer }).Render(window.Item1, window.Item2, merge: true);

        // Per turn, the weekly hand-off at Monday 00:00 splits the night of the 4th into 2 h and 6 h.
        Assert.Equal(new[] { 8.0, 7.0, 2.0, 6.0, 8.0 }, new ScheduleDefinition(zone, new[] { layer }).Render(window.Item1, window.Item2).Select(s => s.Duration.TotalHours));
        Assert.All(shifts, s => Assert.Equal(new TimeSpan(22, 0, 0), s.Start.TimeOfDay));
        Assert.All(shifts, s => Assert.Equal(new TimeSpan(6, 0, 0), s.End.TimeOfDay));
        Assert.Equal(new[] { 8.0, 7.0, 8.0, 8.0 }, shifts.Select(s => s.Duration.TotalHours));
    }
}
