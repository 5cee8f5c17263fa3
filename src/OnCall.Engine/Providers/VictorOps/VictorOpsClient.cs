using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

/// <summary>
/// Splunk On-Call (VictorOps) through its public API (vendor-apis.md part A). Every call goes
/// through the connection's <see cref="ApiClient"/>, which paces, retries and maps failures; this
/// class chooses the endpoints, binds the answers and maps them to the OnCall object model.
/// The capability methods are split by area over the VictorOpsClient.*.cs files.
/// </summary>
internal sealed partial class VictorOpsClient :
    IProviderClient,
    IOnCallUserSource,
    IScheduleSource,
    IOverrideSource,
    IIncidentSource,
    IIncidentActions,
    IDirectorySource,
    IRotationSource,
    IIncidentNotes,
    IEscalationPolicySource,
    IIncidentIdRule
{
    internal const string PublicApi = "/api-public";

    private readonly ApiClient _api;
    private readonly OnCallConnection _connection;
    private readonly TimeProvider _time;

    /// <summary>A client over <paramref name="api"/>; <paramref name="time"/> decides what "today" and "now" are.</summary>
    internal VictorOpsClient(ApiClient api, OnCallConnection connection, TimeProvider time)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public OnCallProvider Provider => OnCallProvider.VictorOps;

    /// <summary>The connection's name, stamped on every object as Connection.</summary>
    public string ConnectionName => _connection.Name;

    /// <summary>The user acts default to (ack, resolve, create, take on-call).</summary>
    public string? DefaultUserName => string.IsNullOrWhiteSpace(_connection.UserName) ? null : _connection.UserName;

    /// <inheritdoc />
    public async Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        // The team list is cheap, needs only a read key, and warms the cache for what follows.
        InvalidateDirectory();
        _ = await GetTeamListAsync(sink, cancellationToken).ConfigureAwait(false);
    }

    internal string PathOf(string template, params string[] segments) => VendorProfile.Path(_api.Profile, template, segments);

    /// <summary>
    /// Sends through the pipeline and hands back the answer (dispose it when done). A 404 becomes the
    /// caller's own not-found error when it gives one;
    /// a 401 or a 403 that is not throttling (ApiClient already retried those) becomes an
    /// authentication error that names the headers to check.
    /// </summary>
    internal async Task<ApiResponse> SendAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken, Func<OnCallException, OnCallException>? notFound = null)
    {
        try
        {
            return await _api.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        }
        catch (OnCallException ex) when (ex.StatusCode == 404 && notFound is not null)
        {
            throw notFound(ex);
        }
    }

    private T Stamp<T>(T item, IDictionary<string, object?>? raw)
        where T : OnCallObject
    {
        item.Provider = OnCallProvider.VictorOps;
        item.Connection = ConnectionName;
        item.Raw = raw;
        return item;
    }

    /// <summary>Sends a call about a user: the API's 404 there means the organisation has no such user (with close names suggested).</summary>
    internal async Task<ApiResponse> SendAboutUserAsync(ApiRequest request, string user, IOperationSink sink, CancellationToken cancellationToken)
    {
        try
        {
            return await _api.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        }
        catch (OnCallException ex) when (ex.StatusCode == 404)
        {
            throw await UserNotFoundAsync(user, ex, sink, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a policy (by name or slug) passes a filter of policy patterns; an empty filter passes all.</summary>
    internal static bool PolicyMatches(IReadOnlyList<string> patterns, string? name, string? slug) =>
        patterns.Count == 0 || patterns.Any(p => Wildcard.IsMatch(name, p) || Wildcard.IsMatch(slug, p));

    internal static OnCallException InvalidArgument(string reason, string message, object? target = null) =>
        new(OnCallErrorKind.InvalidArgument, reason, message, OnCallProvider.VictorOps, target);

    internal string RequireUser(string? user, string action)
    {
        if (!string.IsNullOrWhiteSpace(user))
        {
            return user!.Trim();
        }

        return DefaultUserName ?? throw new OnCallException(
            OnCallErrorKind.InvalidArgument,
            "UserRequired",
            string.Format(CultureInfo.InvariantCulture, "VictorOps needs the user who {0}, and neither the request nor connection '{1}' names one.", action, ConnectionName),
            OnCallProvider.VictorOps,
            ConnectionName);
    }
}
