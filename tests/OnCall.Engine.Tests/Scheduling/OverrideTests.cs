using System;
using System.Linq;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class OverrideTests
{
    private static ShiftRotation DailyUtc(params string[] members) =>
        new(Utc(2026, 2, 1, 9), ShiftLength.Days(1), members, "UTC");

    [Fact]
    public void A_partial_override_splits_the_shift_and_names_the_original_user()
    {
        var schedule = ScheduleDefinition.FromRotation(DailyUtc("alice", "bob"), new[] { new ScheduleOverride("carol", Utc(2026, 2, 1, 12), Utc(2026, 2, 1, 15)) });
        var shifts = schedule.Render(Utc(2026, 2, 1, 9), Utc(2026, 2, 2, 9));

        Assert.Equal(
            new[] { ("alice", 9, 12, false, (string?)null), ("carol", 12, 15, true, "alice"), ("alice", 15, 9, false, null) },
            shifts.Select(s => (s.User, s.Start.Hour, s.End.Hour, s.IsOverride, s.OriginalUser)));
    }

    [Fact]
    public void An_override_across_several_shifts_is_one_shift_naming_everyone_it_replaced()
    {
        var schedule = ScheduleDefinition.FromRotation(DailyUtc("alice", "bob", "dave"), new[] { new ScheduleOverride("carol", Utc(2026, 2, 1, 12), Utc(2026, 2, 3, 15)) });
        var shifts = schedule.Render(Utc(2026, 2, 1), Utc(2026, 2, 5));

        Assert.Equal(
            new[]
            {
                ("alice", Utc(2026, 2, 1, 9), Utc(2026, 2, 1, 12), false, (string?)null),
                ("carol", Utc(2026, 2, 1, 12), Utc(2026, 2, 3, 15), true, "alice, bob, dave"),
                ("dave", Utc(2026, 2, 3, 15), Utc(2026, 2, 4, 9), false, null),
                ("alice", Utc(2026, 2, 4, 9), Utc(2026, 2, 5), false, null),
            },
            shifts.Select(s => (s.User, s.Start, s.End, s.IsOverride, s.OriginalUser)));
    }

    [Fact]
    public void An_override_by_the_scheduled_person_is_still_an_override_piece()
    {
        var schedule = ScheduleDefinition.FromRotation(DailyUtc("alice", "bob"), new[] { new ScheduleOverride("alice", Utc(2026, 2, 1, 10), Utc(2026, 2, 1, 11)) });
        var shifts = schedule.Render(Utc(2026, 2, 1, 9), Utc(2026, 2, 1, 12));

        Assert.Equal(new[] { ("alice", false), ("alice", true), ("alice", false) }, shifts.Select(s => (s.User, s.IsOverride)));
    }

    [Fact]
    public void An_override_where_nobody_is_scheduled_has_no_original_user()
    {
        var layer = new ScheduleLayer("business", DailyUtc("alice"), TimeRestriction.Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
        var schedule = new ScheduleDefinition("UTC", new[] { layer }, new[] { new ScheduleOverride("carol", Utc(2026, 2, 2, 16), Utc(2026, 2, 2, 20)) });
        var shifts = schedule.Render(Utc(2026, 2, 2, 9), Utc(2026, 2, 2, 23));

        Assert.Equal(
            new[] { ("alice", 9, 16, false, (string?)null), ("carol", 16, 20, true, "alice") },
            shifts.Select(s => (s.User, s.Start.Hour, s.End.Hour, s.IsOverride, s.OriginalUser)));
        Assert.Null(schedule.WhoIsOnCall(Utc(2026, 2, 2, 18))!.OriginalUser);
        Assert.Equal("carol", schedule.WhoIsOnCall(Utc(2026, 2, 2, 18))!.User);
    }

    [Fact]
    public void Overlapping_overrides_the_later_one_in_the_list_wins()
    {
        var overrides = new[]
        {
            new ScheduleOverride("carol", Utc(2026, 2, 1, 10), Utc(2026, 2, 1, 14)),
            new ScheduleOverride("dave", Utc(2026, 2, 1, 12), Utc(2026, 2, 1, 13)),
        };
        var schedule = ScheduleDefinition.FromRotation(DailyUtc("alice"), overrides);
        var shifts = schedule.Render(Utc(2026, 2, 1, 9), Utc(2026, 2, 1, 15));

        Assert.Equal(
            new[] { ("alice", 9, 10), ("carol", 10, 12), ("dave", 12, 13), ("carol", 13, 14), ("alice", 14, 15) },
            shifts.Select(s => (s.User, s.Start.Hour, s.End.Hour)));
        Assert.Equal("dave", schedule.WhoIsOnCall(Utc(2026, 2, 1, 12, 30))!.User);
    }

    [Fact]
    public void An_override_crossing_the_window_edges_is_clipped_to_the_window()
    {
        var schedule = ScheduleDefinition.FromRotation(DailyUtc("alice", "bob"), new[] { new ScheduleOverride("carol", Utc(2026, 1, 1), Utc(2026, 3, 1)) });
        var shifts = schedule.Render(Utc(2026, 2, 10), Utc(2026, 2, 11));

        var only = Assert.Single(shifts);
        Assert.Equal(("carol", Utc(2026, 2, 10), Utc(2026, 2, 11), true), (only.User, only.Start, only.End, only.IsOverride));
    }

    [Fact]
    public void Overrides_in_a_zone_are_expressed_in_the_schedule_zone_across_fall_back()
    {
        const string zone = "Europe/Berlin";
        var rotation = new ShiftRotation(Local(zone, 2026, 10, 20, 9), ShiftLength.Days(1), new[] { "alice", "bob" }, zone);
        var schedule = ScheduleDefinition.FromRotation(rotation, new[] { new ScheduleOverride("carol", Local(zone, 2026, 10, 25, 1), Local(zone, 2026, 10, 25, 5)) });
        var windowStart = Local(zone, 2026, 10, 24);
        var windowEnd = Local(zone, 2026, 10, 26);
        var shifts = schedule.Render(windowStart, windowEnd);

        AssertWellFormed(shifts, windowStart, windowEnd, zone);
        var carol = shifts.Single(s => s.User == "carol");
        Assert.Equal(5.0, carol.Duration.TotalHours);
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromHours(1)), (carol.Start.Offset, carol.End.Offset));
    }
}
