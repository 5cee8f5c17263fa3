using OnCall.Emulator;
using OnCall.Engine.Connections;
using OnCall.Engine.Providers;

namespace OnCall.Engine.Tests.TestSupport;

/// <summary>Connections to the emulator the way Connect-OnCall makes them, on the emulator's clock.</summary>
public static class ProviderTestKit
{
    public static ConnectionContext ZStack(EmulatorServer server, string? userName = "ops.bot")
    {
        var settings = new ConnectionSettings
        {
            Name = "zs",
            Provider = OnCallProvider.ZStack,
            BaseUri = server.BaseUri,
            Token = SecretText.FromString(DemoCredentials.ZStackToken),
            UserName = userName,
            MaxRetries = 1,
        };
        return ProviderFactory.Create(settings, server.Options.TimeProvider);
    }

    public static ConnectionContext Datadog(EmulatorServer server) => Datadog(server.BaseUri, server.Options.TimeProvider);

    public static ConnectionContext Datadog(Uri baseUri, TimeProvider? time = null)
    {
        var settings = new ConnectionSettings
        {
            Name = "dd",
            Provider = OnCallProvider.Datadog,
            BaseUri = baseUri,
            ApiKey = SecretText.FromString(DemoCredentials.DatadogApiKey),
            ApplicationKey = SecretText.FromString(DemoCredentials.DatadogApplicationKey),
            MaxRetries = 1,
        };
        return ProviderFactory.Create(settings, time ?? TimeProvider.System);
    }

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
