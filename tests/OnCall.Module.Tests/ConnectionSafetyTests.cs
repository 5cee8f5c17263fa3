using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// Connect-OnCall and the connection object under bad keys, addresses and proxies (issue 7, items 3, 8 and 9), in one
/// runspace for the class: each test starts with no connection and an empty host.
/// </summary>
public sealed class ConnectionSafetyTests(UnconnectedSessionFixture emulator) : IClassFixture<UnconnectedSessionFixture>
{
    private const string Key = "distinctive-key-7f3a9c";

    private readonly PowerShellSession session = emulator.Fresh();

    public static TheoryData<string, string> BadKeys => new()
    {
        { "-Provider VictorOps -ApiId demo-api-id -ApiKey $args[0]", "\n" },
        { "-Provider VictorOps -ApiId demo-api-id -ApiKey $args[0]", "\r\n" },
        { "-Provider VictorOps -ApiId demo-api-id -ApiKey $args[0]", "\t" },
        { "-Provider Datadog -ApiKey $args[0] -ApplicationKey demo-app-key", "\n" },
        { "-Provider Datadog -ApiKey demo-api-key -ApplicationKey $args[0]", " " },
        { "-Provider ZStack -Token $args[0]", "\n" },
        { "-Provider ZStack -Token $args[0]", "\u00e9" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void A_key_with_a_line_break_or_other_unsendable_character_is_refused_at_connect_and_never_shown(string parameters, string damage)
    {
        emulator.Server.ClearRequests();

        // -SkipValidation: the key is refused by Connect-OnCall itself, not by the first request failing.
        var result = session.Run($"Connect-OnCall {parameters} -BaseUri {emulator.BaseUri} -SkipValidation -Verbose -Debug", Key + damage);

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OnCall.Module.InvalidKey,OnCall.Cmdlets.Connections.ConnectOnCallCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("not shown", error.Exception.Message);
        Assert.DoesNotContain(Key, result.AllText(session.Host));
        Assert.Empty(emulator.Server.Requests);
        Assert.Empty(session.RunOk("Get-OnCallConnection"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_or_blank_key_is_refused_at_connect(string key)
    {
        var error = Assert.Single(session.Run($"Connect-OnCall -Provider ZStack -Token $args[0] -BaseUri {emulator.BaseUri}", key).AllErrors);

        Assert.Equal("OnCall.Module.InvalidKey,OnCall.Cmdlets.Connections.ConnectOnCallCommand", error.FullyQualifiedErrorId);
        Assert.Contains("empty", error.Exception.Message);
    }

    [Fact]
    public void A_key_with_a_trailing_line_break_from_a_credential_is_refused_too()
    {
        var result = session.Run(
            "$secret = [System.Net.NetworkCredential]::new('', $args[0]).SecurePassword; " +
            $"Connect-OnCall -Provider VictorOps -Credential ([pscredential]::new('demo-api-id', $secret)) -BaseUri {emulator.BaseUri} -SkipValidation",
            Key + "\n");

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.Module.InvalidKey,", error.FullyQualifiedErrorId);
        Assert.Contains("line break", error.Exception.Message);
        Assert.DoesNotContain(Key, result.AllText(session.Host));
    }

    [Fact]
    public void A_user_name_and_password_in_BaseUri_are_refused_and_the_password_is_never_shown()
    {
        var address = new UriBuilder(emulator.BaseUri) { UserName = "ops", Password = "pa55-in-uri-91x" }.Uri.AbsoluteUri;

        var result = session.Run($"Connect-OnCall -Provider ZStack -Token {DemoCredentials.ZStackToken} -BaseUri $args[0] -Verbose -Debug", address);

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OnCall.ZStack.CredentialsInBaseUri,OnCall.Cmdlets.Connections.ConnectOnCallCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Credential", error.ToString());
        Assert.DoesNotContain("pa55-in-uri-91x", result.AllText(session.Host) + error.TargetObject);
        Assert.Empty(session.RunOk("Get-OnCallConnection"));
    }

    [Fact]
    public void A_proxy_password_is_never_printed_by_the_connection_its_views_JSON_verbose_or_debug()
    {
        const string Password = "proxy-pa55-63kq";

        // An https API through an (unreachable) proxy: the connection is made without a request, then one call fails at the proxy.
        var connected = session.Run($"Connect-OnCall -Provider Datadog -Name dd -ApiKey a-key -ApplicationKey an-app-key -Proxy 'http://proxyuser:{Password}@127.0.0.1:9/' -SkipValidation -MaximumRetryCount 0 -Verbose -Debug");
        Assert.Empty(connected.AllErrors);
        var connection = Assert.Single(connected.Output);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), connection.Properties["Proxy"].Value);

        // What a user could print: the default view, Format-List of every property, the object as JSON and as text.
        session.Host.ClearText();
        var shown = session.Run(
            "$c = Get-OnCallConnection -Name dd; $c | Out-Default; $c | Format-List -Property * -Force | Out-String; $c | ConvertTo-Json -Depth 5; \"$c\"; $c.ToString(); " +
            "Get-OnCallTeam -Connection dd -Verbose -Debug");
        Assert.NotEmpty(shown.AllErrors);
        Assert.All(shown.AllErrors, e => Assert.StartsWith("OnCall.Datadog.", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        var json = session.RunOk("Get-OnCallConnection -Name dd | ConvertTo-Json -Depth 5").Single().ToString();
        Assert.Contains("127.0.0.1:9", json);
        Assert.Contains(shown.Output, o => o?.ToString()?.Contains("Proxy", StringComparison.Ordinal) == true && o.ToString()!.Contains("127.0.0.1:9", StringComparison.Ordinal));
        var everything = connected.AllText(session.Host) + shown.AllText(session.Host) + json + string.Join("\n", shown.Output.Select(o => o?.ToString()));
        Assert.DoesNotContain(Password, everything);
        Assert.DoesNotContain("proxyuser", everything);
    }

    [Fact]
    public void Plain_http_to_a_loopback_address_through_a_proxy_on_another_host_is_refused()
    {
        emulator.Server.ClearRequests();

        var result = session.Run(emulator.ConnectVictorOps("vo", "-Proxy http://proxy.example.com:3128/"));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OnCall.VictorOps.InsecureProxy,OnCall.Cmdlets.Connections.ConnectOnCallCommand", error.FullyQualifiedErrorId);
        Assert.Contains("clear text", error.Exception.Message);
        Assert.Empty(emulator.Server.Requests);
    }

    [Theory]
    [InlineData("Datadog", "/api/v2/team", "<!DOCTYPE html><html><body>Sign in</body></html>")]
    [InlineData("Datadog", "/api/v2/team", "{\"error\":\"login required\"}")]
    [InlineData("ZStack", "/api/v1/oncall/schedules", "<!DOCTYPE html><html><body>Sign in</body></html>")]
    [InlineData("ZStack", "/api/v1/oncall/schedules", "null")]
    public void Connect_checks_that_the_answer_is_the_vendors_not_a_login_page(string provider, string path, string body)
    {
        using var standIn = new StandInServer(emulator.BaseUri).On("GET", path, StandInAnswer.Canned(200, body));
        var keys = provider == "Datadog"
            ? $"-ApiKey {DemoCredentials.DatadogApiKey} -ApplicationKey {DemoCredentials.DatadogApplicationKey}"
            : $"-Token {DemoCredentials.ZStackToken}";

        var result = session.Run($"Connect-OnCall -Provider {provider} {keys} -BaseUri {standIn.BaseUri}");

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith($"OnCall.{provider}.MalformedResponse,", error.FullyQualifiedErrorId);
        Assert.Empty(session.RunOk("Get-OnCallConnection"));
    }
}

/// <summary>Pacing belongs to the account (issue 7, item 10): runspaces connected to one account share its limit.</summary>
public sealed class SharedPacingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public void Runspaces_connected_to_one_account_stay_inside_its_limit_together()
    {
        const int Runspaces = 6;
        const int CallsEach = 2;
        var sessions = Enumerable.Range(0, Runspaces).Select(_ => new PowerShellSession()).ToList();
        emulator.Server.RateLimits.Reset();
        emulator.Server.RateLimits.VictorOps = true;
        try
        {
            for (var i = 0; i < Runspaces; i++)
            {
                sessions[i].RunOk(emulator.ConnectVictorOps("vo" + i, "-SkipValidation") + " | Out-Null");
            }

            emulator.Server.ClearRequests();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var results = sessions.AsParallel().WithDegreeOfParallelism(Runspaces)
                .Select((s, i) => s.Run($"1..{CallsEach} | ForEach-Object {{ Get-OnCallIncident -Connection vo{i} }}"))
                .ToList();
            watch.Stop();

            Assert.All(results, r => Assert.Empty(r.AllErrors));
            Assert.Equal(0, emulator.Server.RateLimits.TooManyRequestsSent);
            var sent = emulator.Server.Requests.Where(r => r.Path == "/api-public/v1/incidents").Select(r => r.Timestamp).OrderBy(t => t).ToList();
            Assert.Equal(Runspaces * CallsEach, sent.Count);
            for (var i = 2; i < sent.Count; i++)
            {
                Assert.True(sent[i] - sent[i - 2] >= TimeSpan.FromSeconds(1), $"three calls within a second: {sent[i - 2]:O}, {sent[i]:O}");
            }

            // Twelve calls at two a second: at least five and a half seconds, whatever the machine.
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(5), "took only " + watch.Elapsed);
        }
        finally
        {
            emulator.Server.RateLimits.VictorOps = false;
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }
}
