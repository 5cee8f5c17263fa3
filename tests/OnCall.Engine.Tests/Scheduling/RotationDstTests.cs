using System;
using System.Linq;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class RotationDstTests
{
    private static readonly string[] Team = { "alice", "bob", "carol" };

    private static ShiftRotation Daily(string zone, DateTimeOffset start, params string[] members) =>
        new(start, ShiftLength.Days(1), members.Length == 0 ? Team : members, zone, name: "daily");

    [Theory]
    // zone, spring-forward day (local), fall-back day (local)
    [InlineData("Europe/Berlin", 2026, 3, 29, 2026, 10, 25)]
    [InlineData("America/New_York", 2026, 3, 8, 2026, 11, 1)]
    [InlineData("Australia/Sydney", 2026, 10, 4, 2026, 4, 5)]
    [InlineData("Australia/Adelaide", 2026, 10, 4, 2026, 4, 5)]
    public void Daily_handoff_stays_at_the_same_local_time_across_both_changes(string zone, int sy, int sm, int sd, int fy, int fm, int fd)
    {
        foreach (var (year, month, day, expectedHours) in new[] { (sy, sm, sd, 23.0), (fy, fm, fd, 25.0) })
        {
            var changeDay = new DateTime(year, month, day);
            var start = Local(zone, 2026, 1, 1, 9);
            var rotation = Daily(zone, start);
            var windowStart = Local(zone, changeDay.AddDays(-3).Year, changeDay.AddDays(-3).Month, changeDay.AddDays(-3).Day);
            var windowEnd = Local(zone, changeDay.AddDays(3).Year, changeDay.AddDays(3).Month, changeDay.AddDays(3).Day);
            var shifts = ScheduleDefinition.FromRotation(rotation).Render(windowStart, windowEnd);

            AssertWellFormed(shifts, windowStart, windowEnd, zone);
            foreach (var shift in shifts.Skip(1))
            {
                Assert.Equal(new TimeSpan(9, 0, 0), shift.Start.TimeOfDay);
            }

            // The shift that starts at 09:00 the day before the change lasts 23 h (spring) or 25 h (autumn).
            var across = shifts.Single(s => s.Start.Date == changeDay.AddDays(-1));
            Assert.Equal(expectedHours, across.Duration.TotalHours);
            Assert.All(shifts.Where(s => s != across && s != shifts[0] && s != shifts[^1]), s => Assert.Equal(24.0, s.Duration.TotalHours));
        }
    }

    [Fact]
    public void Berlin_daily_handoff_at_nine_is_nine_on_both_sides_of_spring_forward()
    {
        var rotation = Daily("Europe/Berlin", Local("Europe/Berlin", 2026, 3, 27, 9), "alice", "bob");
        var shifts = rotation.GetShifts(Local("Europe/Berlin", 2026, 3, 27, 9), Local("Europe/Berlin", 2026, 3, 31, 9));

        Assert.Equal(
            new[]
            {
                ("alice", "2026-03-27T09:00:00+01:00", "2026-03-28T09:00:00+01:00"),
                ("bob", "2026-03-28T09:00:00+01:00", "2026-03-29T09:00:00+02:00"),
                ("alice", "2026-03-29T09:00:00+02:00", "2026-03-30T09:00:00+02:00"),
                ("bob", "2026-03-30T09:00:00+02:00", "2026-03-31T09:00:00+02:00"),
            },
            shifts.Select(s => (s.User, s.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz"), s.End.ToString("yyyy-MM-dd'T'HH:mm:sszzz"))).ToArray());
    }

    [Fact]
    public void A_handoff_inside_the_spring_forward_gap_moves_forward_by_the_gap_and_returns_the_next_day()
    {
        const string zone = "Europe/Berlin";
        var rotation = Daily(zone, Local(zone, 2026, 3, 27, 2, 30), "alice", "bob");
        var shifts = ScheduleDefinition.FromRotation(rotation).Render(Local(zone, 2026, 3, 28), Local(zone, 2026, 3, 31));

        var starts = shifts.Select(s => s.Start.ToString("MM-dd HH:mm zzz")).ToArray();
        Assert.Equal(new[] { "03-28 00:00 +01:00", "03-28 02:30 +01:00", "03-29 03:30 +02:00", "03-30 02:30 +02:00" }, starts);
    }

    [Fact]
    public void A_handoff_in_the_repeated_fall_back_hour_uses_the_first_occurrence()
    {
        const string zone = "America/New_York";
        var rotation = Daily(zone, Local(zone, 2026, 10, 30, 1, 30), "alice", "bob");
        var shifts = rotation.GetShifts(Local(zone, 2026, 10, 31, 12), Local(zone, 2026, 11, 3));

        var handoff = shifts.Single(s => s.Start.Day == 1 && s.Start.Month == 11);
        Assert.Equal(TimeSpan.FromHours(-4), handoff.Start.Offset);
        Assert.Equal(new TimeSpan(1, 30, 0), handoff.Start.TimeOfDay);
        Assert.Equal(25.0, handoff.Duration.TotalHours);
    }

    [Fact]
    public void Fixed_twelve_hour_shifts_stay_twelve_hours_and_drift_in_local_time_across_a_change()
    {
        const string zone = "Australia/Sydney";
        var rotation = new ShiftRotation(Local(zone, 2026, 4, 1, 8), ShiftLength.FromDuration(TimeSpan.FromHours(12)), Team, zone);
        var shifts = rotation.GetShifts(Local(zone, 2026, 4, 1, 8), Local(zone, 2026, 4, 8, 7));

        Assert.All(shifts.Take(shifts.Count - 1), s => Assert.Equal(12.0, s.Duration.TotalHours));
        Assert.Equal(new TimeSpan(8, 0, 0), shifts.First(s => s.Start.Day == 4).Start.TimeOfDay);
        Assert.Equal(new TimeSpan(7, 0, 0), shifts.First(s => s.Start.Day == 6).Start.TimeOfDay);
        Assert.Equal(TimeSpan.FromHours(10), shifts[^1].Start.Offset);
    }

    [Fact]
    public void Weekly_rotation_in_Adelaide_keeps_monday_ten_thirty_offset_and_half_hour_offsets()
    {
        const string zone = "Australia/Adelaide";
        var rotation = new ShiftRotation(Local(zone, 2026, 9, 14, 10), ShiftLength.Weeks(1), Team, zone);
        var shifts = rotation.GetShifts(Local(zone, 2026, 9, 14, 10), Local(zone, 2026, 10, 12, 10));

        Assert.Equal(4, shifts.Count);
        Assert.All(shifts, s => Assert.Equal(DayOfWeek.Monday, s.Start.DayOfWeek));
        Assert.All(shifts, s => Assert.Equal(new TimeSpan(10, 0, 0), s.Start.TimeOfDay));
        Assert.Equal(new TimeSpan(9, 30, 0), shifts[0].Start.Offset);
        Assert.Equal(new TimeSpan(10, 30, 0), shifts[3].Start.Offset);
        Assert.Equal(167.0, shifts[2].Duration.TotalHours);
        Assert.Equal(new[] { "alice", "bob", "carol", "alice" }, shifts.Select(s => s.User));
    }

    [Fact]
    public void Kolkata_has_a_half_hour_offset_and_no_dst()
    {
        const string zone = "Asia/Kolkata";
        var rotation = Daily(zone, Local(zone, 2026, 1, 1, 9, 30));
        var windowStart = Local(zone, 2026, 3, 1);
        var windowEnd = Local(zone, 2026, 11, 30);
        var shifts = ScheduleDefinition.FromRotation(rotation).Render(windowStart, windowEnd);

        AssertWellFormed(shifts, windowStart, windowEnd, zone);
        Assert.All(shifts, s => Assert.Equal(new TimeSpan(5, 30, 0), s.Start.Offset));
        Assert.All(shifts.Skip(1).Take(shifts.Count - 2), s => Assert.Equal(24.0, s.Duration.TotalHours));
    }

    [Theory]
    [InlineData(2028)]
    [InlineData(2024)]
    public void Leap_days_are_ordinary_days_in_a_daily_rotation(int year)
    {
        const string zone = "Europe/London";
        var rotation = Daily(zone, Local(zone, year, 2, 27, 9));
        var shifts = rotation.GetShifts(Local(zone, year, 2, 27, 9), Local(zone, year, 3, 2, 9));

        Assert.Equal(new[] { 27, 28, 29, 1 }, shifts.Select(s => s.Start.Day));
        Assert.Equal(new[] { "alice", "bob", "carol", "alice" }, shifts.Select(s => s.User));
    }

    [Fact]
    public void A_weekly_rotation_starting_on_a_leap_day_keeps_its_weekday_for_years()
    {
        const string zone = "America/New_York";
        var start = Local(zone, 2024, 2, 29, 9);
        var rotation = new ShiftRotation(start, ShiftLength.Weeks(1), Team, zone);
        var shifts = rotation.GetShifts(Local(zone, 2028, 2, 20), Local(zone, 2028, 3, 10));

        Assert.All(shifts.Skip(1), s => Assert.Equal(DayOfWeek.Thursday, s.Start.DayOfWeek));
        Assert.All(shifts.Skip(1), s => Assert.Equal(new TimeSpan(9, 0, 0), s.Start.TimeOfDay));
        var weeks = (int)Math.Round((shifts[1].Start - start).TotalDays / 7);
        Assert.Equal(Team[weeks % 3], shifts[1].User);
    }

    [Fact]
    public void A_window_starting_mid_shift_clips_the_first_shift_and_keeps_its_person()
    {
        const string zone = "Europe/Berlin";
        var rotation = Daily(zone, Local(zone, 2026, 5, 4, 9));
        var shifts = ScheduleDefinition.FromRotation(rotation).Render(Local(zone, 2026, 5, 5, 15), Local(zone, 2026, 5, 6, 12));

        Assert.Equal(2, shifts.Count);
        Assert.Equal(("bob", Local(zone, 2026, 5, 5, 15), Local(zone, 2026, 5, 6, 9)), (shifts[0].User, shifts[0].Start, shifts[0].End));
        Assert.Equal(("carol", Local(zone, 2026, 5, 6, 9), Local(zone, 2026, 5, 6, 12)), (shifts[1].User, shifts[1].Start, shifts[1].End));
    }

    [Fact]
    public void A_one_member_rotation_renders_a_shift_per_day_at_local_nine_and_one_shift_merged()
    {
        const string zone = "Australia/Sydney";
        var rotation = Daily(zone, Local(zone, 2026, 1, 1, 9), "solo");
        var windowStart = Local(zone, 2026, 3, 1);
        var windowEnd = Local(zone, 2026, 5, 1);
        var perTurn = ScheduleDefinition.FromRotation(rotation).Render(windowStart, windowEnd);

        // 1 March 00:00 to 09:00, one turn per day to 1 May 09:00 (DST ends 5 April: still 09:00 local).
        Assert.Equal(62, perTurn.Count);
        Assert.All(perTurn.Skip(1), s => Assert.Equal(new TimeSpan(9, 0, 0), s.Start.TimeOfDay));
        Assert.Equal(TimeSpan.FromHours(25), perTurn.Single(s => s.Start == Local(zone, 2026, 4, 4, 9)).Duration);

        var shifts = ScheduleDefinition.FromRotation(rotation).Render(windowStart, windowEnd, merge: true);
        var only = Assert.Single(shifts);
        Assert.Equal(("solo", windowStart, windowEnd), (only.User, only.Start, only.End));
        Assert.Equal(TimeSpan.FromHours(11), only.Start.Offset);
        Assert.Equal(TimeSpan.FromHours(10), only.End.Offset);
    }

    [Fact]
    public void Nobody_is_on_call_before_the_start_or_after_the_end()
    {
        const string zone = "UTC";
        var rotation = new ShiftRotation(Utc(2026, 1, 10), ShiftLength.Days(1), Team, zone, end: Utc(2026, 1, 12, 6));
        var shifts = ScheduleDefinition.FromRotation(rotation).Render(Utc(2026, 1, 1), Utc(2026, 2, 1));

        Assert.Equal(Utc(2026, 1, 10), shifts[0].Start);
        Assert.Equal(Utc(2026, 1, 12, 6), shifts[^1].End);
        Assert.Equal(new[] { "alice", "bob", "carol" }, shifts.Select(s => s.User));
        Assert.Null(ScheduleDefinition.FromRotation(rotation).WhoIsOnCall(Utc(2026, 1, 9)));
    }

    [Fact]
    public void Rendered_shifts_carry_the_schedule_context_for_the_pipeline()
    {
        var schedule = ScheduleDefinition.FromRotation(Daily("Europe/Berlin", Utc(2026, 1, 1, 8)));
        schedule.Provider = OnCallProvider.Datadog;
        schedule.Connection = "prod";
        schedule.Team = "ops";
        schedule.Schedule = "Primary";
        schedule.ScheduleId = "abc-123";

        var shift = schedule.Render(Utc(2026, 1, 2), Utc(2026, 1, 3))[0];

        Assert.Equal((OnCallProvider.Datadog, "prod", "ops", "Primary", "abc-123", "Europe/Berlin", "daily"), (shift.Provider, shift.Connection, shift.Team, shift.Schedule, shift.ScheduleId, shift.TimeZone, shift.Rotation));
    }
}
