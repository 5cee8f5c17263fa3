using System;

namespace OnCall;

/// <summary>A named connection to one vendor account. Holds no secret: the engine keeps those.</summary>
public sealed class OnCallConnection
{
    public string Name { get; set; } = string.Empty;

    public OnCallProvider Provider { get; set; }

    private Uri _baseUri = new("https://localhost/");
    private Uri? _proxy;

    /// <summary>The API host. Any user name or password in the address is dropped: this object is shown everywhere.</summary>
    public Uri BaseUri
    {
        get => _baseUri;
        set => _baseUri = WithoutUserInfo(value) ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Datadog's paging host (page create, acknowledge, escalate, resolve); null for other vendors.</summary>
    public Uri? PagingUri { get; set; }

    /// <summary>Datadog site (datadoghq.com, datadoghq.eu...); null for other vendors.</summary>
    public string? Site { get; set; }

    /// <summary>The user the connection acts as where an API wants one (VictorOps userName); may be null.</summary>
    public string? UserName { get; set; }

    /// <summary>Where the keys came from: Parameter, Credential or Environment. Never the keys.</summary>
    public string CredentialSource { get; set; } = string.Empty;

    /// <summary>The proxy's address, without the user name and password it may have been given with.</summary>
    public Uri? Proxy
    {
        get => _proxy;
        set => _proxy = WithoutUserInfo(value);
    }

    public bool IsDefault { get; set; }

    public DateTimeOffset ConnectedAt { get; set; }

    public override string ToString() => $"{Provider} connection '{Name}' ({BaseUri})";

    private static Uri? WithoutUserInfo(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && !string.IsNullOrEmpty(uri.UserInfo)
            ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri
            : uri;
}
