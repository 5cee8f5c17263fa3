using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>
/// Datadog On-Call (API v2, JSON:API): team and schedule on-call answers, schedules rendered from their layers
/// and checked against Datadog's own answer, overrides, pages on the paging host, teams, members and policies.
/// </summary>
public sealed partial class DatadogClient : IProviderClient, IOnCallUserSource, IScheduleSource, IRotationSource, IOverrideSource, IIncidentSource, IIncidentActions, IDirectorySource, IEscalationPolicySource, IIncidentIdRule
{
    private const string SchedulesPath = "/api/v2/on-call/schedules";
    private const string ScheduleInclude = "layers,layers.members.user,teams";
    private const int PageSize = 100;
    private static readonly char[] NameSeparators = { ' ' };

    private readonly ApiClient _client;
    private readonly OnCallConnection _info;
    private readonly ConcurrentDictionary<string, DatadogUser> _users = new(StringComparer.OrdinalIgnoreCase);

    public DatadogClient(ConnectionSettings settings, ApiClient client, OnCallConnection info)
    {
        _ = settings;
        _client = client;
        _info = info;
    }

    public OnCallProvider Provider => OnCallProvider.Datadog;

    private string Connection => _info.Name;

    private string Path(string template, params string[] segments) => VendorProfile.Path(_client.Profile, template, segments);

