using System;

namespace OnCall;

/// <summary>A named connection to one vendor account. Holds no secret: the engine keeps those.</summary>
public sealed class OnCallConnection
{
    public string Name { get; set; } = string.Empty;

    public OnCallProvider Provider { get; set; }

    public Uri BaseUri { get; set; } = new Uri("https://localhost/");

    /// <summary>Datadog's paging host (page create, acknowledge, escalate, resolve); null for other vendors.</summary>
    public Uri? PagingUri { get; set; }

    /// <summary>Datadog site (datadoghq.com, datadoghq.eu...); null for other vendors.</summary>
    public string? Site { get; set; }

    /// <summary>The user the connection acts as where an API wants one (VictorOps userName); may be null.</summary>
    public string? UserName { get; set; }

    /// <summary>Where the keys came from: Parameter, Credential or Environment. Never the keys.</summary>
    public string CredentialSource { get; set; } = string.Empty;

    public Uri? Proxy { get; set; }

    public bool IsDefault { get; set; }

    public DateTimeOffset ConnectedAt { get; set; }

    public override string ToString() => $"{Provider} connection '{Name}' ({BaseUri})";
}
