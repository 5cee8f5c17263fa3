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
