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
    private static readonly Dictionary<OnCallProvider, Func<ConnectionSettings, ApiClient, OnCallConnection, IProviderClient>> Clients = new()
    {
        [OnCallProvider.VictorOps] = (settings, client, info) => new VictorOps.VictorOpsClient(client, info),
        [OnCallProvider.Datadog] = (settings, client, info) => new Datadog.DatadogClient(settings, client, info),
        [OnCallProvider.ZStack] = (settings, client, info) => new ZStack.ZStackClient(settings, client, info),
    };

    public static ConnectionContext Create(ConnectionSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Name))
        {
            settings.Name = settings.Provider.ToString();
        }

        var (baseUri, pagingUri, profile) = settings.Provider switch
        {
            OnCallProvider.VictorOps => VictorOps(settings),
            OnCallProvider.Datadog => Datadog(settings),
            OnCallProvider.ZStack => ZStack(settings),
            _ => throw new OnCallException(OnCallErrorKind.InvalidArgument, "UnknownProvider", $"'{settings.Provider}' is not a provider this module knows."),
        };

        RequireSafeScheme(baseUri, settings.Provider);
        if (settings.Proxy is not null)
        {
            RequireSafeScheme(settings.Proxy, settings.Provider, isProxy: true);
        }

        var options = new ApiClientOptions
        {
            Timeout = settings.Timeout ?? TimeSpan.FromSeconds(30),
            MaxRetries = settings.MaxRetries ?? 4,
            Proxy = settings.Proxy is null ? null : new WebProxy(settings.Proxy) { Credentials = settings.ProxyCredential },
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
            Proxy = settings.Proxy,
            ConnectedAt = DateTimeOffset.Now,
        };

        var client = new ApiClient(profile, baseUri, options);
        return new ConnectionContext(info, client, Clients[settings.Provider](settings, client, info));
    }

    private static (Uri, Uri?, VendorProfile) VictorOps(ConnectionSettings settings)
    {
        var id = Require(settings.ApiId, "ApiId", "VictorOps", "VICTOROPS_API_ID");
        var key = settings.ApiKey ?? throw Missing("ApiKey", "VictorOps", "VICTOROPS_API_KEY");
        _ = id;
        var profile = new VictorOpsProfile(settings.ApiId!, key) { PacingEnabled = settings.Pacing };
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
            "ZStack is self-hosted: give its address with -BaseUri (or the ZSTACK_ONCALL_URL environment variable).",
            OnCallProvider.ZStack);
        return (baseUri, null, new ZStackProfile(token));
    }

    /// <summary>Plain http sends keys in clear text: allowed only to this machine (emulators, local gateways).</summary>
    public static void RequireSafeScheme(Uri uri, OnCallProvider provider, bool isProxy = false)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidBaseUri", $"'{uri}' is not an http or https address.", provider, uri.ToString());
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

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address) && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);

    private static string Require(string? value, string parameter, string provider, string variable) =>
        string.IsNullOrWhiteSpace(value) ? throw Missing(parameter, provider, variable) : value!;

    private static OnCallException Missing(string parameter, string provider, string variable) =>
        new(OnCallErrorKind.InvalidArgument, "MissingCredential", $"{provider} needs -{parameter} (or a -Credential, or the {variable} environment variable).", Enum.TryParse<OnCallProvider>(provider, out var p) ? p : null, parameter);
}
