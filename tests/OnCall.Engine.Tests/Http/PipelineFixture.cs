using OnCall.Emulator;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;

namespace OnCall.Engine.Tests.Http;

/// <summary>An emulator and quick clients for it: short backoff so retry tests take milliseconds.</summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EmulatorServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public ApiClient VictorOps(bool pacing = false, int retries = 3, TimeSpan? timeout = null, string key = DemoCredentials.VictorOpsApiKey) =>
        new(new VictorOpsProfile(DemoCredentials.VictorOpsApiId, SecretText.FromString(key)) { PacingEnabled = pacing }, Server.BaseUri, Options(retries, timeout));

    public ApiClient Datadog(int retries = 3, bool pacing = true) =>
        new(new DatadogProfile(SecretText.FromString(DemoCredentials.DatadogApiKey), SecretText.FromString(DemoCredentials.DatadogApplicationKey)) { PacingEnabled = pacing }, Server.BaseUri, Options(retries, null));

    private static ApiClientOptions Options(int retries, TimeSpan? timeout) => new()
    {
        MaxRetries = retries,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };
}
