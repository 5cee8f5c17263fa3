using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using OnCall.Engine.Connections;

namespace OnCall.Engine.Http;

/// <summary>
/// What differs between vendors at the HTTP level: auth headers, path escaping, published limits,
/// what a throttled answer looks like and what to tell a person whose key was refused.
/// </summary>
internal abstract class VendorProfile
{
    public abstract OnCallProvider Provider { get; }

    public abstract PathEscaping Escaping { get; }

    /// <summary>Header names whose values are masked wherever they could be shown.</summary>
    public abstract IReadOnlyCollection<string> SecretHeaders { get; }

    /// <summary>Which headers to check when the vendor says 401 or 403.</summary>
    public abstract string AuthHint { get; }

    /// <summary>The auth headers, built from the secrets at the last moment.</summary>
    public abstract IEnumerable<KeyValuePair<string, string>> AuthHeaders();

    /// <summary>When false, calls are not paced (benchmarks of the naive path, emulators and gateways with limits of their own).</summary>
    public bool PacingEnabled { get; set; } = true;

    /// <summary>The client-side pacing bucket and the minimum spacing between two calls in it; null for none.</summary>
    public virtual PaceRule? PaceFor(ApiRequest request) => null;

    /// <summary>
    /// What identifies the account a key belongs to, as a hash (never the key): a vendor's limits are
    /// the account's, so every connection with this identity to one host shares one pacer.
    /// </summary>
    internal abstract string KeyIdentity { get; }

    /// <summary>The pacing scope of this profile on a host: provider, host and key identity.</summary>
    internal string AccountKey(Uri host) => string.Format(CultureInfo.InvariantCulture, "{0}|{1}://{2}|{3}", Provider, host.Scheme, host.Authority, KeyIdentity);

    /// <summary>A short one-way hash: enough to tell accounts apart, useless to recover a key from.</summary>
    internal static string Hash(params string[] parts)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\n", parts)));
        var builder = new StringBuilder(16);
        for (var i = 0; i < 8; i++)
        {
            builder.Append(digest[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether an answer means "slow down" whatever its status says. The body is read only for a status
    /// that may need it: decoding every answer to text to ask cost more than parsing it.
    /// </summary>
    public virtual bool IsThrottled(int status, Func<string> body) => status == 429;

    /// <summary>What a 401 or 403 that is not throttling means for this vendor.</summary>
    public virtual OnCallErrorKind RefusalKind(int status) => status == 401 ? OnCallErrorKind.Authentication : OnCallErrorKind.PermissionDenied;

    /// <summary>A vendor-specific sentence to add to a refusal, or an empty string.</summary>
    public virtual string RefusalDetail(int status, ApiRequest request) => string.Empty;

    public static string Path(VendorProfile profile, string template, params string[] segments) =>
        ApiPath.Format(profile.Escaping, template, segments);
}

/// <summary>A bucket of calls that must be spaced at least <see cref="Interval"/> apart.</summary>
internal sealed record PaceRule(string Key, TimeSpan Interval);

/// <summary>Splunk On-Call: X-VO-Api-Id and X-VO-Api-Key, '@' literal in paths, 2 calls/s per endpoint.</summary>
internal sealed class VictorOpsProfile : VendorProfile
{
    // 2 calls a second per endpoint (the later spec, the official Go client and Terraform agree);
    // a few milliseconds over 500 so timer jitter never lets three calls into one second.
    public static readonly TimeSpan EndpointInterval = TimeSpan.FromMilliseconds(510);

    // The reporting API takes one call a minute.
    public static readonly TimeSpan ReportingInterval = TimeSpan.FromSeconds(60.5);

    // The on-call log: 60 calls a minute (the portal's swagger; a 2019 copy of it said 6, superseded, and it is not
    // the one-a-minute of /api-reporting/v2/incidents). A few milliseconds over a second, as for the endpoints.
    public static readonly TimeSpan OnCallLogInterval = TimeSpan.FromMilliseconds(1010);

    private readonly string _apiId;
    private readonly SecureString _apiKey;

    public VictorOpsProfile(string apiId, SecureString apiKey)
    {
        _apiId = apiId;
        _apiKey = apiKey;

        // The API id names the organisation's API credentials; its limits are the organisation's.
        KeyIdentity = Hash("VictorOps", apiId);
    }

    internal override string KeyIdentity { get; }

    public override OnCallProvider Provider => OnCallProvider.VictorOps;

    public override PathEscaping Escaping => PathEscaping.KeepAt;

    public override IReadOnlyCollection<string> SecretHeaders { get; } = new[] { "X-VO-Api-Key", "X-VO-Api-Id" };

    public override string AuthHint => "Check the X-VO-Api-Id and X-VO-Api-Key of the connection; a read-only key can only make GET requests.";

    public override IEnumerable<KeyValuePair<string, string>> AuthHeaders()
    {
        yield return new KeyValuePair<string, string>("X-VO-Api-Id", _apiId);
        yield return new KeyValuePair<string, string>("X-VO-Api-Key", SecretText.Reveal(_apiKey));
    }

    public override PaceRule? PaceFor(ApiRequest request)
    {
        if (!PacingEnabled)
        {
            return null;
        }

        if (request.PaceKey is not null)
        {
            return new PaceRule(request.PaceKey, request.Path.StartsWith("/api-reporting/", StringComparison.OrdinalIgnoreCase) ? ReportingInterval : EndpointInterval);
        }

        if (request.Path.StartsWith("/api-reporting/v1/team/", StringComparison.OrdinalIgnoreCase) && request.Path.EndsWith("/oncall/log", StringComparison.OrdinalIgnoreCase))
        {
            return new PaceRule("GET /api-reporting/v1/team/*/oncall/log", OnCallLogInterval);
        }

        if (request.Path.StartsWith("/api-reporting/v2/incidents", StringComparison.OrdinalIgnoreCase))
        {
            return new PaceRule("GET /api-reporting/v2/incidents", ReportingInterval);
        }

        return new PaceRule(request.Method + " " + EndpointShape(request.Path), EndpointInterval);
    }

    // VictorOps says 403 for failed authentication as well as for a forbidden call.
    public override OnCallErrorKind RefusalKind(int status) => OnCallErrorKind.Authentication;

    public override string RefusalDetail(int status, ApiRequest request) =>
        status == 403 && request.Method != "GET"
            ? " A key created as read-only can only make GET requests; this call needs a full-access key."
            : string.Empty;

    // A throttled call was seen answering 403 with {"message":"Too Many Requests"}.
    public override bool IsThrottled(int status, Func<string> body) =>
        status == 429 || (status == 403 && body().IndexOf("Too Many Requests", StringComparison.OrdinalIgnoreCase) >= 0);

    // The limit is per endpoint, not per URL: /v2/team/a/oncall/schedule and /v2/team/b/... share it.
    // Segments after a known collection word are variables; keep the words, drop the values.
    internal static string EndpointShape(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            if (VariableAfter.Contains(parts[i - 1]))
            {
                parts[i] = "*";
            }
        }

        return string.Join("/", parts);
    }

    private static readonly HashSet<string> VariableAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "team", "teams", "user", "policies", "overrides", "assignments", "incidents", "notes", "rotations", "maintenancemode", "contact-methods", "routing-keys", "alerts", "profile", "paging-policies",
    };
}

/// <summary>Datadog: DD-API-KEY and DD-APPLICATION-KEY; limits come from the X-RateLimit-* headers.</summary>
internal sealed class DatadogProfile : VendorProfile
{
    private readonly SecureString _apiKey;
    private readonly SecureString _applicationKey;

