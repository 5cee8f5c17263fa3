using System;
using OnCall.Engine.Http;
using OnCall.Engine.Providers;

namespace OnCall.Engine.Connections;

/// <summary>A live connection: its public description, its HTTP pipeline and its vendor client.</summary>
public sealed class ConnectionContext : IDisposable
{
    internal ConnectionContext(OnCallConnection info, ApiClient client, IProviderClient provider)
    {
        Info = info;
        Client = client;
        ProviderClient = provider;
    }

    /// <summary>What the user sees (no secrets).</summary>
    public OnCallConnection Info { get; }

    public ApiClient Client { get; }

    public IProviderClient ProviderClient { get; }

    public string Name => Info.Name;

    public OnCallProvider Provider => Info.Provider;

    /// <summary>A readable target for ShouldProcess: "incident 4711 on VictorOps connection prod".</summary>
    public string Describe(string what) => $"{what} on {Provider} connection {Name}";

    public void Dispose() => Client.Dispose();
}
