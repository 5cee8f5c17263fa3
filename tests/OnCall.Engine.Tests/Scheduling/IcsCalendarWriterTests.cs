using System;
using System.Linq;
using System.Text;
using Ical.Net;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class IcsCalendarWriterTests
{
    private static readonly DateTimeOffset Stamp = Utc(2026, 3, 1, 12);

    private static ScheduleDefinition BerlinSchedule()
    {
        var rotation = new ShiftRotation(Local("Europe/Berlin", 2026, 3, 25, 9), ShiftLength.Days(1), new[] { "alice", "bob" }, "Europe/Berlin", name: "primary");
        var schedule = ScheduleDefinition.FromRotation(rotation, new[] { new ScheduleOverride("carol", Local("Europe/Berlin", 2026, 3, 30, 12), Local("Europe/Berlin", 2026, 3, 30, 18)) });
        schedule.Provider = OnCallProvider.Datadog;
        schedule.Connection = "prod";
        schedule.Team = "ops";
        schedule.Schedule = "Primary";
        return schedule;
    }

    [Fact]
    public void Events_parse_back_with_the_same_times_summaries_and_uids()
    {
        var shifts = BerlinSchedule().Render(Local("Europe/Berlin", 2026, 3, 25, 9), Local("Europe/Berlin", 2026, 4, 2, 9));
        var text = IcsCalendarWriter.ToText(shifts, new CalendarExportOptions { Timestamp = Stamp, CalendarName = "ops, on call" });

        var calendar = Calendar.Load(text)!;
        var events = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();

        Assert.Equal(shifts.Count, events.Count);
        for (var i = 0; i < shifts.Count; i++)
        {
            Assert.Equal(shifts[i].Start.UtcDateTime, events[i].DtStart!.AsUtc);
            Assert.Equal(shifts[i].End.UtcDateTime, events[i].DtEnd!.AsUtc);
            Assert.Equal($"On call: {shifts[i].User} (team ops)", events[i].Summary);
            Assert.Equal(IcsCalendarWriter.UidFor(shifts[i]), events[i].Uid);
            Assert.Equal("Europe/Berlin", events[i].DtStart!.TzId);
        }

        Assert.Equal(shifts.Count, events.Select(e => e.Uid).Distinct().Count());
        Assert.Contains(events, e => e.Description!.Contains("Override for bob", StringComparison.Ordinal));
        Assert.Single(calendar.TimeZones);
        Assert.Contains("X-WR-CALNAME:ops\\, on call\r\n", text, StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:20260301T120000Z\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_timezone_block_describes_the_spring_forward_transition_in_range()
    {
        var shifts = BerlinSchedule().Render(Local("Europe/Berlin", 2026, 3, 25, 9), Local("Europe/Berlin", 2026, 4, 2, 9));
        var text = IcsCalendarWriter.ToText(shifts, new CalendarExportOptions { Timestamp = Stamp });

        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n", text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20260329T090000\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Uids_are_stable_across_exports_and_differ_between_connections()
    {
        var first = BerlinSchedule().Render(Utc(2026, 3, 26), Utc(2026, 3, 28));
        var again = BerlinSchedule().Render(Utc(2026, 3, 20), Utc(2026, 4, 28));
        var startsTogether = again.Single(s => s.Start == first[1].Start);

        Assert.Equal(IcsCalendarWriter.UidFor(first[1]), IcsCalendarWriter.UidFor(startsTogether));
        var otherConnection = BerlinSchedule();
        otherConnection.Connection = "staging";
        Assert.NotEqual(IcsCalendarWriter.UidFor(first[1]), IcsCalendarWriter.UidFor(otherConnection.Render(Utc(2026, 3, 26), Utc(2026, 3, 28))[1]));
    }

    [Fact]
    public void Whole_shifts_keep_their_uids_when_the_export_window_moves()
    {
        var schedule = BerlinSchedule();
        var monday = schedule.RenderWholeShifts(Local("Europe/Berlin", 2026, 3, 26, 15), Local("Europe/Berlin", 2026, 3, 29, 15));
        var tuesday = schedule.RenderWholeShifts(Local("Europe/Berlin", 2026, 3, 27, 15), Local("Europe/Berlin", 2026, 3, 30, 15));

        Assert.Equal(Local("Europe/Berlin", 2026, 3, 26, 9), monday[0].Start);
        Assert.Equal(Local("Europe/Berlin", 2026, 3, 30, 9), monday[^1].End);
        var shared = monday.Select(IcsCalendarWriter.UidFor).Intersect(tuesday.Select(IcsCalendarWriter.UidFor)).Count();
        Assert.Equal(3, shared);
    }

    [Fact]
    public void Shifts_without_a_zone_are_written_in_utc()
    {
        var shift = new Shift { User = "alice", Schedule = "nightly", Start = new DateTimeOffset(2026, 5, 1, 22, 0, 0, TimeSpan.FromHours(2)), End = new DateTimeOffset(2026, 5, 2, 6, 0, 0, TimeSpan.FromHours(2)) };
        var text = IcsCalendarWriter.ToText(new[] { shift }, new CalendarExportOptions { Timestamp = Stamp });

        Assert.DoesNotContain("VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260501T200000Z\r\n", text, StringComparison.Ordinal);
        var parsed = Calendar.Load(text)!.Events.Single();
        Assert.Equal(new DateTime(2026, 5, 2, 4, 0, 0, DateTimeKind.Utc), parsed.DtEnd!.AsUtc);
        Assert.Equal("On call: alice (schedule nightly)", parsed.Summary);
    }

    [Fact]
    public void The_second_occurrence_of_a_repeated_hour_is_written_in_utc_to_stay_exact()
    {
        var secondOneThirty = new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-5));
        var shift = new Shift { User = "alice", TimeZone = "America/New_York", Start = secondOneThirty, End = secondOneThirty.AddHours(8) };
        var text = IcsCalendarWriter.ToText(new[] { shift }, new CalendarExportOptions { Timestamp = Stamp });

        Assert.Contains("DTSTART:20261101T063000Z\r\n", text, StringComparison.Ordinal);
        Assert.Equal(secondOneThirty.UtcDateTime, Calendar.Load(text)!.Events.Single().DtStart!.AsUtc);
    }

    [Fact]
    public void Text_is_escaped_and_long_lines_fold_at_75_octets_without_splitting_characters()
    {
        var team = "ops; night, \\ \"crew\"\nsecond line " + string.Concat(Enumerable.Repeat("Zürich-Łódź-東京-🙂 ", 12));
        var shift = new Shift { User = "alice", Team = team, TimeZone = "Asia/Kolkata", Start = Utc(2026, 1, 1), End = Utc(2026, 1, 2) };
        var text = IcsCalendarWriter.ToText(new[] { shift }, new CalendarExportOptions { Timestamp = Stamp });

        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var line in text.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line);
            Assert.DoesNotContain('\uFFFD', line);
        }

        Assert.Contains("ops\\; night\\, \\\\ \"crew\"\\nsecond line", text.Replace("\r\n ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var parsed = Calendar.Load(text)!.Events.Single();
        Assert.Equal("On call: alice (team " + team + ")", parsed.Summary);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), parsed.DtStart!.AsUtc);
    }

    [Theory]
    [InlineData("Australia/Sydney")]
    [InlineData("Australia/Adelaide")]
    [InlineData("America/New_York")]
    public void A_year_of_shifts_round_trips_through_Ical_Net_in_dst_zones(string zone)
    {
        var rotation = new ShiftRotation(Local(zone, 2026, 1, 1, 8), ShiftLength.Days(3), new[] { "alice", "bob", "carol" }, zone);
        var schedule = ScheduleDefinition.FromRotation(rotation);
        schedule.Team = "ops";
        var shifts = schedule.Render(Local(zone, 2026, 1, 1), Local(zone, 2027, 1, 1));
        var events = Calendar.Load(IcsCalendarWriter.ToText(shifts, new CalendarExportOptions { Timestamp = Stamp }))!.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();

        Assert.Equal(shifts.Select(s => (s.Start.UtcDateTime, s.End.UtcDateTime)), events.Select(e => (e.DtStart!.AsUtc, e.DtEnd!.AsUtc)));
    }
}
