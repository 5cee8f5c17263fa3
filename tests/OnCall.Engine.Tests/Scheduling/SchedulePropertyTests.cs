using System;
using System.Collections.Generic;
using System.Linq;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

/// <summary>Random rotations and windows from a fixed seed: the invariants must hold for all of them.</summary>
public sealed class SchedulePropertyTests
{
    private static readonly string[] Zones =
    {
        "UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Adelaide", "Asia/Kolkata",
        "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "Asia/Kathmandu", "America/Santiago",
    };

    private static readonly string[] People = { "alice", "bob", "carol", "dave", "erin" };

    private static DateTimeOffset RandomInstant(Random random, DateTimeOffset from, TimeSpan range) =>
        from.AddMinutes(random.Next(0, (int)range.TotalMinutes) / 15 * 15);

    private static ShiftLength RandomLength(Random random) => random.Next(4) switch
    {
        0 => ShiftLength.Days(random.Next(1, 4)),
        1 => ShiftLength.Weeks(random.Next(1, 3)),
        2 => ShiftLength.FromDuration(TimeSpan.FromMinutes(random.Next(1, 60 * 72))),
        _ => ShiftLength.FromDuration(TimeSpan.FromHours(random.Next(1, 49))),
    };

    private static ShiftRotation RandomRotation(Random random, string zone, DateTimeOffset start)
    {
        var members = People.Take(random.Next(1, People.Length + 1)).OrderBy(_ => random.Next()).ToArray();
        return new ShiftRotation(start, RandomLength(random), members, zone);
    }

    private static ScheduleDefinition RandomSchedule(Random random, string zone, DateTimeOffset anchor)
    {
        var layers = new List<ScheduleLayer>();
        var layerCount = random.Next(1, 4);
        for (var i = 0; i < layerCount; i++)
        {
            var restrictions = new List<TimeRestriction>();
            if (i > 0 || random.Next(3) == 0)
            {
                for (var r = random.Next(1, 4); r > 0; r--)
                {
                    restrictions.Add(new TimeRestriction(
                        (DayOfWeek)random.Next(7), TimeSpan.FromMinutes(random.Next(0, 24 * 4) * 15), (DayOfWeek)random.Next(7), TimeSpan.FromMinutes(random.Next(0, 24 * 4) * 15)));
                }
            }

            var layerZone = random.Next(4) == 0 ? Zones[random.Next(Zones.Length)] : zone;
            var start = RandomInstant(random, anchor.AddDays(-20), TimeSpan.FromDays(40));
            DateTimeOffset? end = random.Next(4) == 0 ? start.AddDays(random.Next(1, 90)) : null;
            layers.Add(new ScheduleLayer("layer" + i, RandomRotation(random, layerZone, start), restrictions, endDate: end));
        }

        var overrides = new List<ScheduleOverride>();
        for (var o = random.Next(0, 6); o > 0; o--)
        {
            var start = RandomInstant(random, anchor, TimeSpan.FromDays(60));
            overrides.Add(new ScheduleOverride(People[random.Next(People.Length)], start, start.AddMinutes(random.Next(1, 60 * 24 * 5))));
        }

        return new ScheduleDefinition(zone, layers, overrides);
    }

    /// <summary>Joins what a window split apart, with the same rule as the renderer.</summary>
    private static List<Shift> Concatenate(IEnumerable<IReadOnlyList<Shift>> parts)
    {
        var joined = new List<Shift>();
        foreach (var shift in parts.SelectMany(p => p))
        {
            var last = joined.Count > 0 ? joined[^1] : null;
            if (last is not null && last.End == shift.Start && last.User == shift.User && last.IsOverride == shift.IsOverride)
            {
                last.End = shift.End;
            }
            else
            {
                joined.Add(new Shift { User = shift.User, Start = shift.Start, End = shift.End, IsOverride = shift.IsOverride, OriginalUser = shift.OriginalUser });
            }
        }

        return joined;
    }

    [Fact]
    public void A_fully_covered_window_is_tiled_exactly_by_one_rotation()
    {
        var random = new Random(20260401);
        for (var run = 0; run < 300; run++)
        {
            var zone = Zones[random.Next(Zones.Length)];
            var rotationStart = RandomInstant(random, Utc(2024, 1, 1), TimeSpan.FromDays(900));
            var schedule = ScheduleDefinition.FromRotation(RandomRotation(random, zone, rotationStart));
            var windowStart = RandomInstant(random, rotationStart, TimeSpan.FromDays(400));
            var windowEnd = RandomInstant(random, windowStart.AddMinutes(1), TimeSpan.FromDays(random.Next(1, 120)));

            var shifts = schedule.Render(windowStart, windowEnd);

            AssertWellFormed(shifts, windowStart, windowEnd, zone);
            Assert.Equal(windowStart, shifts[0].Start);
            Assert.Equal(windowEnd, shifts[^1].End);
            for (var i = 1; i < shifts.Count; i++)
            {
                Assert.Equal(shifts[i - 1].End, shifts[i].Start);
            }
        }
    }

