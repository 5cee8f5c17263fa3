using OnCall.Emulator;
using OnCall.Engine.Connections;
using OnCall.Engine.Providers;

namespace OnCall.Engine.Tests.ZStackProvider;

/// <summary>A clock tests move by hand, so the emulator's "now" can be any instant.</summary>
public sealed class ManualClock : TimeProvider
{
    public ManualClock(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Everything the engine wrote through the sink.</summary>
public sealed class CollectingSink : IOperationSink
{
    public List<object> Objects { get; } = new();

    public List<OnCallException> Errors { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<string> Verbose { get; } = new();

    public IEnumerable<T> Of<T>() => Objects.OfType<T>();

    public void WriteObject(object item) { lock (Objects) { Objects.Add(item); } }

    public void WriteError(OnCallException error) { lock (Errors) { Errors.Add(error); } }

    public void WriteWarning(string message) { lock (Warnings) { Warnings.Add(message); } }

    public void WriteVerbose(string message) { lock (Verbose) { Verbose.Add(message); } }

    public void WriteDebug(string message) { }

    public void WriteProgress(OperationProgress progress) { }
}

/// <summary>Connections to the emulator the way Connect-OnCall makes them.</summary>
public static class ProviderTestKit
{
    public static ConnectionContext ZStack(EmulatorServer server, string? userName = "ops.bot") => ProviderFactory.Create(new ConnectionSettings
    {
        Name = "zs",
        Provider = OnCallProvider.ZStack,
        BaseUri = server.BaseUri,
        Token = SecretText.FromString(DemoCredentials.ZStackToken),
        UserName = userName,
        MaxRetries = 1,
    });

    public static ConnectionContext Datadog(EmulatorServer server) => ProviderFactory.Create(new ConnectionSettings
    {
        Name = "dd",
        Provider = OnCallProvider.Datadog,
        BaseUri = server.BaseUri,
        ApiKey = SecretText.FromString(DemoCredentials.DatadogApiKey),
        ApplicationKey = SecretText.FromString(DemoCredentials.DatadogApplicationKey),
        MaxRetries = 1,
    });

    public static T Capability<T>(ConnectionContext context)
        where T : class => context.Require<T>(typeof(T).Name);
}