    public DatadogProfile(SecureString apiKey, SecureString applicationKey)
    {
        _apiKey = apiKey;
        _applicationKey = applicationKey;

        // Datadog's limits are per organisation, and the API key names the organisation.
        KeyIdentity = Hash("Datadog", SecretText.Reveal(apiKey));
    }

    internal override string KeyIdentity { get; }

    public override OnCallProvider Provider => OnCallProvider.Datadog;

    public override PathEscaping Escaping => PathEscaping.Strict;

    public override IReadOnlyCollection<string> SecretHeaders { get; } = new[] { "DD-API-KEY", "DD-APPLICATION-KEY" };

    public override string AuthHint => "Check the DD-API-KEY and DD-APPLICATION-KEY of the connection and that the site is the one your account lives on.";

    public override IEnumerable<KeyValuePair<string, string>> AuthHeaders()
    {
        yield return new KeyValuePair<string, string>("DD-API-KEY", SecretText.Reveal(_apiKey));
        yield return new KeyValuePair<string, string>("DD-APPLICATION-KEY", SecretText.Reveal(_applicationKey));
    }

    /// <summary>
    /// Datadog publishes no fixed rate; it announces each limit in X-RateLimit-* headers. Calls to one
    /// endpoint share a bucket with no spacing of its own, which the pacer holds until the announced
    /// reset once X-RateLimit-Remaining reaches 0.
    /// </summary>
    public override PaceRule? PaceFor(ApiRequest request) =>
        PacingEnabled ? new PaceRule(request.PaceKey ?? EndpointShape(request.Path), TimeSpan.Zero) : null;

    // Datadog names its limits by API family; the path with its ids taken out stands in for the family
    // (a limit shared by two shapes is then paced as two, and the server's 429 still holds the line).
    internal static string EndpointShape(string path)
    {
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (Guid.TryParse(parts[i], out _) || (parts[i].Length > 0 && parts[i].All(char.IsDigit)))
            {
                parts[i] = "*";
            }
        }

        return string.Join("/", parts);
    }
}

/// <summary>ZStack Alerting &amp; Response: a Bearer token on a self-hosted host.</summary>
internal sealed class ZStackProfile : VendorProfile
{
    private readonly SecureString _token;

    public ZStackProfile(SecureString token)
    {
        _token = token;
        KeyIdentity = Hash("ZStack", SecretText.Reveal(token));
    }

    internal override string KeyIdentity { get; }

    public override OnCallProvider Provider => OnCallProvider.ZStack;

    public override PathEscaping Escaping => PathEscaping.Strict;

    public override IReadOnlyCollection<string> SecretHeaders { get; } = new[] { "Authorization" };

    public override string AuthHint => "Check the Bearer token of the connection.";

    public override IEnumerable<KeyValuePair<string, string>> AuthHeaders()
    {
        yield return new KeyValuePair<string, string>("Authorization", "Bearer " + SecretText.Reveal(_token));
    }
}
