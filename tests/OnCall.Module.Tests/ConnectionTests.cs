using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// Tests that connect to Datadog without keys, and the Pester suite, which sets Datadog's key variables for a moment:
/// one after the other, beside everything else.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DatadogEnvironmentCollection
{
    public const string Name = "Datadog keys in the environment";
}

/// <summary>
/// Connect-OnCall and the session's connections, in one runspace for the class: each test starts with no connection
/// and an empty host.
/// </summary>
[Collection(DatadogEnvironmentCollection.Name)]
public sealed class ConnectionTests(UnconnectedSessionFixture emulator) : IClassFixture<UnconnectedSessionFixture>
{
    private readonly PowerShellSession session = emulator.Fresh();

    [Fact]
    public void Connect_checks_the_keys_with_one_request_and_returns_a_connection_without_secrets()
    {
        var result = session.Run(emulator.ConnectVictorOps("prod") + " -Verbose -Debug");

        Assert.Empty(result.AllErrors);
        var connection = Assert.Single(result.Output);
        Assert.Equal("OnCall.Connection", connection.TypeNames[0]);
        Assert.Equal("prod", connection.Properties["Name"].Value);
        Assert.Equal(true, connection.Properties["IsDefault"].Value);
        Assert.Equal("Parameter", connection.Properties["CredentialSource"].Value);

        Assert.Contains(result.Verbose, line => line.StartsWith("GET /api-public/v1/team -> 200 in ", StringComparison.Ordinal) && line.EndsWith("(attempt 1)", StringComparison.Ordinal));
        Assert.Contains(result.Debug, line => line.Contains("X-VO-Api-Key: ****"));
        var everything = result.AllText(session.Host) + string.Join("\n", connection.Properties.Select(p => p.Name + "=" + p.Value));
        Assert.DoesNotContain(DemoCredentials.VictorOpsApiKey, everything);
    }

    [Fact]
    public void A_refused_key_is_an_authentication_error_that_says_which_header_to_check_and_shows_no_key()
    {
        var result = session.Run($"Connect-OnCall -Provider VictorOps -ApiId {DemoCredentials.VictorOpsApiId} -ApiKey 'wrong-secret-key' -BaseUri {emulator.BaseUri} -MaximumRetryCount 0");

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.VictorOps.", error.FullyQualifiedErrorId);
        Assert.Contains(error.CategoryInfo.Category, new[] { ErrorCategory.PermissionDenied, ErrorCategory.AuthenticationError });
        Assert.Contains("X-VO-Api-Key", error.Exception.Message + error.ErrorDetails?.RecommendedAction);
        Assert.DoesNotContain("wrong-secret-key", result.AllText(session.Host));
        Assert.Empty(session.RunOk("Get-OnCallConnection"));
    }

    [Fact]
    public void Plain_http_to_another_host_is_refused_before_any_request()
    {
        var result = session.Run("Connect-OnCall -Provider ZStack -Token t0ken -BaseUri http://zstack.example.com/ -SkipValidation");

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OnCall.ZStack.InsecureBaseUri,OnCall.Cmdlets.Connections.ConnectOnCallCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("loopback", error.Exception.Message);
    }

    [Fact]
    public void Missing_keys_are_a_clear_error_and_never_a_prompt()
    {
        var result = session.Run("Connect-OnCall -Provider Datadog -ApiKey only-half -SkipValidation");

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OnCall.Datadog.MissingCredential,OnCall.Cmdlets.Connections.ConnectOnCallCommand", error.FullyQualifiedErrorId);
        Assert.Contains("DD_APP_KEY", error.Exception.Message);
        Assert.DoesNotContain("only-half", result.AllText(session.Host));
    }

    [Fact]
    public void A_PSCredential_carries_the_keys_as_an_Azure_Automation_credential_asset_would()
    {
        var connection = session.RunOk(
            "$secret = [System.Net.NetworkCredential]::new('', $args[1]).SecurePassword; " +
            "$credential = [pscredential]::new($args[0], $secret); " +
            $"Connect-OnCall -Provider VictorOps -Credential $credential -BaseUri {emulator.BaseUri}",
            DemoCredentials.VictorOpsApiId,
            DemoCredentials.VictorOpsApiKey).Single();

        Assert.Equal("Credential", connection.Properties["CredentialSource"].Value);
    }

