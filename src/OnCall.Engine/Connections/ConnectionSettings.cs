using System;
using System.Net;
using System.Security;

namespace OnCall.Engine.Connections;

/// <summary>What Connect-OnCall collected. Secrets stay SecureString until a header is built.</summary>
public sealed class ConnectionSettings
{
    public string Name { get; set; } = string.Empty;

    public OnCallProvider Provider { get; set; }

    /// <summary>Overrides the vendor's host (emulators, gateways). Null for the vendor default.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>VictorOps API id (X-VO-Api-Id).</summary>
    public string? ApiId { get; set; }

    /// <summary>VictorOps X-VO-Api-Key, or Datadog DD-API-KEY.</summary>
    public SecureString? ApiKey { get; set; }

    /// <summary>Datadog DD-APPLICATION-KEY.</summary>
    public SecureString? ApplicationKey { get; set; }

    /// <summary>ZStack Bearer token.</summary>
    public SecureString? Token { get; set; }

    /// <summary>Datadog site, e.g. datadoghq.eu.</summary>
    public string? Site { get; set; }

    /// <summary>The user the connection acts as (VictorOps userName for acks and takes).</summary>
    public string? UserName { get; set; }

    public Uri? Proxy { get; set; }

    public NetworkCredential? ProxyCredential { get; set; }

    public TimeSpan? Timeout { get; set; }

    public int? MaxRetries { get; set; }

    /// <summary>Parameter, Credential or Environment: shown on the connection object instead of any key.</summary>
    public string CredentialSource { get; set; } = "Parameter";

    /// <summary>Whether client-side pacing is applied (on by default; benchmarks turn it off).</summary>
    public bool Pacing { get; set; } = true;
}
