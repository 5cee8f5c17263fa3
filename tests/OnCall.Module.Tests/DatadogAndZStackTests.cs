using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>The same cmdlets on Datadog and ZStack: one surface, three vendors. One runspace connected to both for the class.</summary>
public sealed class DatadogAndZStackTests : IClassFixture<DatadogAndZStackFixture>
{
    private const string PlatformSchedule = "5c3e9b10-0000-4000-8000-00000000b001";

    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;

    public DatadogAndZStackTests(DatadogAndZStackFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
    }

    private static string Text(PSObject o, string property) => o.Properties[property].Value?.ToString() ?? string.Empty;

    [Fact]
    public void Datadog_schedules_render_into_shifts_with_no_gaps_in_a_weekly_rotation()
    {
        var shifts = _session.RunOk("Get-OnCallSchedule -Connection dd -Schedule $args[0] -Days 21", PlatformSchedule);
        Assert.NotEmpty(shifts);
        Assert.All(shifts, s => Assert.Equal("Datadog", Text(s, "Provider")));
        Assert.Empty(_session.RunOk("Get-OnCallSchedule -Connection dd -Schedule $args[0] -Days 21 | Test-OnCallCoverage -By Schedule", PlatformSchedule));
    }

    [Fact]
    public void Datadog_shifts_end_at_each_hand_off_and_Merge_joins_them_with_the_same_coverage_and_load()
    {
        // One person, daily hand-offs at 08:30:15Z, restricted to Mon 09:00 - Fri 17:00 New York: as the recorded schedules.
        lock (_emulator.Server.State.Sync)
        {
            var dd = _emulator.Server.State.Datadog;
            if (dd.Schedules.All(s => s.Name != "Solo Business Hours"))
            {
                var layer = new OnCall.Emulator.Datadog.DdLayer { Id = "2b8f6a30-0000-4000-8000-00000000d0f1", Name = "Solo", EffectiveDate = new DateTimeOffset(2026, 2, 20, 0, 0, 0, TimeSpan.Zero), RotationStart = new DateTimeOffset(2026, 2, 25, 8, 30, 15, TimeSpan.Zero), IntervalDays = 1 };
                layer.Members.Add(new("3d6f0a40-0000-4000-8000-00000000e0f1", dd.Users[0].Id));
                layer.Restrictions.Add(new OnCall.Emulator.Datadog.DdRestriction { StartDay = "monday", StartTime = "09:00:00", EndDay = "friday", EndTime = "17:00:00" });
                var solo = new OnCall.Emulator.Datadog.DdSchedule { Id = "5c3e9b10-0000-4000-8000-00000000b0f1", Name = "Solo Business Hours", TimeZone = "America/New_York" };
                solo.Layers.Add(layer);
                dd.Schedules.Add(solo);
            }
        }

        const string script = "Get-OnCallSchedule -Connection dd -Schedule 'Solo Business Hours' -Start '2026-03-02T00:00:00Z' -End '2026-03-30T00:00:00Z'";
        var perTurn = _session.RunOk(script);
        var merged = _session.RunOk(script + " -Merge");

        Assert.Equal(4, merged.Count);
        Assert.Equal(4 * 5, perTurn.Count);
        // Hand-offs at 03:30:15 New York time (08:30:15Z in winter; the same wall-clock time after 8 March, a shared GUESS).
        Assert.All(perTurn.Where(s => ((DateTimeOffset)s.Properties["Start"].Value).Hour != 9), s => Assert.Equal(new TimeSpan(3, 30, 15), ((DateTimeOffset)s.Properties["Start"].Value).TimeOfDay));
        Assert.All(perTurn, s => Assert.True(((TimeSpan)s.Properties["Duration"].Value).TotalHours <= 24.0));
        Assert.All(perTurn.Concat(merged), s => Assert.Matches("^[0-9a-f-]{36}$", Text(s, "UserId")));
        var load = "Measure-OnCallLoad | Sort-Object User | ForEach-Object { '{0} {1} {2} {3}' -f $_.User, $_.TotalHours, $_.ShiftCount, $_.Handoffs }";
        Assert.Equal(
            _session.RunOk(script + " -Merge | " + load).Select(o => o.ToString()),
            _session.RunOk(script + " | " + load).Select(o => o.ToString()));
        var gaps = "Test-OnCallCoverage -Start '2026-03-02T00:00:00Z' -End '2026-03-30T00:00:00Z' | ForEach-Object { '{0:o} {1:o}' -f $_.Start, $_.End }";
        var mergedGaps = _session.RunOk(script + " -Merge | " + gaps).Select(o => o.ToString()).ToList();
        Assert.NotEmpty(mergedGaps);
        Assert.Equal(mergedGaps, _session.RunOk(script + " | " + gaps).Select(o => o.ToString()));
    }

