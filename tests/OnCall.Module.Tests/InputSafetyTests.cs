using System.Collections;
using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Emulator.VictorOps;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// Issue 7, the cmdlet surface: nothing typed or piped widens into "everything", crashes the host or
/// escapes as a raw .NET exception. Each test asserts on the error record and on the requests the
/// emulator saw, so "nothing was sent" is proven, not assumed.
/// </summary>
public sealed class InputSafetyTests : IClassFixture<SessionFixture>
{
    private const string PlatformPolicy = "pol-platformops00001";

    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;
    private RunResult? _lastRun;

    public InputSafetyTests(SessionFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
        Server.Faults.Clear();
        Server.ClearRequests();
    }

    private EmulatorServer Server => _emulator.Server;

    /// <summary>Runs a script that must stop with an error of that id and send nothing.</summary>
    private ErrorRecord RefusedBeforeAnyRequest(string script, string errorId, params object?[] args)
    {
        Server.ClearRequests();
        var result = _lastRun = _session.Run(script, args);
        var error = result.Terminating ?? result.Errors.FirstOrDefault();
        Assert.True(error is not null, $"no error from: {script}");
        Assert.StartsWith(errorId + ",", error!.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.True(Server.Requests.Count == 0, $"{script} sent: " + string.Join(", ", Server.Requests.Select(r => r.Method + " " + r.Path)));
        return error;
    }

    /// <summary>
    /// As <see cref="RefusedBeforeAnyRequest"/>, and the error stops the command (typed input that is
    /// all wrong): only a terminating error reaches the catch block, which rethrows it out of the script.
    /// </summary>
    private ErrorRecord StoppedBeforeAnyRequest(string script, string errorId, params object?[] args)
    {
        var error = RefusedBeforeAnyRequest("try { " + script + " } catch { throw }", errorId, args);
        Assert.True(_lastRun!.Terminating is not null, $"{script} went on after: {error.FullyQualifiedErrorId}");
        return error;
    }

    private int OpenIncidentCount()
    {
        lock (Server.State.Sync)
        {
            return Server.State.VictorOps.Incidents.Count(i => i.CurrentPhase != VoPhase.Resolved);
        }
    }

    private void AddOpenIncidents(int count)
    {
        lock (Server.State.Sync)
        {
            var state = Server.State.VictorOps;
            for (var i = 0; i < count; i++)
            {
                var n = state.NextIncidentNumber;
                state.Incidents.Add(new VoIncident
                {
                    Number = n,
                    StartTime = Server.State.Now,
                    EntityId = "batch-" + n,
                    EntityDisplayName = "batch incident " + n,
                    Service = "batch",
                    LastAlertId = "alert-" + n,
                });
            }
        }
    }

    // ---- item 1: a given id that is blank or invalid is an error, never "all"

    [Fact]
    public void Resolving_what_an_invalid_incident_id_found_resolves_nothing_and_lists_nothing()
    {
        var open = OpenIncidentCount();

        var error = StoppedBeforeAnyRequest("Get-OnCallIncident -Id 'INC-4711' | Invoke-IncidentResolve -Confirm:$false", "OnCall.VictorOps.InvalidIncidentNumber");

        Assert.Equal("INC-4711", error.TargetObject);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(open, OpenIncidentCount());
    }

    [Fact]
    public void Removing_what_a_blank_override_id_found_deletes_nothing()
    {
        var created = _session.RunOk(
            $"Set-OnCallOverride -User {DemoPeople.Alice} -OriginalUser {DemoPeople.John} -Policy {PlatformPolicy} -Start '2031-03-01T09:00Z' -End '2031-03-02T09:00Z' -Confirm:$false").Single();
        try
        {
            StoppedBeforeAnyRequest("Get-OnCallOverride -Id '   ' | Remove-OnCallOverride -Confirm:$false", "OnCall.Module.InvalidArgument");
            StoppedBeforeAnyRequest("Remove-OnCallOverride -Id '' -Confirm:$false", "OnCall.Module.InvalidArgument");
            lock (Server.State.Sync)
            {
                Assert.Contains(Server.State.VictorOps.Overrides, o => o.PublicId == created.Properties["Id"].Value?.ToString());
            }
        }
        finally
        {
            _session.RunOk("$args[0] | Remove-OnCallOverride -Confirm:$false", created);
        }
    }

    [Theory]
    [InlineData("Invoke-IncidentAck -Id '  ' -Confirm:$false")]
    [InlineData("Invoke-IncidentAck -Id '' -Confirm:$false")]
    [InlineData("Invoke-IncidentAck -Id $null -Confirm:$false")]
    [InlineData("Invoke-IncidentResolve -Id @() -Confirm:$false")]
    [InlineData("Get-OnCallIncident -Id ' '")]
    [InlineData("Get-OnCallOverride -Id ''")]
    public void A_blank_id_typed_stops_the_command_instead_of_doing_nothing_quietly(string script)
    {
        var error = StoppedBeforeAnyRequest(script, "OnCall.Module.InvalidArgument");
        Assert.Contains("-Id", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_user_is_refused_before_the_take_on_call_is_sent()
    {
        StoppedBeforeAnyRequest($"Set-OnCallOverride -User ' ' -Policy {PlatformPolicy} -Confirm:$false", "OnCall.Module.InvalidArgument");
        StoppedBeforeAnyRequest($"Set-OnCallOverride -User {DemoPeople.Alice} -OriginalUser '' -Policy {PlatformPolicy} -Confirm:$false", "OnCall.Module.InvalidArgument");
        StoppedBeforeAnyRequest("Invoke-IncidentAck -Id 4711 -User \"`t\" -Confirm:$false", "OnCall.Module.InvalidArgument");
    }

    [Fact]
    public void A_typed_blank_stops_the_pipeline_before_the_command_upstream_reads_anything()
    {
        StoppedBeforeAnyRequest("Get-OnCallIncident | Invoke-IncidentAck -User '' -Confirm:$false", "OnCall.Module.InvalidArgument");
    }

    [Fact]
    public void Piped_blank_ids_are_errors_about_those_objects_and_the_good_ones_are_done()
    {
        AddOpenIncidents(2);
        int first;
        lock (Server.State.Sync)
        {
            first = Server.State.VictorOps.NextIncidentNumber - 2;
        }

        Server.ClearRequests();
        var result = _session.Run("$args[0], '  ', $args[1] | Invoke-IncidentAck -Confirm:$false", first.ToString(), (first + 1).ToString());

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.Module.InvalidArgument,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(2, result.Output.Count);
        var ack = Assert.Single(Server.Requests);
        Assert.Contains($"\"{first}\"", ack.Body, StringComparison.Ordinal);
        Assert.Contains($"\"{first + 1}\"", ack.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[pscustomobject]@{ Id = '' } | Get-OnCallOverride")]
    [InlineData("[pscustomobject]@{ Id = '   ' } | Get-OnCallOverride")]
    [InlineData("[pscustomobject]@{ Id = $null } | Get-OnCallOverride")]
    [InlineData("[pscustomobject]@{ Id = ' ' } | Remove-OnCallOverride -Confirm:$false")]
    [InlineData("[pscustomobject]@{ Id = '' } | Remove-OnCallOverride -Confirm:$false")]
    [InlineData("[pscustomobject]@{ Team = '' } | Get-OnCallUser")]
    [InlineData("[pscustomobject]@{ Team = @() } | Get-OnCallEscalationPolicy")]
    [InlineData("[pscustomobject]@{ Team = ' ' } | Get-OnCallTeamMember")]
    [InlineData("[pscustomobject]@{ Id = '' } | Get-OnCallIncident")]
    [InlineData("[pscustomobject]@{ IncidentNumber = ' ' } | Invoke-IncidentResolve -Confirm:$false")]
    [InlineData("[pscustomobject]@{ User = ' '; Policy = 'pol-platformops00001' } | Set-OnCallOverride -Confirm:$false")]
    public void A_piped_object_with_a_blank_id_or_nothing_to_select_is_refused_not_widened_into_a_list(string script)
    {
        RefusedBeforeAnyRequest(script, "OnCall.Module.InvalidArgument");
    }

    [Fact]
    public void A_piped_object_with_an_empty_optional_property_still_works()
    {
        // A VictorOps shift has no schedule: its empty Schedule and Team mean "not given".
        var shift = "[pscustomobject]@{ User = $args[0]; OriginalUser = $args[1]; Policy = $args[2]; Team = ''; Schedule = ''; Start = [datetimeoffset]'2031-04-01T09:00Z'; End = [datetimeoffset]'2031-04-02T09:00Z' }";
        Server.ClearRequests();
        var created = _session.RunOk(shift + " | Set-OnCallOverride -Confirm:$false", DemoPeople.Alice, DemoPeople.John, PlatformPolicy).Single();
        try
        {
            Assert.Contains(Server.Requests, r => r.Method == "POST" && r.Path == "/api-public/v1/overrides");
            var assign = Assert.Single(Server.Requests, r => r.Method == "PUT");
            Assert.EndsWith("/assignments/" + PlatformPolicy, assign.Path, StringComparison.Ordinal);
            Assert.Contains(DemoPeople.Alice, assign.Body, StringComparison.Ordinal);
        }
        finally
        {
            _session.RunOk("$args[0] | Remove-OnCallOverride -Confirm:$false", created);
        }
    }

    [Fact]
    public void Teams_piped_to_Get_OnCallUser_bind_by_name_and_give_only_their_people()
    {
        var all = _session.RunOk("Get-OnCallUser");
        var platform = _session.RunOk("Get-OnCallTeam -Name 'Platform*' | Get-OnCallUser");

        Assert.NotEmpty(platform);
        Assert.All(platform, u => Assert.Equal("Platform Ops", u.Properties["Team"].Value));
        Assert.True(platform.Count < all.Count, "the teams piped in must narrow the answer, not widen it");
    }

    [Fact]
    public void Typed_ids_that_are_all_invalid_stop_the_command_and_a_mix_does_the_good_ones()
    {
        StoppedBeforeAnyRequest("Invoke-IncidentAck -Id 'abc', 'INC-1' -Confirm:$false", "OnCall.VictorOps.InvalidIncidentNumber");
        StoppedBeforeAnyRequest("Add-OnCallIncidentNote -Id 'x1' -Text 'note' -Confirm:$false", "OnCall.VictorOps.InvalidIncidentNumber");
        StoppedBeforeAnyRequest("Invoke-IncidentReroute -Id 'x1' -Target 'User:john.smith' -Confirm:$false", "OnCall.VictorOps.InvalidIncidentNumber");

        Server.ClearRequests();
        var result = _session.Run("Get-OnCallIncident -Id 'x1', 305");
        Assert.Single(result.AllErrors);
        Assert.Equal("305", Assert.Single(result.Output).Properties["Id"].Value);
        Assert.Null(result.Terminating);
        Assert.DoesNotContain(Server.Requests, r => r.Path == "/api-public/v1/incidents");
    }

    [Fact]
    public void An_object_from_another_vendor_sent_to_a_connection_is_refused()
    {
        var page = "[pscustomobject]@{ Id = '15e74b8b-f865-48d0-bcc5-453323ed2c8f'; Provider = 'Datadog'; Connection = 'dd' }";
        RefusedBeforeAnyRequest(page + " | Invoke-IncidentAck -Connection vo -Confirm:$false", "OnCall.Module.ProviderMismatch");
        RefusedBeforeAnyRequest("[pscustomobject]@{ Id = '305'; Provider = 'Datadog' } | Invoke-IncidentAck -Connection vo -Confirm:$false", "OnCall.Module.ProviderMismatch");
    }

    // ---- item 2: a body that cannot be JSON is an error before any request, never a crash

    [Theory]
    [InlineData("$h = @{}; $h.self = $h; Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body $h -Confirm:$false", "refers to itself")]
    [InlineData("$h = @{ list = [System.Collections.ArrayList]::new() }; $null = $h.list.Add($h); Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body $h -Confirm:$false", "refers to itself")]
    [InlineData("$o = [pscustomobject]@{ a = 1 }; $o.psobject.Properties.Add([psnoteproperty]::new('self', $o)); Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body $o -Confirm:$false", "itself")]
    [InlineData("$h = @{}; $c = $h; foreach ($i in 1..100) { $c.next = @{}; $c = $c.next }; Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body $h -Confirm:$false", "deeper than")]
    [InlineData("Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body ([System.Diagnostics.Process]::GetCurrentProcess()) -Confirm:$false", "System.Diagnostics.Process")]
    [InlineData("Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body @{ p = [System.Diagnostics.Process]::GetCurrentProcess() } -Confirm:$false", "$.p")]
    [InlineData("Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body @{ n = [double]::NaN } -Confirm:$false", "NaN")]
    [InlineData("Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Body 'not json {' -Confirm:$false", "not JSON")]
    [InlineData("[System.Diagnostics.Process]::GetCurrentProcess() | Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Confirm:$false", "no JSON form")]
    public void A_body_that_cannot_be_JSON_is_a_clear_error_and_nothing_is_sent(string script, string says)
    {
        var error = RefusedBeforeAnyRequest(script, "OnCall.Module.InvalidBody");
        Assert.Contains(says, error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deep_body_of_hashtables_and_objects_is_sent_whole()
    {
        Server.ClearRequests();
        // The emulator records the body before it answers 404 for a path it does not know.
        _session.Run("$b = @{ a = @{ b = @{ c = [pscustomobject]@{ d = @(1, 'two', @{ e = $true }) } } } }; Invoke-OnCallApi -Method POST -Path /api-public/v1/no-such-endpoint -Body $b -Confirm:$false");

        var sent = Assert.Single(Server.Requests);
        Assert.Equal("{\"a\":{\"b\":{\"c\":{\"d\":[1,\"two\",{\"e\":true}]}}}}", sent.Body);
    }

    // ---- item 6: every incident of a failed batch is its own error

    [Fact]
    public void A_server_error_in_a_batched_ack_is_one_error_per_incident_with_that_incident_as_target()
    {
        AddOpenIncidents(600);
        List<string> numbers;
        lock (Server.State.Sync)
        {
            numbers = Server.State.VictorOps.Incidents.Where(i => i.Service == "batch" && i.CurrentPhase == VoPhase.Unacked).Select(i => i.Number.ToString()).Take(600).ToList();
        }

        var fault = Server.Faults.ServerError("/api-public/v1/incidents/ack", count: 1000, statusCode: 503, method: "PATCH");
        try
        {
            var result = _session.Run("$args[0] | Invoke-IncidentAck -Confirm:$false", (object)numbers.ToArray());

            Assert.Empty(result.Output);
            var targets = result.AllErrors.Select(e => e.TargetObject?.ToString()).ToList();
            Assert.Equal(numbers.OrderBy(n => n), targets.OrderBy(n => n));
            Assert.All(result.AllErrors, e => Assert.StartsWith("OnCall.VictorOps.", e.FullyQualifiedErrorId, StringComparison.Ordinal));
            Assert.DoesNotContain(result.AllErrors, e => e.TargetObject?.ToString()?.Contains('/', StringComparison.Ordinal) == true);
            Assert.True(fault.Hits >= 2, "both batches were tried: a server error does not stop the next batch");
        }
        finally
        {
            Server.Faults.Remove(fault);
        }
    }

    [Fact]
    public void A_refused_key_in_a_batched_resolve_names_every_incident_and_sends_no_further_batch()
    {
        // A read-only key, the default connection for this test (the next test's session is made anew).
        _session.RunOk($"Connect-OnCall -Provider VictorOps -Name ro -ApiId {DemoCredentials.VictorOpsApiId} -ApiKey {DemoCredentials.VictorOpsReadOnlyApiKey} -BaseUri {_emulator.BaseUri} -UserName john.smith -MaximumRetryCount 1 -NoClientPacing | Out-Null");
        var numbers = Enumerable.Range(100_000, 750).Select(n => n.ToString()).ToArray();
        Server.ClearRequests();

        var result = _session.Run("$args[0] | Invoke-IncidentResolve -Confirm:$false", (object)numbers);

        Assert.Equal(numbers, result.AllErrors.Select(e => e.TargetObject?.ToString()).OrderBy(n => n).ToArray());
        Assert.Single(Server.Requests, r => r.Method == "PATCH");
        Assert.Equal(250, result.AllErrors.Count(e => e.Exception.Message.Contains("was not attempted", StringComparison.Ordinal)));
    }

    // ---- item 7: no raw .NET exception escapes

    [Theory]
    [InlineData("Get-OnCallSchedule -Team 'Platform Ops' -Start '9999-12-25'")]
    [InlineData("Get-OnCallSchedule -Team 'Platform Ops' -End ([datetimeoffset]::MaxValue)")]
    [InlineData("Get-OnCallUser -At ([datetimeoffset]::MaxValue)")]
    [InlineData("Get-OnCallUser -At ([datetimeoffset]::MinValue)")]
    [InlineData("Get-OnCallIncident -History -Start '0001-01-01' -End '2030-01-01'")]
    [InlineData("Get-OnCallOverride -Start '9999-12-31'")]
    [InlineData("Set-OnCallOverride -User alice.nguyen -OriginalUser john.smith -Start '2030-01-01' -End ([datetimeoffset]::MaxValue) -Confirm:$false")]
    public void A_time_at_the_end_of_the_calendar_is_refused_before_any_request(string script)
    {
        var error = StoppedBeforeAnyRequest(script, "OnCall.Module.TimeOutOfRange");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void A_connection_name_that_is_not_a_wildcard_pattern_is_a_name_that_is_not_found()
    {
        var error = RefusedBeforeAnyRequest("Get-OnCallConnection -Name '['", "OnCall.Module.ConnectionNotFound");
        Assert.Equal("[", error.TargetObject);
        Assert.Equal("vo", Assert.Single(_session.RunOk("Get-OnCallConnection -Name 'v[o]'")).Properties["Name"].Value);
    }

    [Theory]
    [InlineData("\"a`0b.ics\"")]
    [InlineData("\"a`nb.ics\"")]
    [InlineData("'Variable:/x'")]
    [InlineData("' '")]
    public void A_calendar_path_no_file_can_have_stops_the_pipeline_before_the_schedule_is_read(string path)
    {
        StoppedBeforeAnyRequest("Get-OnCallSchedule -Team 'Platform Ops' -Days 2 | Export-OnCallCalendar -Path " + path, "OnCall.Module.InvalidPath");
    }

    [Fact]
    public void An_unexpected_exception_becomes_an_OnCall_error_with_the_original_inside_and_no_secret()
    {
        var query = new ThrowingDictionary("enumeration failed near key " + DemoCredentials.VictorOpsApiKey);

        var error = StoppedBeforeAnyRequest("Invoke-OnCallApi -Path /api-public/v1/team -Query $args[0]", "OnCall.Module.Unexpected", query);

        Assert.IsType<InvalidOperationException>(error.Exception.InnerException);
        Assert.Contains("InvalidOperationException", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCredentials.VictorOpsApiKey, error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCredentials.VictorOpsApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCredentials.VictorOpsApiKey, error.ErrorDetails?.Message ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_own_errors_stay_what_they_are()
    {
        var binding = _session.Run("Get-OnCallSchedule -Team 'Platform Ops' -Days 'many'").AllErrors.Single();
        Assert.IsAssignableFrom<ParameterBindingException>(binding.Exception);

        var stop = _session.Run("$ErrorActionPreference = 'Stop'; Get-OnCallTeam -Name 'No Such Team*', 'No Such Team'");
        Assert.NotNull(stop.Terminating);
        Assert.DoesNotContain("Unexpected", stop.Terminating!.FullyQualifiedErrorId, StringComparison.Ordinal);
        _session.Run("$ErrorActionPreference = 'Continue'");

        var thrown = _session.Run("Get-OnCallTeam | ForEach-Object { throw 'stop here' }");
        Assert.Equal("stop here", thrown.Terminating?.FullyQualifiedErrorId);
    }

    // ---- item 12: time zones and raw paths

    [Theory]
    [InlineData("'Mars/Olympus_Mons'", "OnCall.Module.UnknownTimeZone")]
    [InlineData("('x' * 10000)", "OnCall.Module.InvalidArgument")]
    [InlineData("\"Europe/Berlin`r`nX-Injected: 1\"", "OnCall.Module.InvalidArgument")]
    [InlineData("''", "OnCall.Module.InvalidArgument")]
    public void A_time_zone_VictorOps_would_not_know_is_refused_before_any_request(string zone, string errorId)
    {
        StoppedBeforeAnyRequest(
            $"Set-OnCallOverride -User {DemoPeople.Alice} -OriginalUser {DemoPeople.John} -Policy {PlatformPolicy} -Start '2031-05-01T09:00Z' -End '2031-05-02T09:00Z' -TimeZone {zone} -Confirm:$false",
            errorId);
    }

    [Fact]
    public void A_time_zone_is_sent_as_the_tz_database_spells_it()
    {
        Server.ClearRequests();
        var created = _session.RunOk(
            $"Set-OnCallOverride -User {DemoPeople.Alice} -OriginalUser {DemoPeople.John} -Policy {PlatformPolicy} -Start '2031-06-01T09:00Z' -End '2031-06-02T09:00Z' -TimeZone 'europe/berlin' -Confirm:$false").Single();
        try
        {
            var post = Assert.Single(Server.Requests, r => r.Method == "POST" && r.Path == "/api-public/v1/overrides");
            Assert.Contains("\"timezone\":\"Europe/Berlin\"", post.Body, StringComparison.Ordinal);
        }
        finally
        {
            _session.RunOk("$args[0] | Remove-OnCallOverride -Confirm:$false", created);
        }
    }

    [Theory]
    [InlineData("/a/../../etc/passwd")]
    [InlineData("/api-public/v1/../v1/team")]
    [InlineData("/api-public/./v1/team")]
    [InlineData("/api-public/v1/team/..")]
    [InlineData("/api-public/%2e%2e/api-public/v1/team")]
    [InlineData("/api-public/%2E%2E/x")]
    [InlineData("/api-public/.%2e/x")]
    [InlineData("/api-public/%252e%252e/x")]
    [InlineData("/api-public/v1%2f..%2f..%2fx")]
    [InlineData("/api-public/..;/x")]
    [InlineData("/api-public\\..\\x")]
    [InlineData("/api-public/v1/team\n")]
    [InlineData("/api-public/v1/team%0d%0aX-Injected:%201")]
    [InlineData("/api-public/v1/te\u0000am")]
    [InlineData("/api-public/v1/team#x")]
    [InlineData("https://evil.example.com/api-public/v1/team")]
    [InlineData("http://127.0.0.1/api-public/v1/team")]
    [InlineData("//evil.example.com/x")]
    [InlineData("api-public/v1/team")]
    [InlineData("")]
    [InlineData("   ")]
    public void Invoke_OnCallApi_refuses_a_path_that_would_reach_another_path_or_host(string path)
    {
        StoppedBeforeAnyRequest("Invoke-OnCallApi -Path $args[0] -Method DELETE -Confirm:$false", "OnCall.Module.InvalidPath", path);
    }

    [Fact]
    public void Invoke_OnCallApi_still_takes_dots_inside_names_and_a_query_in_the_path()
    {
        Server.ClearRequests();
        _session.RunOk("Invoke-OnCallApi -Path '/api-public/v1/user/john.smith' | Out-Null");
        Assert.Equal("/api-public/v1/user/john.smith", Assert.Single(Server.Requests).Path);
    }

    /// <summary>A dictionary that fails while it is read, as a live .NET object can: the one way to reach the "unexpected" path on purpose.</summary>
    private sealed class ThrowingDictionary(string message) : Hashtable
    {
        public override IDictionaryEnumerator GetEnumerator() => throw new InvalidOperationException(message);

        public override int Count => 1;
    }
}
