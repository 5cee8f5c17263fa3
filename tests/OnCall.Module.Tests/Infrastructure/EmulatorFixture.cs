using OnCall.Emulator;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>One emulator for a test class, started on 127.0.0.1 with a free port.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public Uri BaseUri => Server.BaseUri;

    public async Task InitializeAsync() => Server = await EmulatorServer.StartAsync(new EmulatorOptions { ReportingInterval = TimeSpan.FromMilliseconds(300) });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Connect-OnCall to the emulator's VictorOps with the demo keys.</summary>
    public string ConnectVictorOps(string name = "vo", string extra = "") =>
        $"Connect-OnCall -Provider VictorOps -Name {name} -ApiId {DemoCredentials.VictorOpsApiId} -ApiKey {DemoCredentials.VictorOpsApiKey} -BaseUri {BaseUri} -UserName john.smith -MaximumRetryCount 1 {extra}";
}