    /// <summary>
    /// The team list needs both the API and the application key, and is one small page. Its answer must
    /// be a team list: a gateway's login page or an error object answered with 200 is no proof the keys work.
    /// </summary>
    public async Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(new ApiRequest("GET", "/api/v2/team").WithQuery("page[size]", "1"), sink, cancellationToken).ConfigureAwait(false);
        _ = Data(response);
    }

    /// <summary>Sends a read and hands back the answer (<see cref="ApiResponse.RootElement"/>); dispose it when done.</summary>
    private Task<ApiResponse> GetAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken) =>
        _client.SendAsync(request, sink, cancellationToken);

    /// <summary>The resources of a JSON:API collection answer; an answer without a "data" array is malformed, never empty.</summary>
    private static List<JsonElement> Data(ApiResponse response) => response.RequireObjects("data");

    // ================================================================ teams and users

    internal sealed class TeamInfo
    {
        public TeamInfo(string id, string name, string? handle, JsonElement? resource)
        {
            Id = id;
            Name = name;
            Handle = handle;
            Raw = resource is { } r ? RawJson.ToDictionary(r) : null;
            MemberCount = resource?.Attributes() is { } a && a.Long("user_count") is { } count and >= 0 and <= int.MaxValue ? (int)count : null;
        }

        public string Id { get; }

        public string Name { get; }

        public string? Handle { get; }

        public int? MemberCount { get; }

        public IDictionary<string, object?>? Raw { get; }

        public bool IsNamed(string text) => Wildcard.IsMatch(Id, text) || Wildcard.IsMatch(Name, text) || Wildcard.IsMatch(Handle, text);
    }

    /// <summary>Every team (GET /api/v2/team, page[number] from 0).</summary>
    internal async Task<List<TeamInfo>> ListTeamsAsync(string? keyword, IOperationSink sink, CancellationToken cancellationToken)
    {
        var teams = new List<TeamInfo>();
        for (var page = 0; page < 1000; page++)
        {
            var request = new ApiRequest("GET", "/api/v2/team")
                .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("page[number]", page.ToString(CultureInfo.InvariantCulture))
                .WithQuery("filter[keyword]", keyword);
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            var data = Data(document);
            teams.AddRange(data.Select(t => new TeamInfo(t.Str("id") ?? string.Empty, t.Attr("name") ?? t.Attr("handle") ?? string.Empty, t.Attr("handle"), t.Clone())));
            var total = document.RootElement.Prop("meta")?.Prop("pagination")?.Long("total");
            if (data.Count < PageSize || (total is { } t2 && teams.Count >= t2))
            {
                break;
            }
        }

        return teams;
    }

    /// <summary>Teams by id, handle or name (wildcards allowed); a name that matches none is a NotFound error naming it.</summary>
    internal async Task<List<TeamInfo>> ResolveTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        var wanted = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();

        // One exact name: let Datadog filter (filter[keyword] matches names and handles), then match exactly here.
        var keyword = wanted.Count == 1 && !Wildcard.HasWildcards(wanted[0]) && !DatadogJson.IsUuid(wanted[0]) ? wanted[0] : null;
        var all = await ListTeamsAsync(keyword, sink, cancellationToken).ConfigureAwait(false);
        if (wanted.Count == 0)
        {
            return all;
        }

        var result = new List<TeamInfo>();
        foreach (var name in wanted)
        {
            var matches = all.Where(t => t.IsNamed(name)).ToList();
            if (matches.Count == 0 && DatadogJson.IsUuid(name))
            {
                matches.Add(new TeamInfo(name.ToLowerInvariant(), name, null, null));
            }

            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "TeamNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no team with the id, handle or name '{0}'.", name), Provider, name)
                {
                    RecommendedAction = "Run Get-OnCallTeam to list the teams of the connection.",
                });
            }

            result.AddRange(matches.Where(m => result.All(r => r.Id != m.Id)));
        }

        return result;
    }

    private void Remember(JsonElement root)
    {
        foreach (var item in root.Array("included"))
        {
            if (item.Str("type") == "users" && item.Str("id") is { } id)
            {
                _users[id] = DatadogUser.FromResource(item);
            }
        }
    }

    /// <summary>A user by id, from what earlier answers included, else GET /api/v2/users/{id}.</summary>
    private async Task<DatadogUser> UserAsync(string id, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (_users.TryGetValue(id, out var known))
        {
            return known;
        }

        var request = new ApiRequest("GET", Path("/api/v2/users/{0}", id));
        request.AcceptedStatuses.Add(404);
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        var user = response.StatusCode == 404
            ? new DatadogUser(id, null, null, null)
            : DatadogUser.FromResource(response.RequireObject("data"));
        _users[id] = user;
        return user;
    }

    /// <summary>A user id from an id, e-mail, handle or name: known users first, then GET /api/v2/users?filter=.</summary>
    private async Task<DatadogUser> FindUserAsync(string text, IOperationSink sink, CancellationToken cancellationToken)
    {
        text = text.Trim();
        if (DatadogJson.IsUuid(text))
        {
            return await UserAsync(text, sink, cancellationToken).ConfigureAwait(false);
        }

        var known = _users.Values.Where(u => u.IsNamed(text)).ToList();
        if (known.Count == 1)
        {
            return known[0];
        }

        var request = new ApiRequest("GET", "/api/v2/users").WithQuery("filter", text).WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture));
        using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
        var found = Data(document).Select(DatadogUser.FromResource).Where(u => u.IsNamed(text)).ToList();
        foreach (var user in found)
        {
            _users[user.Id] = user;
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw new OnCallException(OnCallErrorKind.NotFound, "UserNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no user with the id, e-mail, handle or name '{0}'.", text), Provider, text),
            _ => throw new OnCallException(OnCallErrorKind.InvalidArgument, "AmbiguousUser", string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} Datadog users ({2}); give the e-mail or id.", text, found.Count, string.Join(", ", found.Select(u => u.Display))), Provider, text),
        };
    }

    /// <summary>
    /// A user from an answer's included resources, else one met earlier on this connection, else
    /// just the id: JSON:API answers include users only when asked, and not every call can ask.
    /// </summary>
    private DatadogUser UserFrom(Dictionary<(string Type, string Id), JsonElement> included, string userId) =>
        included.TryGetValue(("users", userId), out var resource) ? DatadogUser.FromResource(resource)
        : _users.TryGetValue(userId, out var known) ? known
        : new DatadogUser(userId, null, null, null);
}
