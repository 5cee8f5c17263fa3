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

    public static ConnectionContext Datadog(EmulatorServer server) => Datadog(server.BaseUri);

    public static ConnectionContext Datadog(Uri baseUri) => ProviderFactory.Create(new ConnectionSettings
    {
        Name = "dd",
        Provider = OnCallProvider.Datadog,
        BaseUri = baseUri,
        ApiKey = SecretText.FromString(DemoCredentials.DatadogApiKey),
        ApplicationKey = SecretText.FromString(DemoCredentials.DatadogApplicationKey),
        MaxRetries = 1,
    });

    /// <summary>
    /// The emulator records a request after its answer is written, so a client can see the answer first: wait
    /// (briefly) until a matching request is on record.
    /// </summary>
    public static async Task<RecordedRequest?> SawAsync(EmulatorServer server, Func<RecordedRequest, bool> match, int count = 1)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = server.Requests.Where(match).ToList();
            if (found.Count >= count)
            {
                return found[found.Count - 1];
            }

            await Task.Delay(20);
        }

        return null;
    }

    public static T Capability<T>(ConnectionContext context)
        where T : class => Assert.IsAssignableFrom<T>(context.ProviderClient);
}