    [Fact]
    public void Datadog_teams_feed_members_and_who_is_on_call()
    {
        var members = _session.RunOk("Get-OnCallTeam -Connection dd | Get-OnCallTeamMember");
        Assert.NotEmpty(members);
        Assert.NotEmpty(_session.RunOk("Get-OnCallUser -Connection dd"));
    }

    [Fact]
    public void A_Datadog_page_is_created_on_the_paging_host_and_acknowledged_from_the_pipeline()
    {
        var created = _session.RunOk("New-OnCallIncident -Connection dd -Title 'Disk full on db-3' -Target 'team_handle:platform-ops' -Urgency high -Confirm:$false");
        var page = Assert.Single(created);
        Assert.True(Guid.TryParse(Text(page, "Id"), out _));

        var acked = _session.RunOk("$args[0] | Invoke-IncidentAck", page);
        Assert.Equal(true, Assert.Single(acked).Properties["Accepted"].Value);
    }

    [Fact]
    public void Datadog_has_no_incident_list_and_says_so()
    {
        var error = Assert.Single(_session.Run("Get-OnCallIncident -Connection dd").AllErrors);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.StartsWith("OnCall.Datadog.", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_page_id_that_is_not_a_uuid_is_refused_without_a_request_and_the_rest_go_on()
    {
        var page = _session.RunOk("New-OnCallIncident -Connection dd -Title 'Latency' -Target 'team_handle:platform-ops' -Confirm:$false").Single();
        _emulator.Server.ClearRequests();

        var result = _session.Run("'not-a-page', $args[0].Id | Invoke-IncidentEscalate -Connection dd", page);

        var error = Assert.Single(result.AllErrors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Single(result.Output);
        Assert.DoesNotContain(_emulator.Server.Requests, r => r.Path.Contains("not-a-page"));
    }

    [Fact]
    public void ZStack_alert_events_are_incidents_that_can_be_acknowledged()
    {
        var firing = _session.RunOk("Get-OnCallIncident -Connection zs -Status Triggered");
        Assert.NotEmpty(firing);
        Assert.All(firing, i => Assert.Equal("Triggered", Text(i, "Status")));

        var results = _session.RunOk("Get-OnCallIncident -Connection zs -Status Triggered | Invoke-IncidentAck -Message 'looking'");
        Assert.Equal(firing.Count, results.Count);
        Assert.Empty(_session.RunOk("Get-OnCallIncident -Connection zs -Status Triggered"));
    }

    [Fact]
    public void ZStack_schedules_render_and_say_who_is_on_call()
    {
        Assert.NotEmpty(_session.RunOk("Get-OnCallSchedule -Connection zs -Schedule sched-00445566 -Days 7"));
        Assert.NotEmpty(_session.RunOk("Get-OnCallUser -Connection zs"));
        Assert.NotEmpty(_session.RunOk("Get-OnCallRotation -Connection zs"));
    }
}

/// <summary>The runspace of <see cref="DatadogAndZStackTests"/>: dd and zs (the default).</summary>
public sealed class DatadogAndZStackFixture : SessionFixture
{
    protected override IEnumerable<string> Connections() => [ConnectDatadog("dd"), ConnectZStack("zs")];
}
