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

    public ApiClient Datadog(int retries = 3) =>
        new(new DatadogProfile(SecretText.FromString(DemoCredentials.DatadogApiKey), SecretText.FromString(DemoCredentials.DatadogApplicationKey)), Server.BaseUri, Options(retries, null));

    private static ApiClientOptions Options(int retries, TimeSpan? timeout) => new()
    {
        MaxRetries = retries,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };
}

/// <summary>Keeps what the pipeline reported, for assertions.</summary>
public sealed class RecordingSink : IOperationSink
{
    public List<string> Verbose { get; } = new();

    public List<string> Debug { get; } = new();

    public List<object> Objects { get; } = new();

    public List<OnCallException> Errors { get; } = new();

    public List<OperationProgress> Progress { get; } = new();

    public void WriteObject(object item) { lock (Objects) { Objects.Add(item); } }

    public void WriteError(OnCallException error) { lock (Errors) { Errors.Add(error); } }

    public void WriteWarning(string message) { }

    public void WriteVerbose(string message) { lock (Verbose) { Verbose.Add(message); } }

    public void WriteDebug(string message) { lock (Debug) { Debug.Add(message); } }

    public void WriteProgress(OperationProgress progress) { lock (Progress) { Progress.Add(progress); } }
}
