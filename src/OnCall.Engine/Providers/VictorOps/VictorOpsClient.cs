using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

/// <summary>
/// Splunk On-Call (VictorOps) through its public API (vendor-apis.md part A). Every call goes
/// through the connection's <see cref="ApiClient"/>, which paces, retries and maps failures; this
/// class chooses the endpoints, binds the answers and maps them to the OnCall object model.
/// The capability methods are split by area over the VictorOpsClient.*.cs files.
/// </summary>
public sealed partial class VictorOpsClient :
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

    // The team list feeds name resolution for almost every command; a minute keeps a pipeline of
    // commands from re-reading it while still noticing a team created a moment ago.
    internal static readonly TimeSpan DirectoryCacheLifetime = TimeSpan.FromSeconds(60);

    private readonly ApiClient _api;
    private readonly OnCallConnection _connection;
    private readonly Func<DateTimeOffset> _clock;
    private CachedList<TeamDto>? _teams;
    private CachedList<(UserDto User, IDictionary<string, object?>? Raw)>? _users;

    public VictorOpsClient(ApiClient api, OnCallConnection connection)
        : this(api, connection, () => DateTimeOffset.UtcNow)
    {
    }

    /// <summary>For tests: a clock that decides what "today" and "now" are.</summary>
    internal VictorOpsClient(ApiClient api, OnCallConnection connection, Func<DateTimeOffset> clock)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _clock = clock;
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

    /// <summary>Forgets the cached team and user lists.</summary>
    public void InvalidateDirectory()
    {
        _teams = null;
        _users = null;
    }

    internal string PathOf(string template, params string[] segments) => VendorProfile.Path(_api.Profile, template, segments);

    /// <summary>
    /// Sends through the pipeline. A 404 becomes the caller's own not-found error when it gives one;
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

    /// <summary>Sends and hands back the answer to read (<see cref="ApiResponse.RootElement"/>); dispose it when done.</summary>
    internal Task<ApiResponse> SendJsonAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken, Func<OnCallException, OnCallException>? notFound = null) =>
        SendAsync(request, sink, cancellationToken, notFound);

    // ---- objects ----

    private T Stamp<T>(T item, IDictionary<string, object?>? raw)
        where T : OnCallObject
    {
        item.Provider = OnCallProvider.VictorOps;
        item.Connection = ConnectionName;
        item.Raw = raw;
        return item;
    }

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
            string.Format(CultureInfo.InvariantCulture, "VictorOps needs the user who {0}: give -User, or connect with -UserName so connection '{1}' has a default.", action, ConnectionName),
            OnCallProvider.VictorOps,
            ConnectionName)
        {
            RecommendedAction = "Connect-OnCall -Provider VictorOps -UserName <your VictorOps username> ...",
        };
    }

    // ---- team and user directory (cached) ----

    internal async Task<IReadOnlyList<TeamDto>> GetTeamListAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var cached = _teams;
        if (cached is not null && cached.IsFresh(_clock()))
        {
            return cached.Items;
        }

        // No lock: two commands racing here both read the list once, which is harmless.
        // GET /v1/team answers a bare array; tolerate a {"teams":[...]} wrapper too.
        using var document = await SendJsonAsync(new ApiRequest("GET", PublicApi + "/v1/team"), sink, cancellationToken).ConfigureAwait(false);
        var teams = new List<TeamDto>();
        foreach (var element in VictorOpsJson.List(document, "teams"))
        {
            var team = VictorOpsJson.Bind<TeamDto>(element, "a team");
            team.Raw = VictorOpsJson.Raw(element);
            teams.Add(team);
        }

        _teams = new CachedList<TeamDto>(teams, _clock() + DirectoryCacheLifetime);
        return teams;
    }

    internal async Task<IReadOnlyList<(UserDto User, IDictionary<string, object?>? Raw)>> GetUserListAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var cached = _users;
        if (cached is not null && cached.IsFresh(_clock()))
        {
            return cached.Items;
        }

        // GET /v1/user answers {"users":[[...]]}: an array of arrays (the official Go client's [][]User).
        using var document = await SendJsonAsync(new ApiRequest("GET", PublicApi + "/v1/user"), sink, cancellationToken).ConfigureAwait(false);
        var users = new List<(UserDto User, IDictionary<string, object?>? Raw)>();
        foreach (var element in VictorOpsJson.List(document, "users"))
        {
            users.Add((VictorOpsJson.Bind<UserDto>(element, "a user"), VictorOpsJson.Raw(element)));
        }

        _users = new CachedList<(UserDto User, IDictionary<string, object?>? Raw)>(users, _clock() + DirectoryCacheLifetime);
        return users;
    }

    /// <summary>
    /// Teams by name or slug; wildcards expand (and may match nothing, as in PowerShell). A plain
    /// name that matches no team is TeamNotFound: thrown, or written to the sink when
    /// <paramref name="throwOnUnknown"/> is false so the other names still run.
    /// </summary>
    internal async Task<IReadOnlyList<TeamDto>> ResolveTeamsAsync(IReadOnlyList<string> names, bool throwOnUnknown, IOperationSink sink, CancellationToken cancellationToken)
    {
        var all = await GetTeamListAsync(sink, cancellationToken).ConfigureAwait(false);
        if (names.Count == 0)
        {
            return all;
        }

        var found = new List<TeamDto>();
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()))
        {
            var matches = Wildcard.HasWildcards(name)
                ? all.Where(t => Wildcard.IsMatch(t.Name, name) || Wildcard.IsMatch(t.Slug, name)).ToList()
                : all.Where(t => string.Equals(t.Slug, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                matches = all.Where(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            }

            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                var error = TeamNotFound(name, all);
                if (throwOnUnknown)
                {
                    throw error;
                }

                sink.WriteError(error);
                continue;
            }

            foreach (var match in matches)
            {
                if (!found.Any(t => string.Equals(t.Slug, match.Slug, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add(match);
                }
            }
        }

        return found;
    }

    internal async Task<TeamDto> ResolveTeamAsync(string name, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (Wildcard.HasWildcards(name))
        {
            throw InvalidArgument("WildcardNotAllowed", string.Format(CultureInfo.InvariantCulture, "'{0}': name one team here, without wildcards.", name), name);
        }

        var teams = await ResolveTeamsAsync(new[] { name }, throwOnUnknown: true, sink, cancellationToken).ConfigureAwait(false);
        return teams[0];
    }

    internal OnCallException TeamNotFound(string name, IReadOnlyList<TeamDto> all)
    {
        var suggestions = NameSuggestions.Closest(name, all.Select(t => t.Name ?? string.Empty).Concat(all.Select(t => t.Slug ?? string.Empty)));
        string hint;
        if (suggestions.Count > 0)
        {
            hint = " Did you mean " + string.Join(", ", suggestions.Select(s => "'" + s + "'")) + "?";
        }
        else if (all.Count is > 0 and <= 10)
        {
            hint = " Its teams are: " + string.Join(", ", all.Select(t => t.Display)) + ".";
        }
        else
        {
            hint = string.Empty;
        }

        return new OnCallException(
            OnCallErrorKind.NotFound,
            "TeamNotFound",
            string.Format(CultureInfo.InvariantCulture, "VictorOps connection '{0}' has no team named '{1}' (by name or slug).{2}", ConnectionName, name, hint),
            OnCallProvider.VictorOps,
            name)
        {
            RecommendedAction = "Get-OnCallTeam lists the teams; names and slugs are both accepted.",
        };
    }

    /// <summary>UserNotFound for a username the API did not know, with close usernames when the user list can be read.</summary>
    internal async Task<OnCallException> UserNotFoundAsync(string user, OnCallException? inner, IOperationSink sink, CancellationToken cancellationToken)
    {
        var hint = string.Empty;
        try
        {
            var users = await GetUserListAsync(sink, cancellationToken).ConfigureAwait(false);
            var suggestions = NameSuggestions.Closest(user, users.Select(u => u.User.Username ?? string.Empty));
            if (suggestions.Count > 0)
            {
                hint = " Did you mean " + string.Join(", ", suggestions.Select(s => "'" + s + "'")) + "?";
            }
        }
        catch (OnCallException)
        {
            // Suggestions are a courtesy; the not-found error is what matters.
        }

        return new OnCallException(
            OnCallErrorKind.NotFound,
            "UserNotFound",
            string.Format(CultureInfo.InvariantCulture, "VictorOps connection '{0}' has no user '{1}'.{2}", ConnectionName, user, hint),
            OnCallProvider.VictorOps,
            user,
            inner)
        {
            StatusCode = inner?.StatusCode,
            Request = inner?.Request,
            RecommendedAction = "Get-OnCallTeamMember lists the users; VictorOps usernames are not e-mail addresses unless set so.",
        };
    }

    private sealed class CachedList<T>
    {
        public CachedList(IReadOnlyList<T> items, DateTimeOffset expires)
        {
            Items = items;
            Expires = expires;
        }

        public IReadOnlyList<T> Items { get; }

        public DateTimeOffset Expires { get; }

        public bool IsFresh(DateTimeOffset now) => now < Expires;
    }
}
