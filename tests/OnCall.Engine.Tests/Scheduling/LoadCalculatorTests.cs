using System;
using System.Linq;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class LoadCalculatorTests
{
    [Fact]
    public void A_week_of_daily_shifts_splits_total_night_and_weekend_hours_in_local_time()
    {
        const string zone = "Europe/Berlin";
        // Monday 2026-06-01 09:00, alice and bob alternate daily.
        var rotation = new ShiftRotation(Local(zone, 2026, 6, 1, 9), ShiftLength.Days(1), new[] { "alice", "bob" }, zone);
        var schedule = ScheduleDefinition.FromRotation(rotation);
        schedule.Team = "ops";
        var shifts = schedule.Render(Local(zone, 2026, 6, 1, 9), Local(zone, 2026, 6, 8, 9));

        var load = LoadCalculator.Measure(shifts);

        var alice = load.Single(l => l.User == "alice");
        var bob = load.Single(l => l.User == "bob");
        Assert.Equal((96.0, 4, 36.0), (alice.TotalHours, alice.ShiftCount, alice.NightHours));
        Assert.Equal((72.0, 3, 27.0), (bob.TotalHours, bob.ShiftCount, bob.NightHours));
        // Alice: Friday's shift runs 9 h into Saturday, Sunday's shift 15 h; Bob has Saturday 09:00 to Sunday 09:00.
        Assert.Equal(24.0, alice.WeekendHours);
        Assert.Equal(24.0, bob.WeekendHours);
        Assert.Equal("ops", alice.Team);
        Assert.Equal(96.0 / 168.0, alice.Share, 5);
        // Six handoffs in the week, each counted for the giver and the receiver.
        Assert.Equal(6, alice.Handoffs);
        Assert.Equal(6, bob.Handoffs);
        Assert.Equal("alice", load[0].User);
    }

    [Fact]
    public void Nights_follow_local_time_across_fall_back_in_Sydney()
    {
        const string zone = "Australia/Sydney";
        // Saturday 4 April 2026 12:00 to Sunday 5 April 12:00; clocks go back at 03:00 on Sunday.
        var shift = new Shift { User = "alice", TimeZone = zone, Start = Local(zone, 2026, 4, 4, 12), End = Local(zone, 2026, 4, 5, 12) };

        var load = Assert.Single(LoadCalculator.Measure(new[] { shift }));

        Assert.Equal(25.0, load.TotalHours);
        Assert.Equal(10.0, load.NightHours);
        Assert.Equal(25.0, load.WeekendHours);
        Assert.Equal((1, 0, 1.0), (load.ShiftCount, load.Handoffs, load.Share));
    }

    [Fact]
    public void Adjacent_pieces_count_as_one_shift_and_the_window_clips_hours()
    {
        var pieces = new[]
        {
            new Shift { User = "alice", Team = "ops", Start = Utc(2026, 1, 5, 0), End = Utc(2026, 1, 5, 12) },
            new Shift { User = "alice", Team = "ops", Start = Utc(2026, 1, 5, 12), End = Utc(2026, 1, 6, 0), IsOverride = true },
            new Shift { User = "alice", Team = "db", Start = Utc(2026, 1, 5, 6), End = Utc(2026, 1, 5, 18) },
        };

        var load = Assert.Single(LoadCalculator.Measure(pieces, new LoadOptions { Start = Utc(2026, 1, 5, 6), End = Utc(2026, 1, 6), NightStart = TimeSpan.FromHours(20), NightEnd = TimeSpan.FromHours(23) }));
        Assert.Equal((18.0, 1, 3.0, (string?)null), (load.TotalHours, load.ShiftCount, load.NightHours, load.Team));

        var perTeam = LoadCalculator.Measure(pieces, new LoadOptions { PerTeam = true });
        Assert.Equal(new[] { ("ops", 24.0, 1.0), ("db", 12.0, 1.0) }, perTeam.Select(l => (l.Team!, l.TotalHours, l.Share)));
    }

    [Fact]
    public void Shifts_without_a_zone_are_judged_in_their_own_offset_unless_a_zone_is_given()
    {
        var shift = new Shift { User = "alice", Start = new DateTimeOffset(2026, 1, 3, 22, 0, 0, TimeSpan.FromHours(-5)), End = new DateTimeOffset(2026, 1, 4, 7, 0, 0, TimeSpan.FromHours(-5)) };

        Assert.Equal((9.0, 9.0), (LoadCalculator.Measure(new[] { shift })[0].NightHours, LoadCalculator.Measure(new[] { shift })[0].WeekendHours));
        var inTokyo = LoadCalculator.Measure(new[] { shift }, new LoadOptions { TimeZone = "Asia/Tokyo" })[0];
        Assert.Equal((0.0, 9.0), (inTokyo.NightHours, inTokyo.WeekendHours));
        Assert.Equal("InvalidOption", Assert.Throws<OnCallException>(() => LoadCalculator.Measure(new[] { shift }, new LoadOptions { NightStart = TimeSpan.FromHours(25) })).Reason);
    }

    [Fact]
    public void Hours_are_rounded_to_two_decimals_and_shares_come_from_the_exact_durations()
    {
        // A window that starts "now" cuts the first shift at an odd tick: 0.39 s short of 21 days.
        var now = Utc(2026, 1, 5, 0).AddTicks(3_913_842);
        var shifts = new[]
        {
            new Shift { User = "alice", Team = "ops", Start = now, End = Utc(2026, 1, 26, 0) },
            new Shift { User = "bob", Team = "ops", Start = Utc(2026, 1, 26, 0), End = Utc(2026, 1, 26, 0).AddMinutes(20) },
        };

        var load = LoadCalculator.Measure(shifts);

        var alice = load.Single(l => l.User == "alice");
        var bob = load.Single(l => l.User == "bob");
        Assert.Equal((504.0, 0.33), (alice.TotalHours, bob.TotalHours));
        Assert.Equal(189.0, alice.NightHours);
        Assert.Equal(144.0, alice.WeekendHours);
        Assert.Equal(1.0, alice.Share + bob.Share, 6);
        Assert.Equal((504 * 3600 - 0.3913842) / (504 * 3600 + 1200 - 0.3913842), alice.Share, 6);
    }
}
