using System;
using System.Linq;
using OnCall.Engine.Providers.VictorOps;
using OnCall.Engine.Providers.VictorOps.Schedules;

using OnCall.Engine.Text;

namespace OnCall.Engine.Tests.Providers.VictorOps;

public sealed class VictorOpsHelperTests
{
    private static readonly DateTimeOffset Today = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Ops", "ops", true)]
    [InlineData("Ops-East", "ops*", true)]
    [InlineData("team-Z3scfG2gh0qF3QsL", "TEAM-*", true)]
    [InlineData("abc", "a?c", true)]
    [InlineData("abc", "a?", false)]
    [InlineData("abcde", "*c*e", true)]
    [InlineData("abcde", "*c*d", false)]
    [InlineData("", "*", true)]
    [InlineData("x", "", false)]
    public void Wildcard_matches_like_PowerShell_ignoring_case(string text, string pattern, bool expected) =>
        Assert.Equal(expected, Wildcard.IsMatch(text, pattern));

    [Fact]
    public void NameSuggestions_offers_prefixes_and_near_misses()
    {
        var names = new[] { "Example", "Faros", "Operations", "team-Z3scfG2gh0qF3QsL" };
        Assert.Contains("Faros", NameSuggestions.Closest("Farso", names));
        Assert.Contains("Operations", NameSuggestions.Closest("oper", names));
        Assert.Empty(NameSuggestions.Closest("zzzzzz", names));
    }

    [Theory]
    [InlineData(0, 7, new[] { 0 }, new[] { 7 })]
    [InlineData(0, 60, new[] { 0, 30 }, new[] { 30, 30 })]
    [InlineData(1, 50, new[] { 1, 31 }, new[] { 30, 19 })]
    [InlineData(0, 120, new[] { 0, 30, 60, 90 }, new[] { 30, 30, 30, 30 })]
    [InlineData(95, 120, new[] { 90 }, new[] { 30 })]
    [InlineData(80, 115, new[] { 80, 90 }, new[] { 30, 25 })]
    public void ScheduleWindow_splits_into_calls_the_API_allows(int fromDay, int toDay, int[] skips, int[] forwards)
    {
        var chunks = ScheduleWindow.Plan(Today.AddDays(fromDay), Today.AddDays(toDay), Today.AddHours(15));
        Assert.Equal(skips, chunks.Select(c => c.DaysSkip).ToArray());
        Assert.Equal(forwards, chunks.Select(c => c.DaysForward).ToArray());
        Assert.All(chunks, c => Assert.InRange(c.DaysSkip, 0, 90));
        Assert.All(chunks, c => Assert.InRange(c.DaysForward, 1, 30));
        Assert.True(chunks[^1].DaysSkip + chunks[^1].DaysForward >= toDay);
    }

    [Theory]
    [InlineData(-2, 121)]
    [InlineData(10, 121)]
    public void ScheduleWindow_refuses_what_the_API_cannot_reach(int fromDay, int toDay)
    {
        var error = Assert.Throws<OnCallException>(() => ScheduleWindow.Plan(Today.AddDays(fromDay), Today.AddDays(toDay), Today.AddHours(15)));
        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("WindowOutOfReach", error.Reason);
        Assert.Contains("90", error.Message);
        Assert.Contains("2026-07-08", error.Message); // today + 120 days: the limit, named
    }

    [Theory]
    [InlineData(-20, -3, new int[0])]
    [InlineData(-20, 3, new[] { 0 })]
    public void ScheduleWindow_leaves_the_past_to_the_on_call_log(int fromDay, int toDay, int[] skips)
    {
        var chunks = ScheduleWindow.Plan(Today.AddDays(fromDay), Today.AddDays(toDay), Today.AddHours(15));
        Assert.Equal(skips, chunks.Select(c => c.DaysSkip).ToArray());
    }

    [Fact]
    public void ShiftStitcher_joins_seams_drops_duplicates_applies_overrides_and_clips()
    {
        var reading = new ScheduleReading();
        ShiftFragment F(string user, int fromHour, int toHour, int chunk) => new()
        {
            TeamSlug = "team-a", PolicySlug = "pol-a", PolicyName = "A", Rotation = "Primary", User = user,
            Start = Today.AddHours(fromHour), End = Today.AddHours(toHour), Chunk = chunk,
        };
        reading.Fragments.Add(F("ann", 0, 24, 0));
        reading.Fragments.Add(F("bob", 24, 48, 0));   // cut at the seam by call 0 ...
        reading.Fragments.Add(F("bob", 48, 72, 1));   // ... and continued by call 1
        reading.Fragments.Add(F("ann", 72, 96, 1));
        reading.Fragments.Add(F("ann", 72, 96, 1));   // the same roll twice
        reading.Fragments.Add(F("cat", 96, 120, 1));
        reading.Fragments.Add(F("cat", 120, 144, 1)); // back-to-back within one call: stays two shifts
        reading.Overrides.Add(new OverrideWindow("team-a", "pol-a", "bob", "zed", Today.AddHours(30), Today.AddHours(36)));

        var shifts = ShiftStitcher.Build(reading, Today.AddHours(12), Today.AddHours(132));

        Assert.Equal(
            new[] { "ann 12-24", "bob 24-30", "zed 30-36 (bob)", "bob 36-72", "ann 72-96", "cat 96-120", "cat 120-132" },
            shifts.Select(s => $"{s.User} {(s.Start - Today).TotalHours}-{(s.End - Today).TotalHours}{(s.IsOverride ? " (" + s.OriginalUser + ")" : string.Empty)}").ToArray());
    }

    [Fact]
    public void ShiftStitcher_writes_every_time_of_a_shift_in_the_offsets_of_its_roll()
    {
        // The roll is in New York time; the window and the override come in UTC, as the cmdlet and the API give them.
        var newYork = TimeSpan.FromHours(-5);
        var reading = new ScheduleReading();
        reading.Fragments.Add(new ShiftFragment
        {
            TeamSlug = "team-a", PolicySlug = "pol-a", PolicyName = "A", Rotation = "Primary", User = "ann",
            Start = new DateTimeOffset(2026, 11, 23, 9, 0, 0, newYork), End = new DateTimeOffset(2026, 11, 30, 9, 0, 0, newYork),
        });
        reading.Overrides.Add(new OverrideWindow("team-a", "pol-a", "ann", "zed", new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero)));

        var shifts = ShiftStitcher.Build(reading, new DateTimeOffset(2026, 11, 24, 17, 52, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 17, 52, 0, TimeSpan.Zero));

        Assert.Equal(
            new[] { "ann 2026-11-24T12:52:00-05:00 2026-11-25T09:00:00-05:00", "zed 2026-11-25T09:00:00-05:00 2026-11-26T09:00:00-05:00", "ann 2026-11-26T09:00:00-05:00 2026-11-28T12:52:00-05:00" },
            shifts.Select(s => $"{s.User} {s.Start:yyyy-MM-ddTHH:mm:sszzz} {s.End:yyyy-MM-ddTHH:mm:sszzz}").ToArray());
        Assert.All(shifts, s => Assert.Equal((newYork, newYork), (s.OriginalStart.Offset, s.OriginalEnd.Offset)));
    }
}
