using System.Management.Automation;
using Ical.Net;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>The cmdlets that work on shifts from any vendor, fed shifts built once in the class's runspace.</summary>
public sealed class ShiftCmdletTests : IClassFixture<ShiftCmdletTests.Shifts>, IDisposable
{
    // Three days of a week in Berlin: alice, a gap of two hours, bob, then carol (a weekend night).
    private const string MakeShifts = """
        function New-TestShift($user, $start, $end, $team = 'ops') {
            [OnCall.Shift]@{ User = $user; Start = [DateTimeOffset]::Parse($start); End = [DateTimeOffset]::Parse($end); Team = $team; Schedule = 'primary'; TimeZone = 'Europe/Berlin'; Provider = 'VictorOps'; Connection = 'vo' }
        }
        $shifts = @(
            New-TestShift alice '2026-03-27T09:00:00+01:00' '2026-03-28T09:00:00+01:00'
            New-TestShift bob   '2026-03-28T11:00:00+01:00' '2026-03-29T09:00:00+02:00'
            New-TestShift carol '2026-03-29T09:00:00+02:00' '2026-03-30T09:00:00+02:00'
        )
        """;

    private readonly PowerShellSession _session;
    private readonly string _directory = Directory.CreateTempSubdirectory("oncall-ics-").FullName;

    public ShiftCmdletTests(Shifts shifts) => _session = shifts.Session;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The runspace with $shifts made.</summary>
    public sealed class Shifts : ModuleSessionFixture
    {
        public Shifts() => Session.RunOk(MakeShifts);
    }

    [Fact]
    public void Export_writes_a_calendar_that_parses_back_with_one_event_per_shift_and_stable_uids()
    {
        var path = Path.Combine(_directory, "ops.ics");
        _session.RunOk("$shifts | Export-OnCallCalendar -Path $args[0] -CalendarName 'Ops on call'", path);
        var first = File.ReadAllText(path);
        _session.RunOk("$shifts | Export-OnCallCalendar -Path $args[0] -CalendarName 'Ops on call'", path);
        var second = File.ReadAllText(path);

        var calendar = Calendar.Load(first)!;
        Assert.Equal(3, calendar.Events.Count);
        Assert.Equal(
            calendar.Events.Select(e => e.Uid).OrderBy(u => u),
            Calendar.Load(second)!.Events.Select(e => e.Uid).OrderBy(u => u));
        var alice = calendar.Events.Single(e => e.Summary!.Contains("alice"));
        Assert.Equal(new DateTime(2026, 3, 27, 8, 0, 0, DateTimeKind.Utc), alice.Start!.AsUtc);
        Assert.Contains("\r\n", first);
        Assert.Contains("Europe/Berlin", first);
    }

    [Fact]
    public void Export_without_a_path_writes_the_text_and_WhatIf_writes_no_file()
    {
        var text = _session.RunOk("$shifts | Export-OnCallCalendar").Single().ToString()!;
        Assert.StartsWith("BEGIN:VCALENDAR", text);

        var path = Path.Combine(_directory, "whatif.ics");
        _session.RunOk("$shifts | Export-OnCallCalendar -Path $args[0] -WhatIf", path);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Coverage_finds_the_gap_and_says_nothing_when_coverage_is_complete()
    {
        var gaps = _session.RunOk("$shifts | Test-OnCallCoverage");
        var gap = Assert.Single(gaps);
        Assert.Equal("OnCall.CoverageGap", gap.TypeNames[0]);
        Assert.Equal(TimeSpan.FromHours(2), gap.Properties["Duration"].Value);
        Assert.Equal("ops", gap.Properties["Team"].Value);

        Assert.Empty(_session.RunOk("$shifts | Test-OnCallCoverage -MinimumGap '03:00:00'"));
        Assert.Empty(_session.RunOk("$shifts[2] | Test-OnCallCoverage"));
    }

    [Fact]
    public void Coverage_over_a_window_that_ends_before_it_starts_is_a_clear_error()
    {
        var result = _session.Run("$shifts | Test-OnCallCoverage -Start '2026-03-30' -End '2026-03-27'");
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OnCall.Module.InvalidWindow,OnCall.Cmdlets.Shifts.TestOnCallCoverageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Load_counts_hours_nights_and_weekends_per_person()
    {
        var loads = _session.RunOk("$shifts | Measure-OnCallLoad");
        Assert.Equal(3, loads.Count);
        var carol = loads.Single(l => (string)l.Properties["User"].Value == "carol");
        Assert.Equal(24.0, (double)carol.Properties["TotalHours"].Value, 3);
        Assert.Equal(15.0, (double)carol.Properties["WeekendHours"].Value, 3); // Sunday 09:00 to midnight; Monday is a weekday
        Assert.Equal(9.0, (double)carol.Properties["NightHours"].Value, 3);
        var bob = loads.Single(l => (string)l.Properties["User"].Value == "bob");
        Assert.Equal(21.0, (double)bob.Properties["TotalHours"].Value, 3);
    }

    [Fact]
    public void An_unknown_time_zone_is_a_clear_error_naming_it()
    {
        var error = Assert.Single(_session.Run("$shifts | Measure-OnCallLoad -TimeZone 'Mars/Olympus'").AllErrors);
        Assert.Contains("Mars/Olympus", error.Exception.Message);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void A_broken_shift_in_the_pipeline_is_reported_and_the_others_still_count()
    {
        var result = _session.Run("@($shifts[0], (New-TestShift dave '2026-03-28T09:00:00Z' '2026-03-27T09:00:00Z'), $shifts[1]) | Measure-OnCallLoad");
        var error = Assert.Single(result.AllErrors);
        Assert.EndsWith("InvalidShift,OnCall.Cmdlets.Shifts.MeasureOnCallLoadCommand", error.FullyQualifiedErrorId);
        Assert.Equal(2, result.Output.Count);
    }
}
