using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;

namespace OnCall.Engine.Providers;

/// <summary>Turns what Connect-OnCall collected into a live connection with the right vendor client.</summary>
public static class ProviderFactory
{
    /// <summary>Datadog sites and their API and paging hosts (vendor-apis.md B.0).</summary>
    public static IReadOnlyDictionary<string, (string Api, string Paging)> DatadogSites { get; } =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["datadoghq.com"] = ("api.datadoghq.com", "navy.oncall.datadoghq.com"),
            ["us3.datadoghq.com"] = ("api.us3.datadoghq.com", "teal.oncall.datadoghq.com"),
            ["us5.datadoghq.com"] = ("api.us5.datadoghq.com", "coral.oncall.datadoghq.com"),
            ["datadoghq.eu"] = ("api.datadoghq.eu", "beige.oncall.datadoghq.eu"),
            ["ap1.datadoghq.com"] = ("api.ap1.datadoghq.com", "saffron.oncall.datadoghq.com"),
            ["ap2.datadoghq.com"] = ("api.ap2.datadoghq.com", "lava.oncall.datadoghq.com"),
            ["ddog-gov.com"] = ("api.ddog-gov.com", "navy.oncall.datadoghq.com"),
            ["uk1.datadoghq.com"] = ("api.uk1.datadoghq.com", "scarlet.oncall.datadoghq.com"),
        };

    /// <summary>The vendor client of each provider.</summary>
    private static readonly Dictionary<OnCallProvider, Func<ApiClient, OnCallConnection, TimeProvider, IProviderClient>> Clients = new()
    {
        [OnCallProvider.VictorOps] = (client, info, time) => new VictorOps.VictorOpsClient(client, info, time),
        [OnCallProvider.Datadog] = (client, info, time) => new Datadog.DatadogClient(client, info, time),
        [OnCallProvider.ZStack] = (client, info, time) => new ZStack.ZStackClient(client, info, time),
    };

    public static ConnectionContext Create(ConnectionSettings settings) => Create(settings, TimeProvider.System);

    /// <summary>The same, on another clock (tests): every "now" of the connection comes from <paramref name="time"/>.</summary>
    internal static ConnectionContext Create(ConnectionSettings settings, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(settings.Name))
        {
            settings.Name = settings.Provider.ToString();
        }

        // Before anything else: the messages below may show the address, and it must not carry a password.
        RequireNoUserInfo(settings.BaseUri, settings.Provider);
        CheckKeys(settings);

        var (baseUri, pagingUri, profile) = settings.Provider switch
        {
            OnCallProvider.VictorOps => VictorOps(settings),
            OnCallProvider.Datadog => Datadog(settings),
            OnCallProvider.ZStack => ZStack(settings),
            _ => throw new OnCallException(OnCallErrorKind.InvalidArgument, "UnknownProvider", $"'{settings.Provider}' is not a provider this module knows."),
        };

        profile.PacingEnabled = settings.Pacing;
        RequireSafeScheme(baseUri, settings.Provider);
        var (proxy, proxyCredential) = SplitProxy(settings.Proxy, settings.ProxyCredential);
        if (proxy is not null)
        {
            RequireSafeScheme(proxy, settings.Provider, isProxy: true);
            foreach (var target in new[] { baseUri, pagingUri })
            {
                RequireNoCleartextThroughProxy(target, proxy, settings.Provider);
            }
        }

        var options = new ApiClientOptions
        {
            Timeout = settings.Timeout ?? TimeSpan.FromSeconds(30),
            MaxRetries = settings.MaxRetries ?? 4,
            Proxy = proxy is null ? null : new WebProxy(proxy) { Credentials = proxyCredential },
        };

        var info = new OnCallConnection
        {
            Name = settings.Name,
            Provider = settings.Provider,
            BaseUri = baseUri,
            PagingUri = pagingUri,
            Site = settings.Provider == OnCallProvider.Datadog ? (settings.Site ?? "datadoghq.com") : null,
            UserName = settings.UserName,
            CredentialSource = settings.CredentialSource,
            Proxy = proxy,
            ConnectedAt = time.GetLocalNow(),
        };

        var client = new ApiClient(profile, baseUri, options, time);
        return new ConnectionContext(info, client, Clients[settings.Provider](client, info, time));
    }

    private static (Uri, Uri?, VendorProfile) VictorOps(ConnectionSettings settings)
    {
        var id = Require(settings.ApiId, "ApiId", "VictorOps", "VICTOROPS_API_ID");
        var key = settings.ApiKey ?? throw Missing("ApiKey", "VictorOps", "VICTOROPS_API_KEY");
        var profile = new VictorOpsProfile(id, key);
        return (settings.BaseUri ?? new Uri("https://api.victorops.com/"), null, profile);
    }

    private static (Uri, Uri?, VendorProfile) Datadog(ConnectionSettings settings)
    {
        var apiKey = settings.ApiKey ?? throw Missing("ApiKey", "Datadog", "DD_API_KEY");
        var appKey = settings.ApplicationKey ?? throw Missing("ApplicationKey", "Datadog", "DD_APP_KEY");
        var site = string.IsNullOrWhiteSpace(settings.Site) ? "datadoghq.com" : settings.Site!.Trim().TrimEnd('/');
        if (site.StartsWith("app.", StringComparison.OrdinalIgnoreCase))
        {
            site = site.Substring(4);
        }

        Uri baseUri;
        Uri pagingUri;
        if (settings.BaseUri is not null)
        {
            // An emulator or gateway answers both the API and the paging calls.
            baseUri = settings.BaseUri;
            pagingUri = settings.BaseUri;
        }
        else if (DatadogSites.TryGetValue(site, out var hosts))
        {
            baseUri = new Uri("https://" + hosts.Api + "/");
            pagingUri = new Uri("https://" + hosts.Paging + "/");
        }
        else
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "UnknownSite",
                $"'{site}' is not a Datadog site with On-Call (sites: {string.Join(", ", DatadogSites.Keys)}). On-Call is not offered on us2.ddog-gov.com.",
                OnCallProvider.Datadog,
                site);
        }

        settings.Site = site;
        return (baseUri, pagingUri, new DatadogProfile(apiKey, appKey));
    }

    private static (Uri, Uri?, VendorProfile) ZStack(ConnectionSettings settings)
    {
        var token = settings.Token ?? throw Missing("Token", "ZStack", "ZSTACK_ONCALL_TOKEN");
        var baseUri = settings.BaseUri ?? throw new OnCallException(
            OnCallErrorKind.InvalidArgument,
            "MissingBaseUri",
            "ZStack is self-hosted: the connection needs its address (or the ZSTACK_ONCALL_URL environment variable).",
            OnCallProvider.ZStack);
        return (baseUri, null, new ZStackProfile(token));
    }

    /// <summary>Plain http sends keys in clear text: allowed only to this machine (emulators, local gateways).</summary>
    public static void RequireSafeScheme(Uri uri, OnCallProvider provider, bool isProxy = false)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            var shown = Shown(uri);
            throw new OnCallException(OnCallErrorKind.InvalidArgument, isProxy ? "InvalidProxy" : "InvalidBaseUri", $"'{shown}' is not an http or https address.", provider, shown);
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !isProxy && !IsLoopback(uri))
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "InsecureBaseUri",
                $"Refusing plain http to {uri.Host}: the keys would cross the network in clear text. Use https, or http only to a loopback address (127.0.0.1, ::1, localhost).",
                provider,
                uri.ToString());
        }
    }

    /// <summary>
    /// A user name or password in -BaseUri would be shown wherever the address is (the connection
    /// object, -Verbose, errors) and sent nowhere useful: refused, pointing at the parameters that
    /// carry keys. The message shows the address without them.
    /// </summary>
    internal static void RequireNoUserInfo(Uri? uri, OnCallProvider provider)
    {
        if (uri is { IsAbsoluteUri: true } && !string.IsNullOrEmpty(uri.UserInfo))
        {
            var shown = Shown(uri);
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "CredentialsInBaseUri",
                $"The base address carries a user name or password ({shown} with 'user:password@' before the host); refusing it, as it would be shown wherever the address is. Keys belong in the connection's keys.",
                provider,
                shown);
        }
    }

    /// <summary>
    /// The proxy's address without its user information, and the credential to use: -ProxyCredential,
    /// else the user:password the address carried. The address is what the connection object shows.
    /// </summary>
    internal static (Uri? Proxy, NetworkCredential? Credential) SplitProxy(Uri? proxy, NetworkCredential? credential)
    {
        if (proxy is null || !proxy.IsAbsoluteUri || string.IsNullOrEmpty(proxy.UserInfo))
        {
            return (proxy, credential);
        }

        var info = proxy.UserInfo;
        var colon = info.IndexOf(':');
        var fromAddress = new NetworkCredential(
            Uri.UnescapeDataString(colon < 0 ? info : info.Substring(0, colon)),
            colon < 0 ? string.Empty : Uri.UnescapeDataString(info.Substring(colon + 1)));
        return (new Uri(Shown(proxy)), credential ?? fromAddress);
    }

    /// <summary>
    /// Plain http to a loopback address is safe only while it stays on this machine: through a proxy on
    /// another host, the keys would cross the network in clear text.
    /// </summary>
    private static void RequireNoCleartextThroughProxy(Uri? target, Uri proxy, OnCallProvider provider)
    {
        if (target is not null && target.Scheme == Uri.UriSchemeHttp && !IsLoopback(proxy))
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "InsecureProxy",
                $"Refusing plain http to {target.Host} through the proxy {proxy.Host}: the keys would cross the network to the proxy in clear text. Use https, or no proxy for a local address.",
                provider,
                Shown(proxy));
        }
    }

    /// <summary>An address as it may be shown: without any user name or password.</summary>
    internal static string Shown(Uri uri)
    {
        if (!uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.OriginalString;
        }

        return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
    }

    /// <summary>
    /// Keys are checked before a connection is made: empty, blank, or holding a character no HTTP
    /// header can carry (a line break from a file, a tab, a non-ASCII letter). The message names the
    /// key, never shows it.
    /// </summary>
    internal static void CheckKeys(ConnectionSettings settings)
    {
        var provider = settings.Provider;
        CheckKey(settings.ApiId is null ? null : SecretText.FromString(settings.ApiId), provider == OnCallProvider.VictorOps ? "The VictorOps API id (ApiId, a credential's user name or VICTOROPS_API_ID)" : "The API id (ApiId)");
        CheckKey(settings.ApiKey, provider switch
        {
            OnCallProvider.VictorOps => "The VictorOps API key (ApiKey, a credential's password or VICTOROPS_API_KEY)",
            OnCallProvider.Datadog => "The Datadog API key (ApiKey, a credential's user name or DD_API_KEY)",
            _ => "The API key (ApiKey)",
        });
        CheckKey(settings.ApplicationKey, "The Datadog application key (ApplicationKey, a credential's password or DD_APP_KEY)");
        CheckKey(settings.Token, "The ZStack token (Token, a credential's password or ZSTACK_ONCALL_TOKEN)");
    }

    private static void CheckKey(System.Security.SecureString? key, string what)
    {
        if (key is null)
        {
            return;
        }

        var text = SecretText.Reveal(key);
        string? problem = null;
        if (text.Trim().Length == 0)
        {
            problem = "is empty or only blanks";
        }
        else if (text.Any(c => c < 0x20 || c == 0x7F))
        {
            problem = text.TrimEnd('\r', '\n').Length < text.Length
                ? "ends with a line break (as a key read from a file often does)"
                : "holds a control character (a line break, a tab or similar)";
        }
        else if (text.Trim().Length != text.Length)
        {
            problem = "starts or ends with a space";
        }
        else if (text.Any(c => c > 0x7E))
        {
            problem = "holds a character that is not plain ASCII, which no HTTP header can carry";
        }

        if (problem is not null)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "InvalidKey",
                $"{what} {problem}. Nothing was sent; the key is not shown.",
                null,
                what.Substring(0, what.IndexOf(" (", StringComparison.Ordinal)));
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address) && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);

    private static string Require(string? value, string parameter, string provider, string variable) =>
        string.IsNullOrWhiteSpace(value) ? throw Missing(parameter, provider, variable) : value!;

    private static OnCallException Missing(string parameter, string provider, string variable) =>
        new(OnCallErrorKind.InvalidArgument, "MissingCredential", $"{provider} needs the connection's {parameter} (from a credential, or the {variable} environment variable).", Enum.TryParse<OnCallProvider>(provider, out var p) ? p : null, parameter);
}
