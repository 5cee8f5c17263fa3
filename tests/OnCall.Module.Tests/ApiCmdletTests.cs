using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>Invoke-OnCallApi, in one runspace connected to one emulator's VictorOps.</summary>
public sealed class ApiCmdletTests(SessionFixture emulator) : IClassFixture<SessionFixture>
{
    private readonly PowerShellSession session = emulator.Fresh();

    [Fact]
    public void Invoke_OnCallApi_reaches_any_endpoint_with_the_connection_auth_and_returns_objects()
    {
        var result = session.Run("Invoke-OnCallApi -Path /api-public/v1/team -Verbose");

        Assert.Empty(result.AllErrors);
        Assert.NotEmpty(result.Output);
        Assert.All(result.Output, team => Assert.NotNull(team.Properties["slug"]?.Value));
        Assert.Contains(result.Verbose, v => v.StartsWith("GET /api-public/v1/team -> 200", StringComparison.Ordinal));
    }

    [Fact]
    public void Invoke_OnCallApi_refuses_a_path_that_would_leave_the_connection_host()
    {
        emulator.Server.ClearRequests();

        foreach (var path in new[] { "https://evil.example.com/x", "//evil.example.com/x", "api-public/v1/team" })
        {
            var error = Assert.Single(session.Run("Invoke-OnCallApi -Path $args[0]", path).AllErrors);
            Assert.Equal("OnCall.Module.InvalidPath,OnCall.Cmdlets.Api.InvokeOnCallApiCommand", error.FullyQualifiedErrorId);
        }

        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public void Invoke_OnCallApi_asks_before_changing_anything()
    {
        emulator.Server.ClearRequests();

        session.RunOk("Invoke-OnCallApi -Method POST -Path /api-public/v1/team -Body @{ name = 'x' } -WhatIf");

        Assert.Empty(emulator.Server.Requests);
    }

    // Ctrl+C is proved in Reliability/CancellationTests, which waits until the request is in flight before stopping.
}