    [Fact]
    public void Datadog_and_ZStack_connect_to_their_own_endpoints()
    {
        var datadog = session.RunOk($"Connect-OnCall -Provider Datadog -ApiKey {DemoCredentials.DatadogApiKey} -ApplicationKey {DemoCredentials.DatadogApplicationKey} -Site datadoghq.eu -BaseUri {emulator.BaseUri}").Single();
        var zstack = session.RunOk($"Connect-OnCall -Provider ZStack -Token {DemoCredentials.ZStackToken} -BaseUri {emulator.BaseUri}").Single();

        Assert.Equal("datadoghq.eu", datadog.Properties["Site"].Value);
        Assert.Equal("ZStack", zstack.Properties["Name"].Value);
        Assert.Equal(new[] { "Datadog", "ZStack" }, session.RunOk("Get-OnCallConnection | ForEach-Object Name").Select(o => o.ToString()));
        Assert.Equal("ZStack", session.RunOk("Get-OnCallConnection -Default | ForEach-Object Name").Single().ToString());
    }

    [Fact]
    public void A_Datadog_site_picks_the_API_and_paging_hosts_and_an_unknown_site_says_which_exist()
    {
        var connection = session.RunOk("Connect-OnCall -Provider Datadog -ApiKey a -ApplicationKey b -Site datadoghq.eu -SkipValidation").Single();
        Assert.Equal(new Uri("https://api.datadoghq.eu/"), connection.Properties["BaseUri"].Value);
        Assert.Equal(new Uri("https://beige.oncall.datadoghq.eu/"), connection.Properties["PagingUri"].Value);

        var error = Assert.Single(session.Run("Connect-OnCall -Provider Datadog -ApiKey a -ApplicationKey b -Site datadoghq.nowhere -SkipValidation").AllErrors);
        Assert.StartsWith("OnCall.Datadog.UnknownSite", error.FullyQualifiedErrorId);
        Assert.Contains("datadoghq.eu", error.Exception.Message);
    }

    [Fact]
    public void The_last_connection_is_the_default_and_disconnecting_it_falls_back_to_the_one_before()
    {
        session.RunOk(emulator.ConnectVictorOps("first") + " | Out-Null");
        session.RunOk(emulator.ConnectVictorOps("second") + " | Out-Null");
        Assert.Equal("second", session.RunOk("Get-OnCallConnection -Default | ForEach-Object Name").Single().ToString());

        session.RunOk("Disconnect-OnCall -WhatIf");
        Assert.Equal(2, session.RunOk("Get-OnCallConnection").Count);

        session.RunOk("Disconnect-OnCall");
        Assert.Equal("first", session.RunOk("Get-OnCallConnection -Default | ForEach-Object Name").Single().ToString());

        var missing = Assert.Single(session.Run("Get-OnCallConnection -Name nope").AllErrors);
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        Assert.Contains("first", missing.Exception.Message);
    }

    [Fact]
    public void A_vendor_cmdlet_without_any_connection_says_to_connect_first()
    {
        var error = Assert.Single(session.Run("Get-OnCallUser").AllErrors);
        Assert.Equal("OnCall.Module.NotConnected,OnCall.Cmdlets.OnCall.GetOnCallUserCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-OnCall", error.ToString());
    }

    [Fact]
    public void Tab_completion_offers_the_session_connections()
    {
        session.RunOk(emulator.ConnectVictorOps("production") + " -SkipValidation | Out-Null");
        session.RunOk(emulator.ConnectVictorOps("staging") + " -SkipValidation | Out-Null");

        var matches = session.RunOk("$s = 'Get-OnCallUser -Connection pro'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText");
        Assert.Equal(new[] { "production" }, matches.Select(m => m.ToString()));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Environment variables";
}

[Collection(EnvironmentCollection.Name)]
public sealed class EnvironmentConnectionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public void Keys_come_from_the_environment_when_no_parameter_gives_them()
    {
        Environment.SetEnvironmentVariable("DD_API_KEY", DemoCredentials.DatadogApiKey);
        Environment.SetEnvironmentVariable("DD_APP_KEY", DemoCredentials.DatadogApplicationKey);
        Environment.SetEnvironmentVariable("DD_SITE", "us5.datadoghq.com");
        try
        {
            using var session = new PowerShellSession();
            var connection = session.RunOk($"Connect-OnCall -Provider Datadog -BaseUri {emulator.BaseUri}").Single();
            Assert.Equal("Environment", connection.Properties["CredentialSource"].Value);
            Assert.Equal("us5.datadoghq.com", connection.Properties["Site"].Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DD_API_KEY", null);
            Environment.SetEnvironmentVariable("DD_APP_KEY", null);
            Environment.SetEnvironmentVariable("DD_SITE", null);
        }
    }
}
