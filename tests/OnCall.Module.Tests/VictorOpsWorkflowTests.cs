using System.Management.Automation;
using Ical.Net;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>The VictorOps on-call and incident workflow end to end: hosted PowerShell, the built module, the emulator.</summary>
public sealed class VictorOpsWorkflowTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;

    public VictorOpsWorkflowTests(SessionFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
    }

    private EmulatorServer Server => _emulator.Server;

    private static string Text(PSObject o, string property) => o.Properties[property].Value?.ToString() ?? string.Empty;

    [Fact]
    public void Who_is_on_call_comes_per_team_policy_and_user_and_filters_with_wildcards()
    {
        var all = _session.RunOk("Get-OnCallUser");
        Assert.NotEmpty(all);
        Assert.All(all, u => Assert.Equal("OnCall.OnCallUser", u.TypeNames[0]));
        Assert.All(all, u => Assert.Equal("vo", Text(u, "Connection")));

        var platform = _session.RunOk("Get-OnCallUser -Team 'Platform*'");
        Assert.NotEmpty(platform);
        Assert.All(platform, u => Assert.Equal("Platform Ops", Text(u, "Team")));

        var user = Text(platform[0], "User");
        var teams = _session.RunOk("Get-OnCallUser -User $args[0]", user);
        Assert.All(teams, u => Assert.Equal(user, Text(u, "User")));
    }

    [Fact]
    public void A_team_schedule_becomes_shifts_that_export_to_a_calendar_and_have_no_gaps()
    {
        var shifts = _session.RunOk("Get-OnCallSchedule -Team 'Platform Ops' -Days 21");
        Assert.NotEmpty(shifts);
        Assert.All(shifts, s => Assert.Equal("OnCall.Shift", s.TypeNames[0]));

        var ics = _session.RunOk("Get-OnCallSchedule -Team 'Platform Ops' -Days 21 | Export-OnCallCalendar").Single().ToString()!;
        Assert.Equal(shifts.Count, Calendar.Load(ics)!.Events.Count);
    }

    [Fact]
    public void A_window_longer_than_one_call_is_fetched_in_several_and_stitched_without_gaps_or_duplicates()
    {
        Server.ClearRequests();
        var shifts = _session.RunOk("Get-OnCallSchedule -Team 'Platform Ops' -Days 75");

        Assert.True(Server.Requests.Count(r => r.Path.EndsWith("/oncall/schedule", StringComparison.Ordinal)) >= 3, "a 75-day window needs at least three 30-day calls");
        Assert.Empty(_session.RunOk("Get-OnCallSchedule -Team 'Platform Ops' -Days 75 | Test-OnCallCoverage -By Schedule"));
        var keys = shifts.Select(s => Text(s, "Schedule") + "|" + Text(s, "Start")).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void A_window_the_API_cannot_reach_is_a_clear_error_and_no_request()
    {
        Server.ClearRequests();
        var result = _session.Run("Get-OnCallSchedule -Team 'Platform Ops' -Start ([DateTimeOffset]::Now.AddDays(200)) -Days 7");
        var error = Assert.Single(result.AllErrors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("WindowOutOfReach", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(Server.Requests, r => r.Path.Contains("/oncall/schedule"));
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_sends_nothing()
    {
        Server.ClearRequests();
        var error = Assert.Single(_session.Run("Get-OnCallSchedule -Team 'Platform Ops' -Start '2030-01-02' -End '2030-01-01'").AllErrors);
        Assert.Equal("OnCall.Module.InvalidWindow,OnCall.Cmdlets.OnCall.GetOnCallScheduleCommand", error.FullyQualifiedErrorId);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void An_unknown_team_names_it_and_suggests_close_matches()
    {
        var error = Assert.Single(_session.Run("Get-OnCallSchedule -Team 'Platfrom Ops'").AllErrors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("Platfrom Ops", error.Exception.Message);
        Assert.Contains("Platform Ops", error.Exception.Message);
    }

    [Fact]
    public void Triggered_incidents_from_the_pipeline_are_acknowledged_in_one_request()
    {
        Server.ClearRequests();
        var results = _session.RunOk("Get-OnCallIncident -Status Triggered | Invoke-IncidentAck -Message 'on it'");

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal("OnCall.IncidentActionResult", r.TypeNames[0]));
        Assert.All(results, r => Assert.Equal(true, r.Properties["Accepted"].Value));
        Assert.Single(Server.Requests, r => r.Method == "PATCH" && r.Path == "/api-public/v1/incidents/ack");
        Assert.Empty(_session.RunOk("Get-OnCallIncident -Status Triggered"));
    }

    [Fact]
    public void WhatIf_acknowledges_nothing()
    {
        Server.ClearRequests();
        _session.RunOk("Get-OnCallIncident | Invoke-IncidentResolve -WhatIf");
        Assert.DoesNotContain(Server.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public void One_bad_incident_number_is_a_non_terminating_error_and_the_others_are_done()
    {
        Server.ClearRequests();
        var result = _session.Run("'302', 'not-a-number', '303' | Invoke-IncidentResolve");

        var error = Assert.Single(result.AllErrors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("not-a-number", error.TargetObject?.ToString());
        Assert.Equal(new[] { "302", "303" }, result.Output.Select(r => Text(r, "Id")).OrderBy(i => i));
        Assert.DoesNotContain(Server.Requests, r => r.Body.Contains("not-a-number"));
    }

    [Fact]
    public void Taking_on_call_changes_who_is_on_call()
    {
        var before = _session.RunOk("Get-OnCallUser -Policy pol-databasesre00002").Select(u => Text(u, "User")).ToList();
        var from = before.First();
        var to = new[] { "bob.martin", "carol.white", "dave.kim" }.First(u => u != from);

        var result = _session.Run("Set-OnCallOverride -Policy pol-databasesre00002 -User $args[0] -OriginalUser $args[1] -Confirm:$false", to, from);

        Assert.Empty(result.AllErrors);
        Assert.Contains(to, _session.RunOk("Get-OnCallUser -Policy pol-databasesre00002").Select(u => Text(u, "User")));
    }

    [Fact]
    public void A_scheduled_override_round_trips_through_get_and_remove()
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(3);
        var created = _session.RunOk(
            "Set-OnCallOverride -User alice.nguyen -OriginalUser 'jane.doe@example.com' -Policy pol-platformops00001 -Start $args[0] -End $args[1] -TimeZone 'Europe/Berlin' -Confirm:$false",
            new DateTimeOffset(start), new DateTimeOffset(start.AddDays(1)));
        var id = Text(Assert.Single(created), "Id");
        Assert.False(string.IsNullOrEmpty(id));

        Assert.Contains(id, _session.RunOk("Get-OnCallOverride").Select(o => Text(o, "Id")));
        _session.RunOk("Get-OnCallOverride -Id $args[0] | Remove-OnCallOverride -Confirm:$false", id);
        Assert.DoesNotContain(id, _session.RunOk("Get-OnCallOverride").Select(o => Text(o, "Id")));
    }

    [Fact]
    public void Teams_feed_team_members_down_the_pipeline()
    {
        var members = _session.RunOk("Get-OnCallTeam -Name 'Database*' | Get-OnCallTeamMember");
        Assert.Equal(new[] { "bob.martin", "carol.white", "dave.kim" }, members.Select(m => Text(m, "User")).OrderBy(u => u));
    }

    [Fact]
    public void History_is_paged_through_the_reporting_API_with_progress()
    {
        var result = _session.Run("Get-OnCallIncident -History -Status Resolved -Start ([DateTimeOffset]::Now.AddYears(-1)) -First 150");
        Assert.Empty(result.AllErrors);
        Assert.Equal(150, result.Output.Count);
        Assert.All(result.Output, i => Assert.Equal("Resolved", Text(i, "Status")));
        Assert.NotEmpty(result.Progress);
    }

    [Fact]
    public void Tab_completion_offers_team_names()
    {
        var matches = _session.RunOk("$s = 'Get-OnCallUser -Team Data'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText");
        Assert.Contains("'Database SRE'", matches.Select(m => m.ToString()));
    }

    [Fact]
    public void The_default_table_shows_what_a_person_needs()
    {
        _session.Host.ClearText();
        _session.RunOk("Get-OnCallIncident | Out-Default");
        var table = _session.Host.Text;
        Assert.Contains("Status", table);
        Assert.Contains("Title", table);
        Assert.DoesNotContain("Raw", table);
    }
}

public sealed class VictorOpsBadInputTests(SessionFixture emulator) : IClassFixture<SessionFixture>
{
    private readonly PowerShellSession session = emulator.Fresh();

    [Fact]
    public void An_empty_pipeline_sends_nothing_and_says_nothing()
    {
        emulator.Server.ClearRequests();

        var result = session.Run("@() | Invoke-IncidentAck; @() | Invoke-IncidentResolve");

        Assert.Empty(result.AllErrors);
        Assert.Empty(result.Output);
        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public void A_read_only_key_that_tries_to_change_something_gets_a_permission_error_naming_the_key()
    {
        session.RunOk("Disconnect-OnCall -All");
        session.RunOk($"Connect-OnCall -Provider VictorOps -ApiId {OnCall.Emulator.DemoCredentials.VictorOpsApiId} -ApiKey demo-readonly-api-key -BaseUri {emulator.BaseUri} -UserName john.smith -NoClientPacing | Out-Null");

        var result = session.Run("'304' | Invoke-IncidentAck");

        var error = Assert.Single(result.AllErrors);
        Assert.Contains(error.CategoryInfo.Category, new[] { ErrorCategory.PermissionDenied, ErrorCategory.AuthenticationError });
        Assert.Contains("X-VO-Api-Key", error.Exception.Message + " " + error.ErrorDetails?.RecommendedAction);
        Assert.DoesNotContain("demo-readonly-api-key", result.AllText(session.Host));
    }
}
