using System.Management.Automation;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>Every vendor cmdlet once on the happy path and once with bad input, against the emulator's VictorOps.</summary>
public sealed class CmdletBadInputTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;

    public CmdletBadInputTests(SessionFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
    }

    private ErrorRecord SingleError(string script, params object?[] args)
    {
        var result = _session.Run(script, args);
        var errors = result.AllErrors.ToList();
        Assert.True(errors.Count == 1, $"expected one error from: {script}\n" + string.Join("\n", errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return errors[0];
    }

    [Fact]
    public void Get_OnCallUser_with_an_unknown_team_says_so()
    {
        Assert.NotEmpty(_session.RunOk("Get-OnCallUser -Team 'Database SRE'"));
        var error = SingleError("Get-OnCallUser -Team 'Databse SRE'");
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("Database SRE", error.Exception.Message);
    }

    [Fact]
    public void Set_OnCallOverride_over_a_window_that_ends_before_it_starts_sends_nothing()
    {
        _emulator.Server.ClearRequests();
        var error = SingleError("Set-OnCallOverride -User alice.nguyen -Start '2030-01-02' -End '2030-01-01' -Confirm:$false");
        Assert.Equal("OnCall.Module.InvalidWindow,OnCall.Cmdlets.OnCall.SetOnCallOverrideCommand", error.FullyQualifiedErrorId);
        Assert.Empty(_emulator.Server.Requests);
    }

    [Fact]
    public void Get_and_Remove_OnCallOverride_of_an_unknown_id_are_not_found_errors()
    {
        Assert.Equal(ErrorCategory.ObjectNotFound, SingleError("Get-OnCallOverride -Id no-such-override").CategoryInfo.Category);
        Assert.Equal(ErrorCategory.ObjectNotFound, SingleError("Remove-OnCallOverride -Id no-such-override -Confirm:$false").CategoryInfo.Category);
    }

    [Fact]
    public void Get_OnCallIncident_by_id_reports_the_bad_one_and_returns_the_good_ones()
    {
        var result = _session.Run("Get-OnCallIncident -Id 304, 'x1', 305");
        var error = Assert.Single(result.AllErrors);
        Assert.EndsWith("InvalidIncidentNumber,OnCall.Cmdlets.Incidents.GetOnCallIncidentCommand", error.FullyQualifiedErrorId);
        Assert.Equal(new[] { "304", "305" }, result.Output.Select(o => o.Properties["Id"].Value?.ToString()).OrderBy(i => i));
    }

    [Fact]
    public void New_OnCallIncident_asks_first_and_opens_an_incident_that_can_be_found()
    {
        _emulator.Server.ClearRequests();
        _session.RunOk("New-OnCallIncident -Title 'Disk full' -Description 'db-3 /var at 100%' -Target 'User:john.smith' -WhatIf");
        Assert.Empty(_emulator.Server.Requests);

        var created = _session.RunOk("New-OnCallIncident -Title 'Disk full' -Description 'db-3 /var at 100%' -Target 'User:john.smith' -Confirm:$false").Single();
        var id = created.Properties["Id"].Value!.ToString();
        Assert.Equal("Disk full", _session.RunOk("Get-OnCallIncident -Id $args[0]", id).Single().Properties["Title"].Value);
    }

    [Fact]
    public void New_OnCallIncident_with_a_target_of_an_unknown_kind_is_refused()
    {
        var error = SingleError("New-OnCallIncident -Title t -Target 'Pager:somebody' -Confirm:$false");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void Invoke_IncidentReroute_moves_an_incident_and_refuses_bad_numbers()
    {
        var results = _session.RunOk("Invoke-IncidentReroute -Id 305 -Target 'EscalationPolicy:pol-databasesre00002' -Confirm:$false");
        Assert.Equal("305", Assert.Single(results).Properties["Id"].Value);

        var error = SingleError("Invoke-IncidentReroute -Id 'abc' -Target 'User:john.smith' -Confirm:$false");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void Invoke_IncidentEscalate_on_VictorOps_says_it_has_no_such_action_and_what_to_do()
    {
        var error = SingleError("Invoke-IncidentEscalate -Id 305 -Confirm:$false");
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Contains("Invoke-IncidentReroute", error.ToString());
    }

    [Fact]
    public void Add_OnCallIncidentNote_adds_a_note_and_refuses_a_bad_number()
    {
        var note = _session.RunOk("Get-OnCallIncident -Id 306 | Add-OnCallIncidentNote -Text 'Checked the disk: 12% free' -Confirm:$false").Single();
        Assert.Equal("OnCall.IncidentNote", note.TypeNames[0]);

        var error = SingleError("Add-OnCallIncidentNote -Id 'not-a-number' -Text t -Confirm:$false");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void Directory_lookups_answer_and_an_unknown_team_is_named()
    {
        Assert.NotEmpty(_session.RunOk("Get-OnCallEscalationPolicy -Team 'Platform Ops'"));
        var primary = _session.RunOk("Get-OnCallEscalationPolicy -Name 'Platform Ops Primary' -IncludeSteps").Single();
        Assert.NotEmpty((System.Collections.IEnumerable)primary.Properties["Steps"].Value!);
        Assert.NotEmpty(_session.RunOk("Get-OnCallRotation -Team 'Platform Ops'"));
        var error = SingleError("Get-OnCallTeamMember -Team 'No Such Team'");
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("No Such Team", error.Exception.Message);
    }

    [Fact]
    public void A_typo_in_the_connection_name_lists_the_connections_that_exist()
    {
        var error = SingleError("Get-OnCallTeam -Connection voo");
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("vo", error.Exception.Message);
    }
}
