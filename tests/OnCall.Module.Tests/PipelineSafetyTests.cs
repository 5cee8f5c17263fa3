using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Emulator.Datadog;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// What a runbook sees when a write's answer is lost or unreadable (issue 7, items 4 and 5): the
/// emulator's MalformedBody fault applies the request and then spoils the answer, so the write took
/// effect, and the error must say it may have, with what to check, never "retry".
/// </summary>
public sealed class WriteSafetyTests : IClassFixture<WriteSafetyFixture>
{
    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;

    public WriteSafetyTests(WriteSafetyFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
    }

    private EmulatorServer Server => _emulator.Server;

    public static TheoryData<string, string, string, string, string> Writes => new()
    {
        { "VictorOps", "POST", "/api-public/v1/incidents", "New-OnCallIncident -Connection vo -Title 'Disk full on db-9' -Target 'User:john.smith' -Confirm:$false", "Get-OnCallIncident" },
        { "VictorOps", "PATCH", "/api-public/v1/incidents/ack", "(Get-OnCallIncident -Connection vo -Status Triggered)[0] | Invoke-IncidentAck", "Get-OnCallIncident -Id" },
        { "VictorOps", "PATCH", "/api-public/v1/incidents/resolve", "(Get-OnCallIncident -Connection vo -Status Triggered)[0] | Invoke-IncidentResolve", "Get-OnCallIncident -Id" },
        { "VictorOps", "POST", "/api-public/v1/incidents/reroute", "(Get-OnCallIncident -Connection vo -Status Triggered)[0] | Invoke-IncidentReroute -Target 'User:bob.martin' -Confirm:$false", "Get-OnCallIncident -Id" },
        { "VictorOps", "POST", "/api-public/v1/incidents/*/notes", "(Get-OnCallIncident -Connection vo)[0] | Add-OnCallIncidentNote -Text 'looking' -Name 'n1'", "notes of incident" },
        { "VictorOps", "PATCH", "/api-public/v1/policies/*/oncall/user", "$now = @(Get-OnCallUser -Connection vo -Policy pol-databasesre00002)[0]; $to = @(@('bob.martin','carol.white','dave.kim') | Where-Object { $_ -ne $now.User })[0]; Set-OnCallOverride -Connection vo -Policy pol-databasesre00002 -User $to -OriginalUser $now.User -Confirm:$false", "Get-OnCallUser -Policy pol-databasesre00002" },
        { "VictorOps", "POST", "/api-public/v1/overrides", "Set-OnCallOverride -Connection vo -User alice.nguyen -OriginalUser john.smith -Policy pol-platformops00001 -Start ([DateTimeOffset]::UtcNow.Date.AddDays(5)) -End ([DateTimeOffset]::UtcNow.Date.AddDays(6)) -Confirm:$false", "Get-OnCallOverride -User john.smith" },
        { "VictorOps", "POST", "/api-public/v1/incidents", "Invoke-OnCallApi -Connection vo -Method POST -Path /api-public/v1/incidents -Body @{ summary = 'api'; details = 'd'; userName = 'john.smith'; targets = @(@{ type = 'User'; slug = 'john.smith' }) } -Confirm:$false", "POST /api-public/v1/incidents took effect" },
        { "Datadog", "POST", "/api/v2/on-call/pages", "New-OnCallIncident -Connection dd -Title 'Latency on checkout' -Target 'team_handle:platform-ops' -Confirm:$false", "a page 'Latency on checkout'" },
        { "Datadog", "POST", "/api/v2/on-call/pages/*/acknowledge", "New-OnCallIncident -Connection dd -Title 'Queue backlog' -Target 'team_handle:platform-ops' -Confirm:$false | Invoke-IncidentAck", "whether it was acknowledged" },
        { "Datadog", "POST", "/api/v2/on-call/schedules/*/overrides", $"Set-OnCallOverride -Connection dd -Schedule {DatadogState.PlatformScheduleId} -User alice.nguyen@example.com -Start ([DateTimeOffset]::UtcNow.AddDays(2)) -End ([DateTimeOffset]::UtcNow.AddDays(3)) -Confirm:$false", $"Get-OnCallOverride -Schedule '{DatadogState.PlatformScheduleId}'" },
        { "ZStack", "POST", "/api/v1/alerting/events/*/acknowledge", "(Get-OnCallIncident -Connection zs -Status Triggered)[0] | Invoke-IncidentAck", "Get-OnCallIncident -Id event-" },
        { "ZStack", "POST", "/api/v1/oncall/overrides", "Set-OnCallOverride -Connection zs -Schedule 'Platform On-Call' -User 'Alice Nguyen' -OriginalUser 'John Smith' -Start ([DateTimeOffset]::UtcNow.AddDays(2)) -End ([DateTimeOffset]::UtcNow.AddDays(3)) -Confirm:$false", "check in ZStack whether an override of 'Platform On-Call'" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public void A_write_applied_but_answered_with_an_unreadable_body_may_have_applied_and_says_what_to_check(string provider, string method, string path, string script, string check)
    {
        Server.ClearRequests();
        var rule = Server.Faults.MalformedBody(path, count: 1, method: method);
        try
        {
            var result = _session.Run(script);

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith($"OnCall.{provider}.MayHaveApplied,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            var said = error.Exception.Message + " " + error.ErrorDetails?.RecommendedAction;
            Assert.Contains(check, said);
            Assert.Contains("may have been applied", said);
            Assert.DoesNotContain("retry", said, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(true, PSObject.AsPSObject(error.Exception).Properties["MayHaveApplied"].Value);
            Assert.Equal(1, rule.Hits);
            Assert.Single(Server.Requests, r => r.Method == method && r.Fault == nameof(FaultKind.MalformedBody));
        }
        finally
        {
            Server.Faults.Remove(rule);
        }
    }

    [Fact]
    public void A_create_answered_5xx_is_sent_once_and_says_it_may_have_applied()
    {
        Server.ClearRequests();
        var rule = Server.Faults.ServerError("/api-public/v1/incidents", count: 1, statusCode: 502, method: "POST");
        try
        {
            var result = _session.Run("New-OnCallIncident -Connection vo -Title 'Payment errors' -Target 'User:john.smith' -Confirm:$false");

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("OnCall.VictorOps.MayHaveApplied,", error.FullyQualifiedErrorId);
            Assert.Contains("check whether an incident 'Payment errors' was opened", error.ToString());
            Assert.Contains("Get-OnCallIncident lists the open incidents", error.ToString());
            Assert.DoesNotContain("try again", error.Exception.Message + error.ErrorDetails?.RecommendedAction, StringComparison.OrdinalIgnoreCase);
            Assert.Single(Server.Requests, r => r.Method == "POST" && r.Path == "/api-public/v1/incidents");
        }
        finally
        {
            Server.Faults.Remove(rule);
        }
    }

    [Fact]
    public void An_acknowledgement_whose_connection_drops_is_sent_once_and_says_which_incident_to_check()
    {
        var number = _session.RunOk("(Get-OnCallIncident -Connection vo -Status Triggered)[0].Id").Single().ToString();
        Server.ClearRequests();
        var rule = Server.Faults.DropConnection("/api-public/v1/incidents/ack", count: 1, method: "PATCH");
        try
        {
            var result = _session.Run("Invoke-IncidentAck -Connection vo -Id $args[0]", number);

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("OnCall.VictorOps.MayHaveApplied,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.Contains($"check whether incident {number} was acknowledged", error.ToString());
            Assert.Contains($"Get-OnCallIncident -Id {number} shows whether it was acknowledged", error.ToString());
            Assert.Single(Server.Requests, r => r.Method == "PATCH");
        }
        finally
        {
            Server.Faults.Remove(rule);
        }
    }

    [Fact]
    public void A_retried_delete_that_finds_the_override_gone_is_done_with_a_verbose_note()
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(9);
        var id = _session.RunOk(
            "Set-OnCallOverride -Connection vo -User alice.nguyen -OriginalUser john.smith -Policy pol-platformops00001 -Start $args[0] -End $args[1] -Confirm:$false | ForEach-Object Id",
            new DateTimeOffset(start),
            new DateTimeOffset(start.AddDays(1))).Single().ToString();

        // The first DELETE reaches the emulator (the override is deleted), and its answer is lost in a 502.
        Server.ClearRequests();
        var rule = Server.Faults.ServerErrorAfterApply("/api-public/v1/overrides/*", count: 1, statusCode: 502, method: "DELETE");
        RunResult result;
        try
        {
            result = _session.Run("Remove-OnCallOverride -Connection vo -Id $args[0] -Confirm:$false -Verbose", id);
        }
        finally
        {
            Server.Faults.Remove(rule);
        }

        Assert.Empty(result.AllErrors);
        Assert.Contains(result.Verbose, v => v.Contains("404 on attempt 2", StringComparison.Ordinal) && v.Contains("it is gone", StringComparison.Ordinal));
        Assert.Equal(1, rule.Hits);
        Assert.Equal(2, Server.Requests.Count(r => r.Method == "DELETE" && r.Path.StartsWith("/api-public/v1/overrides/", StringComparison.Ordinal)));
        Assert.DoesNotContain(id, _session.RunOk("Get-OnCallOverride -Connection vo").Select(o => o.Properties["Id"].Value?.ToString()));
    }

    [Fact]
    public void A_delete_answered_404_at_once_is_still_not_found()
    {
        var result = _session.Run("Remove-OnCallOverride -Connection vo -Id 'no-such-override' -Confirm:$false");

        var error = Assert.Single(result.AllErrors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }
}

/// <summary>
/// Answers no server should give (issue 7, items 7 and 8), from a hostile stand-in in front of the emulator. One
/// stand-in and one runspace connected through it for the class; each test starts with the stand-in's record empty.
/// </summary>
public sealed class AnswerSafetyTests : IClassFixture<StandInSessionFixture>
{
    private const string Html = "<!DOCTYPE html><html><body>Sign in to continue</body></html>";

    private readonly StandInServer _standIn;
    private readonly PowerShellSession _session;

    public AnswerSafetyTests(StandInSessionFixture fixture)
    {
        _session = fixture.Fresh();
        _standIn = fixture.StandIn;
        _standIn.Requests.Clear();
    }

    public static TheoryData<string, string, string> Lists => new()
    {
        { "VictorOps", "Get-OnCallIncident -Connection vo", "/api-public/v1/incidents" },
        { "VictorOps", "Get-OnCallTeam -Connection vo", "/api-public/v1/team" },
        { "VictorOps", "Get-OnCallUser -Connection vo", "/api-public/v1/oncall/current" },
        { "VictorOps", "Get-OnCallSchedule -Connection vo -Team 'Platform Ops' -Days 7", "/api-public/v2/team/*/oncall/schedule" },
        { "VictorOps", "Get-OnCallSchedule -Connection vo -User john.smith -Days 7", "/api-public/v2/user/*/oncall/schedule" },
        { "VictorOps", "Get-OnCallOverride -Connection vo", "/api-public/v1/overrides" },
        { "VictorOps", "Get-OnCallEscalationPolicy -Connection vo", "/api-public/v1/policies" },
        { "VictorOps", "Get-OnCallRotation -Connection vo -Team 'Platform Ops'", "/api-public/v2/team/*/rotations" },
        { "VictorOps", "Get-OnCallTeamMember -Connection vo -Team 'Platform Ops'", "/api-public/v1/team/*/members" },
        { "VictorOps", "Get-OnCallTeamMember -Connection vo", "/api-public/v1/user" },
        { "Datadog", "Get-OnCallTeam -Connection dd", "/api/v2/team" },
        { "Datadog", "Get-OnCallUser -Connection dd -Team platform-ops", "/api/v2/on-call/teams/*/on-call" },
        { "Datadog", $"Get-OnCallSchedule -Connection dd -Schedule {DatadogState.PlatformScheduleId} -Days 7", $"/api/v2/on-call/schedules/{DatadogState.PlatformScheduleId}" },
        { "Datadog", $"Get-OnCallOverride -Connection dd -Schedule {DatadogState.PlatformScheduleId}", "/api/v2/on-call/schedules/*/overrides" },
        { "Datadog", "Get-OnCallEscalationPolicy -Connection dd", "/api/v2/on-call/escalation-policies" },
        { "Datadog", "Get-OnCallRotation -Connection dd", "/api/v2/on-call/schedules" },
        { "Datadog", "Get-OnCallTeamMember -Connection dd -Team platform-ops", "/api/v2/team/*/memberships" },
        { "ZStack", "Get-OnCallIncident -Connection zs", "/api/v1/alerting/events" },
        { "ZStack", "Get-OnCallRotation -Connection zs", "/api/v1/oncall/schedules" },
        { "ZStack", "Get-OnCallUser -Connection zs", "/api/v1/oncall/schedules/*/current-shift" },
    };

    public static TheoryData<int, string> WrongShapes => new()
    {
        { 200, "null" },
        { 200, "{\"error\":\"maintenance window\"}" },
        { 200, "\"ok\"" },
        { 204, string.Empty },
        { 200, Html },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void A_list_answered_with_an_error_object_is_malformed_never_nothing(string provider, string script, string path)
    {
        using var rule = _standIn.Arm("GET", path, StandInAnswer.Canned(200, "{\"error\":\"maintenance window\"}"));

        var result = _session.Run(script);

        Assert.Empty(result.Output);
        Assert.Contains(result.AllErrors, e => e.FullyQualifiedErrorId.StartsWith($"OnCall.{provider}.MalformedResponse,", StringComparison.Ordinal));
        Assert.All(result.AllErrors, e => Assert.StartsWith("OnCall.", e.FullyQualifiedErrorId, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public void Get_OnCallIncident_reports_a_wrong_shape_as_malformed_on_VictorOps_and_ZStack(int status, string body)
    {
        foreach (var (connection, provider, path) in new[] { ("vo", "VictorOps", "/api-public/v1/incidents"), ("zs", "ZStack", "/api/v1/alerting/events") })
        {
            using var rule = _standIn.Arm("GET", path, StandInAnswer.Canned(status, body));

            var result = _session.Run("Get-OnCallIncident -Connection " + connection);

            Assert.Empty(result.Output);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith($"OnCall.{provider}.MalformedResponse,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        }
    }

    [Fact]
    public void A_Retry_After_longer_than_the_connection_waits_is_Throttled_at_once_stating_the_wait()
    {
        using var rule = _standIn.Arm("GET", "/api-public/v1/team", StandInAnswer.Canned(429, "{\"message\":\"Too Many Requests\"}", new Dictionary<string, string> { ["Retry-After"] = "86400" }));

        var result = _session.Run("Get-OnCallTeam -Connection vo");

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.VictorOps.Throttled,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Contains("asked to wait 86400 s", error.Exception.Message);
        Assert.Equal(1, _standIn.Count("GET /api-public/v1/team"));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-5")]
    [InlineData("1e12")]
    public void Hostile_Retry_After_values_never_escape_as_NET_exceptions(string retryAfter)
    {
        using var rule = _standIn.Arm("GET", "/api-public/v1/team", n => n == 1
            ? StandInAnswer.Canned(429, "{\"message\":\"Too Many Requests\"}", new Dictionary<string, string> { ["Retry-After"] = retryAfter })
            : StandInAnswer.PassOn);

        var result = _session.Run("Get-OnCallTeam -Connection vo");

        // Unreadable waits fall back to the pipeline's own backoff (and the retry succeeds); 1e12 s is refused as Throttled.
        Assert.All(result.AllErrors, e => Assert.StartsWith("OnCall.VictorOps.Throttled,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        if (retryAfter == "1e12")
        {
            Assert.Single(result.AllErrors);
            Assert.Equal(1, _standIn.Count("GET /api-public/v1/team"));
        }
        else
        {
            Assert.Empty(result.AllErrors);
            Assert.NotEmpty(result.Output);
            Assert.Equal(2, _standIn.Count("GET /api-public/v1/team"));
        }
    }

    [Fact]
    public void A_Datadog_reset_of_1e300_is_Throttled_and_says_so()
    {
        using var rule = _standIn.Arm("GET", "/api/v2/team", StandInAnswer.Canned(429, "{\"errors\":[\"Too many requests\"]}", new Dictionary<string, string> { ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = "1e300" }));

        var error = Assert.Single(_session.Run("Get-OnCallTeam -Connection dd").AllErrors);

        Assert.StartsWith("OnCall.Datadog.Throttled,", error.FullyQualifiedErrorId);
        Assert.Contains("more than 100 years", error.Exception.Message);
    }

    [Fact]
    public void A_date_beyond_the_calendar_in_an_answer_is_malformed_not_an_overflow()
    {
        using var rule = _standIn.Arm("GET", "/api-public/v1/incidents", StandInAnswer.Canned(200, "{\"incidents\":[{\"incidentNumber\":\"1\",\"currentPhase\":\"UNACKED\",\"startTime\":\"99999999999999999999\"}]}"));

        var error = Assert.Single(_session.Run("Get-OnCallIncident -Connection vo").AllErrors);

        Assert.StartsWith("OnCall.VictorOps.MalformedResponse,", error.FullyQualifiedErrorId);
        Assert.Equal("OnCallException", error.Exception.GetType().Name);
    }

    [Fact]
    public void Datadog_schedules_are_read_together_written_in_the_order_asked_for_and_a_bad_one_is_an_error_about_it_alone()
    {
        var both = $"Get-OnCallSchedule -Connection dd -Schedule {DatadogState.DatabaseScheduleId}, {DatadogState.PlatformScheduleId} -Days 7";
        var schedules = _session.RunOk(both).Select(s => (string)s.Properties["Schedule"].Value).Distinct().ToList();
        Assert.Equal(new[] { "Database Business Hours", "Platform Primary" }, schedules);

        using var rule = _standIn.Arm("GET", $"/api/v2/on-call/schedules/{DatadogState.DatabaseScheduleId}", StandInAnswer.Canned(200, "{\"error\":\"maintenance window\"}"));
        var result = _session.Run(both);

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.Datadog.MalformedResponse,", error.FullyQualifiedErrorId);
        Assert.Equal(DatadogState.DatabaseScheduleId, error.TargetObject?.ToString());
        Assert.NotEmpty(result.Output);
        Assert.All(result.Output, s => Assert.Equal("Platform Primary", s.Properties["Schedule"].Value));
    }

    [Fact]
    public void A_Datadog_rotation_interval_out_of_range_is_malformed_not_an_overflow()
    {
        using var rule = _standIn.Arm("GET", $"/api/v2/on-call/schedules/{DatadogState.PlatformScheduleId}", StandInAnswer.Canned(200,
            "{\"data\":{\"id\":\"" + DatadogState.PlatformScheduleId + "\",\"type\":\"schedules\",\"attributes\":{\"name\":\"P\",\"time_zone\":\"UTC\"},\"relationships\":{\"layers\":{\"data\":[{\"id\":\"l1\",\"type\":\"layers\"}]}}}," +
            "\"included\":[{\"id\":\"l1\",\"type\":\"layers\",\"attributes\":{\"name\":\"L\",\"rotation_start\":\"2026-01-01T00:00:00Z\",\"interval\":{\"days\":99999999999,\"seconds\":0}},\"relationships\":{\"members\":{\"data\":[]}}}]}"));

        var error = Assert.Single(_session.Run($"Get-OnCallSchedule -Connection dd -Schedule {DatadogState.PlatformScheduleId} -Days 7").AllErrors);

        Assert.StartsWith("OnCall.Datadog.MalformedResponse,", error.FullyQualifiedErrorId);
    }
}

/// <summary>The runspace of <see cref="WriteSafetyTests"/>: vo (without client pacing), dd and zs, each with one retry.</summary>
public sealed class WriteSafetyFixture : SessionFixture
{
    protected override IEnumerable<string> Connections() =>
        [ConnectVictorOps("vo", "-NoClientPacing"), ConnectDatadog("dd", "-MaximumRetryCount 1"), ConnectZStack("zs", "-MaximumRetryCount 1")];
}

/// <summary>The runspace of <see cref="AnswerSafetyTests"/>: vo, dd and zs (the default) through a stand-in in front of the emulator.</summary>
public sealed class StandInSessionFixture : SessionFixture
{
    private StandInServer? _standIn;

    public StandInServer StandIn => _standIn ??= new StandInServer(BaseUri);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _standIn?.Dispose();
    }

    protected override IEnumerable<string> Connections() =>
    [
        ConnectCommands.ConnectVictorOps(StandIn.BaseUri, "vo", "-MaximumRetryCount 1 -NoClientPacing -SkipValidation"),
        ConnectCommands.ConnectDatadog(StandIn.BaseUri, "dd", "-MaximumRetryCount 1 -SkipValidation"),
        ConnectCommands.ConnectZStack(StandIn.BaseUri, "zs", "-MaximumRetryCount 1 -SkipValidation"),
    ];
}