    [Fact]
    public void Rendering_a_window_in_pieces_equals_rendering_it_whole()
    {
        var random = new Random(4242);
        for (var run = 0; run < 200; run++)
        {
            var zone = Zones[random.Next(Zones.Length)];
            var anchor = RandomInstant(random, Utc(2025, 1, 1), TimeSpan.FromDays(1400));
            var schedule = RandomSchedule(random, zone, anchor);
            var windowStart = RandomInstant(random, anchor.AddDays(-10), TimeSpan.FromDays(30));
            var windowEnd = RandomInstant(random, windowStart.AddMinutes(1), TimeSpan.FromDays(random.Next(1, 90)));

            // Merged: a window's edge cuts a turn in two, which only merging joins back.
            var whole = schedule.Render(windowStart, windowEnd, merge: true);
            AssertWellFormed(whole, windowStart, windowEnd, zone, merged: true);

            var cuts = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => RandomInstant(random, windowStart, windowEnd - windowStart))
                .Append(windowStart).Append(windowEnd)
                .Distinct().OrderBy(t => t).ToList();
            var pieces = new List<IReadOnlyList<Shift>>();
            for (var i = 1; i < cuts.Count; i++)
            {
                var piece = schedule.Render(cuts[i - 1], cuts[i], merge: true);
                AssertWellFormed(piece, cuts[i - 1], cuts[i], zone, merged: true);
                pieces.Add(piece);
            }

            Assert.Equal(
                whole.Select(s => (s.User, s.Start, s.End, s.IsOverride)),
                Concatenate(pieces).Select(s => (s.User, s.Start, s.End, s.IsOverride)));
        }
    }

    [Fact]
    public void Per_turn_shifts_joined_are_the_merged_shifts_and_each_ends_at_a_hand_off_or_an_edge()
    {
        var random = new Random(1010);
        for (var run = 0; run < 200; run++)
        {
            var zone = Zones[random.Next(Zones.Length)];
            var anchor = RandomInstant(random, Utc(2025, 1, 1), TimeSpan.FromDays(1400));
            var schedule = RandomSchedule(random, zone, anchor);
            var windowStart = RandomInstant(random, anchor.AddDays(-10), TimeSpan.FromDays(30));
            var windowEnd = RandomInstant(random, windowStart.AddMinutes(1), TimeSpan.FromDays(random.Next(1, 90)));

            var perTurn = schedule.Render(windowStart, windowEnd);
            var merged = schedule.Render(windowStart, windowEnd, merge: true);
            AssertWellFormed(perTurn, windowStart, windowEnd, zone);
            Assert.True(perTurn.Count >= merged.Count);
            Assert.Equal(
                merged.Select(s => (s.User, s.Start, s.End, s.IsOverride)),
                Concatenate(new[] { perTurn }).Select(s => (s.User, s.Start, s.End, s.IsOverride)));

            // A per-turn shift of a layer that runs on with the same person ends at one of its hand-offs.
            var handoffs = schedule.Layers.SelectMany(l => l.Rotation.GetShifts(windowStart, windowEnd, allowLongWindow: true)).Select(s => s.Start).ToHashSet();
            for (var i = 1; i < perTurn.Count; i++)
            {
                var (previous, shift) = (perTurn[i - 1], perTurn[i]);
                if (previous.End == shift.Start && previous.User == shift.User && previous.IsOverride == shift.IsOverride && !shift.IsOverride && previous.Rotation == shift.Rotation)
                {
                    Assert.Contains(shift.Start, handoffs);
                }
            }
        }
    }

    [Fact]
    public void Who_is_on_call_at_any_instant_agrees_with_the_render()
    {
        var random = new Random(777);
        for (var run = 0; run < 150; run++)
        {
            var zone = Zones[random.Next(Zones.Length)];
            var anchor = RandomInstant(random, Utc(2025, 1, 1), TimeSpan.FromDays(1400));
            var schedule = RandomSchedule(random, zone, anchor);
            var windowStart = anchor.AddDays(-5);
            var windowEnd = anchor.AddDays(65);
            var shifts = schedule.Render(windowStart, windowEnd);

            for (var probe = 0; probe < 60; probe++)
            {
                var at = windowStart.AddMinutes(random.Next(0, (int)(windowEnd - windowStart).TotalMinutes));
                var rendered = shifts.FirstOrDefault(s => s.Start <= at && at < s.End);
                var direct = schedule.WhoIsOnCall(at);
                Assert.Equal(rendered?.User, direct?.User);
                Assert.Equal(rendered?.IsOverride, direct?.IsOverride);
            }

            // Handoff instants are where off-by-one mistakes live.
            foreach (var shift in shifts)
            {
                Assert.Equal(shift.User, schedule.WhoIsOnCall(shift.Start)?.User);
            }
        }
    }
}
