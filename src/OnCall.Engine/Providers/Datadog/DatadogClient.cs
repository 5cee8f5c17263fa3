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
using OnCall.Engine.Scheduling;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>
/// Datadog On-Call (API v2, JSON:API): team and schedule on-call answers, schedules rendered from their layers
/// and checked against Datadog's own answer, overrides, pages on the paging host, teams, members and policies.
/// </summary>
public sealed class DatadogClient : IProviderClient, IOnCallUserSource, IScheduleSource, IRotationSource, IOverrideSource, IIncidentSource, IIncidentActions, IDirectorySource, IEscalationPolicySource
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

    /// <summary>The team list needs both the API and the application key, and is one small page.</summary>
    public async Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken) =>
        _ = await _client.SendAsync(new ApiRequest("GET", "/api/v2/team").WithQuery("page[size]", "1"), sink, cancellationToken).ConfigureAwait(false);

    private async Task<JsonDocument> GetAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        return response.ParseDocument();
    }

    // ================================================================ teams and users

    internal sealed class TeamInfo
    {
        public TeamInfo(string id, string name, string? handle, JsonElement? resource)
        {
            Id = id;
            Name = name;
            Handle = handle;
            Raw = resource is { } r ? RawJson.ToDictionary(r) : null;
            MemberCount = resource?.Attributes() is { } a && a.Long("user_count") is { } count ? (int)count : null;
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
            var data = document.RootElement.Array("data").ToList();
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
        var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        using var document = response.ParseDocument();
        var user = response.StatusCode == 404 || document.RootElement.Prop("data") is not { } data
            ? new DatadogUser(id, null, null, null)
            : DatadogUser.FromResource(data);
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
        var found = document.RootElement.Array("data").Select(DatadogUser.FromResource).Where(u => u.IsNamed(text)).ToList();
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

    // ================================================================ schedules

    internal sealed class ScheduleRef
    {
        public ScheduleRef(string id, string name, IReadOnlyList<string> teamIds)
        {
            Id = id;
            Name = name;
            TeamIds = teamIds;
        }

        public string Id { get; }

        public string Name { get; }

        public IReadOnlyList<string> TeamIds { get; }
    }

    /// <summary>GET /api/v2/on-call/schedules, every page (the list answer carries names and teams only).</summary>
    internal async Task<List<ScheduleRef>> ListSchedulesAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new List<ScheduleRef>();
        for (var page = 0; page < 1000; page++)
        {
            var request = new ApiRequest("GET", SchedulesPath)
                .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("page[number]", page.ToString(CultureInfo.InvariantCulture));
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            var data = document.RootElement.Array("data").ToList();
            result.AddRange(data.Select(s => new ScheduleRef(s.Str("id") ?? string.Empty, s.Attr("name") ?? s.Str("id") ?? string.Empty, s.Related("teams").Select(t => t.Id).ToList())));
            if (data.Count < PageSize)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// Schedule ids from schedule ids or names (wildcards allowed) and from teams (their schedules); all schedules
    /// when neither is given. Unknown names are NotFound errors naming them.
    /// </summary>
    internal async Task<List<ScheduleRef>> ResolveSchedulesAsync(IReadOnlyList<string> schedules, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        var names = schedules.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        var teamNames = teams.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();

        // Only uuids: no list call needed (the list endpoint is newer than the others).
        if (teamNames.Count == 0 && names.Count > 0 && names.All(DatadogJson.IsUuid))
        {
            return names.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => new ScheduleRef(n, n, Array.Empty<string>())).ToList();
        }

        var all = await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false);
        var result = new List<ScheduleRef>();
        if (names.Count == 0 && teamNames.Count == 0)
        {
            return all;
        }

        foreach (var name in names)
        {
            var matches = all.Where(s => Wildcard.IsMatch(s.Id, name) || Wildcard.IsMatch(s.Name, name)).ToList();
            if (matches.Count == 0 && DatadogJson.IsUuid(name))
            {
                matches.Add(new ScheduleRef(name, name, Array.Empty<string>()));
            }

            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                sink.WriteError(ScheduleNotFound(name));
            }

            result.AddRange(matches.Where(m => result.All(r => r.Id != m.Id)));
        }

        if (teamNames.Count > 0)
        {
            foreach (var team in await ResolveTeamsAsync(teamNames, sink, cancellationToken).ConfigureAwait(false))
            {
                var owned = all.Where(s => s.TeamIds.Contains(team.Id, StringComparer.OrdinalIgnoreCase)).ToList();
                if (owned.Count == 0)
                {
                    sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog team '{0}' owns no on-call schedule.", team.Name));
                }

                result.AddRange(owned.Where(m => result.All(r => r.Id != m.Id)));
            }
        }

        return result;
    }

    private OnCallException ScheduleNotFound(string name) =>
        new(OnCallErrorKind.NotFound, "ScheduleNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no on-call schedule with the id or name '{0}'.", name), Provider, name)
        {
            RecommendedAction = "Run Get-OnCallRotation to list the schedules and their layers.",
        };

    /// <summary>GET schedules/{id} with its layers, members, users and teams.</summary>
    internal async Task<DatadogSchedule> GetScheduleAsync(string id, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path(SchedulesPath + "/{0}", id)).WithQuery("include", ScheduleInclude);
        try
        {
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            Remember(document.RootElement);
            return DatadogSchedule.FromDocument(document.RootElement);
        }
        catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound || (ex.StatusCode == 400 && !DatadogJson.IsUuid(id)))
        {
            throw ScheduleNotFound(id);
        }
    }

    /// <summary>Overrides of a schedule that meet the window (GET …/overrides?filter[start]&amp;filter[end]).</summary>
    internal async Task<List<Override>> ListOverridesAsync(DatadogSchedule schedule, DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new List<Override>();
        for (var page = 0; page < 1000; page++)
        {
            var request = new ApiRequest("GET", Path(SchedulesPath + "/{0}/overrides", schedule.Id))
                .WithQuery("filter[start]", DatadogJson.Format(start))
                .WithQuery("filter[end]", DatadogJson.Format(end))
                .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("page[number]", page.ToString(CultureInfo.InvariantCulture));
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            Remember(document.RootElement);
            var data = document.RootElement.Array("data").ToList();
            foreach (var item in data)
            {
                result.Add(await ToOverrideAsync(item, schedule, sink, cancellationToken).ConfigureAwait(false));
            }

            if (data.Count < PageSize)
            {
                break;
            }
        }

        return result;
    }

    private async Task<Override> ToOverrideAsync(JsonElement item, DatadogSchedule? schedule, IOperationSink sink, CancellationToken cancellationToken)
    {
        var userId = item.Related("user").FirstOrDefault().Id;
        var overriddenId = item.Related("overridden_user").FirstOrDefault().Id;
        var user = userId is null ? null : await UserAsync(userId, sink, cancellationToken).ConfigureAwait(false);
        var overridden = overriddenId is null ? null : await UserAsync(overriddenId, sink, cancellationToken).ConfigureAwait(false);
        return new Override
        {
            Provider = Provider,
            Connection = Connection,
            Id = item.Str("id") ?? string.Empty,
            Schedule = schedule?.Name,
            ScheduleId = schedule?.Id,
            Team = schedule is { TeamNames.Count: > 0 } ? string.Join(", ", schedule.TeamNames) : null,
            User = user?.Display,
            OriginalUser = overridden?.Display,
            Start = item.Attributes()?.Time("start"),
            End = item.Attributes()?.Time("end"),
            TimeZone = schedule?.TimeZone,
            Raw = RawJson.ToDictionary(item),
        };
    }

    public async Task GetShiftsAsync(ScheduleQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var refs = await ResolveSchedulesAsync(query.Schedules, query.Teams, sink, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < refs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.WriteProgress(new OperationProgress(1, "Rendering Datadog schedules", refs[i].Name) { PercentComplete = refs.Count == 0 ? -1 : i * 100 / refs.Count });
            try
            {
                var schedule = await GetScheduleAsync(refs[i].Id, sink, cancellationToken).ConfigureAwait(false);
                var overrides = new List<Override>();
                try
                {
                    overrides = await ListOverridesAsync(schedule, query.Start, query.End, sink, cancellationToken).ConfigureAwait(false);
                }
                catch (OnCallException ex) when (ex.Kind is OnCallErrorKind.NotFound or OnCallErrorKind.InvalidArgument or OnCallErrorKind.PermissionDenied)
                {
                    // The overrides API is newer than schedules; without it the layers alone are still right.
                    sink.WriteWarning(string.Format(CultureInfo.InvariantCulture, "Could not read the overrides of Datadog schedule '{0}' ({1}); the shifts show the layers only.", schedule.Name, ex.Message));
                }

                var definition = schedule.ToDefinition(Connection, overrides.Where(o => o.User is not null && o.Start < o.End).Select(o => new ScheduleOverride(o.User!, o.Start!.Value, o.End!.Value, o.Id)));
                if (definition is null)
                {
                    sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog schedule '{0}' has no layer with members: nobody is on call.", schedule.Name));
                    continue;
                }

                if (query.Start <= now && now < query.End)
                {
                    await CheckAgainstVendorAsync(schedule, definition, now, sink, cancellationToken).ConfigureAwait(false);
                }

                foreach (var shift in DatadogSchedule.WithoutEmptySlots(definition.Render(query.Start, query.End)))
                {
                    if (query.Users.Count == 0 || query.Users.Any(u => Names(schedule, shift.User, u) || Names(schedule, shift.OriginalUser, u)))
                    {
                        sink.WriteObject(shift);
                    }
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(refs[i].Name));
            }
        }

        sink.WriteProgress(new OperationProgress(1, "Rendering Datadog schedules", "Done") { Completed = true });
    }

    private bool Names(DatadogSchedule schedule, string? shown, string wanted)
    {
        if (shown is null)
        {
            return false;
        }

        if (Wildcard.IsMatch(shown, wanted))
        {
            return true;
        }

        var user = schedule.Users.Values.Concat(_users.Values).FirstOrDefault(u => u.Display == shown);
        return user is not null && user.IsNamed(wanted);
    }

    /// <summary>DESIGN: the rendering is checked against Datadog's own "who is on call now"; a difference is a warning.</summary>
    private async Task CheckAgainstVendorAsync(DatadogSchedule schedule, ScheduleDefinition definition, DateTimeOffset now, IOperationSink sink, CancellationToken cancellationToken)
    {
        try
        {
            var vendor = await ScheduleRespondersAsync(schedule.Id, schedule.Name, now, sink, cancellationToken).ConfigureAwait(false);
            var rendered = definition.WhoIsOnCall(now);
            var renderedUser = rendered is null || rendered.User == DatadogSchedule.EmptySlot ? null : rendered.User;
            var vendorUsers = vendor.Select(v => v.User).ToList();
            if (renderedUser is null ? vendorUsers.Count > 0 : !vendorUsers.Contains(renderedUser, StringComparer.OrdinalIgnoreCase))
            {
                sink.WriteWarning(string.Format(
                    CultureInfo.InvariantCulture,
                    "Datadog says {0} on call for '{1}' now, but its layers give {2}; the rendered shifts may be off.",
                    vendorUsers.Count == 0 ? "nobody is" : string.Join(", ", vendorUsers) + (vendorUsers.Count == 1 ? " is" : " are"),
                    schedule.Name,
                    renderedUser ?? "nobody"));
            }
        }
        catch (OnCallException ex) when (ex.Kind is OnCallErrorKind.NotFound or OnCallErrorKind.InvalidArgument)
        {
            sink.WriteVerbose("Could not check the rendering against Datadog's on-call answer: " + ex.Message);
        }
    }

    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Ids may name schedules or single layers: layers are found inside the schedules they belong to.
        var wanted = (ids ?? Array.Empty<string>()).Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        var refs = await ResolveSchedulesAsync(Array.Empty<string>(), teams ?? Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var scheduleRef in refs)
        {
            try
            {
                var schedule = await GetScheduleAsync(scheduleRef.Id, sink, cancellationToken).ConfigureAwait(false);
                foreach (var rotation in schedule.ToRotations(Connection))
                {
                    var match = wanted.FirstOrDefault(w => Wildcard.IsMatch(schedule.Id, w) || Wildcard.IsMatch(schedule.Name, w) || Wildcard.IsMatch(rotation.Id, w) || Wildcard.IsMatch(rotation.Name, w));
                    if (wanted.Count == 0 || match is not null)
                    {
                        if (match is not null)
                        {
                            found.Add(match);
                        }

                        sink.WriteObject(rotation);
                    }
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(scheduleRef.Name));
            }
        }

        foreach (var missing in wanted.Where(w => !found.Contains(w) && !Wildcard.HasWildcards(w)))
        {
            sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "RotationNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no schedule or layer with the id or name '{0}'.", missing), Provider, missing));
        }
    }

    // ================================================================ who is on call

    public async Task GetOnCallUsersAsync(OnCallUserQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var users = new List<OnCallUser>();
        if (query.Schedules.Count > 0)
        {
            var at = query.At ?? DateTimeOffset.UtcNow;
            foreach (var schedule in await ResolveSchedulesAsync(query.Schedules, Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    users.AddRange(await ScheduleRespondersAsync(schedule.Id, schedule.Name == schedule.Id ? null : schedule.Name, query.At is null ? null : at, sink, cancellationToken).ConfigureAwait(false));
                }
                catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
                {
                    sink.WriteError(ex.Kind == OnCallErrorKind.NotFound ? ScheduleNotFound(schedule.Name) : ex.WithTarget(schedule.Name));
                }
            }
        }

        if (query.Teams.Count > 0 || query.Schedules.Count == 0)
        {
            var teams = await ResolveTeamsAsync(query.Teams, sink, cancellationToken).ConfigureAwait(false);

            // The team answer is for now only; at another time, ask each schedule the team owns instead.
            var schedules = query.At is null ? null : await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false);
            foreach (var team in teams)
            {
                try
                {
                    if (schedules is null)
                    {
                        users.AddRange(await TeamOnCallAsync(team, sink, cancellationToken).ConfigureAwait(false));
                        continue;
                    }

                    foreach (var schedule in schedules.Where(s => s.TeamIds.Contains(team.Id, StringComparer.OrdinalIgnoreCase)))
                    {
                        foreach (var user in await ScheduleRespondersAsync(schedule.Id, schedule.Name, query.At, sink, cancellationToken).ConfigureAwait(false))
                        {
                            user.Team = team.Name;
                            user.TeamId = team.Id;
                            users.Add(user);
                        }
                    }
                }
                catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
                {
                    sink.WriteError(ex.WithTarget(team.Name));
                }
            }
        }

        foreach (var user in users)
        {
            if (query.Users.Count == 0 || query.Users.Any(u => Wildcard.IsMatch(user.User, u) || Wildcard.IsMatch(user.UserId, u) || Wildcard.IsMatch(user.Email, u)))
            {
                sink.WriteObject(user);
            }
        }
    }

    /// <summary>GET teams/{id}/on-call?include=responders,escalations.responders.</summary>
    internal async Task<List<OnCallUser>> TeamOnCallAsync(TeamInfo team, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path("/api/v2/on-call/teams/{0}/on-call", team.Id)).WithQuery("include", "responders,escalations.responders");
        using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
        return MapTeamOnCall(document.RootElement, team.Id, team.Name);
    }

    internal List<OnCallUser> MapTeamOnCall(JsonElement root, string teamId, string teamName)
    {
        Remember(root);
        var included = DatadogJson.Included(root);
        var data = root.Prop("data") ?? default;
        var result = new List<OnCallUser>();
        var seen = new HashSet<(string, int)>();

        void Add(string userId, int step, JsonElement raw)
        {
            if (!seen.Add((userId, step)))
            {
                return;
            }

            var user = included.TryGetValue(("users", userId), out var u) ? DatadogUser.FromResource(u) : _users.TryGetValue(userId, out var known) ? known : new DatadogUser(userId, null, null, null);
            result.Add(new OnCallUser
            {
                Provider = Provider,
                Connection = Connection,
                Team = teamName,
                TeamId = teamId,
                User = user.Display,
                UserId = user.Id,
                Email = user.Email,
                Step = step,
                Raw = RawJson.ToDictionary(raw),
            });
        }

        // Responders are who is paged first (step 0); escalations are the later steps, in order.
        foreach (var (id, _) in data.Related("responders"))
        {
            Add(id, 0, root);
        }

        var stepIndex = 0;
        foreach (var (escalationId, escalationType) in data.Related("escalations"))
        {
            stepIndex++;
            if (included.TryGetValue((escalationType, escalationId), out var escalation))
            {
                foreach (var (id, _) in escalation.Related("responders"))
                {
                    Add(id, stepIndex, escalation);
                }
            }
        }

        return result;
    }

    /// <summary>GET schedules/{id}/responders (filter[at_ts]) with the shifts and users included.</summary>
    internal async Task<List<OnCallUser>> ScheduleRespondersAsync(string scheduleId, string? scheduleName, DateTimeOffset? at, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path(SchedulesPath + "/{0}/responders", scheduleId))
            .WithQuery("include", "schedule,responders.shifts.user")
            .WithQuery("filter[at_ts]", at is { } t ? DatadogJson.Format(t) : null);
        using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
        return MapScheduleResponders(document.RootElement, scheduleId, scheduleName);
    }

    internal List<OnCallUser> MapScheduleResponders(JsonElement root, string scheduleId, string? scheduleName)
    {
        Remember(root);
        var included = DatadogJson.Included(root);
        var data = root.Prop("data") ?? default;
        var scheduleRef = data.Related("schedule").FirstOrDefault();
        var id = scheduleRef.Id ?? scheduleId;
        var name = scheduleName ?? (included.TryGetValue(("schedules", id), out var s) ? s.Attr("name") : null) ?? id;
        var result = new List<OnCallUser>();
        foreach (var (responderId, responderType) in data.Related("responders"))
        {
            if (!included.TryGetValue((responderType, responderId), out var responder))
            {
                continue;
            }

            if (responder.Attr("position") is { } position && position != "current")
            {
                continue;
            }

            foreach (var (shiftId, shiftType) in responder.Related("shifts"))
            {
                if (!included.TryGetValue((shiftType, shiftId), out var shift))
                {
                    continue;
                }

                var userId = shift.Related("user").FirstOrDefault().Id;
                if (userId is null)
                {
                    continue;
                }

                var user = included.TryGetValue(("users", userId), out var u) ? DatadogUser.FromResource(u) : _users.TryGetValue(userId, out var known) ? known : new DatadogUser(userId, null, null, null);
                result.Add(new OnCallUser
                {
                    Provider = Provider,
                    Connection = Connection,
                    Schedule = name,
                    ScheduleId = id,
                    User = user.Display,
                    UserId = user.Id,
                    Email = user.Email,
                    Start = shift.Attributes()?.Time("start"),
                    End = shift.Attributes()?.Time("end"),
                    Raw = RawJson.ToDictionary(shift),
                });
            }
        }

        return result;
    }

    /// <summary>The deprecated GET schedules/{id}/on-call answer (a single "shifts" resource), as recorded.</summary>
    internal OnCallUser? MapScheduledOnCallUser(JsonElement root, string scheduleId, string? scheduleName)
    {
        Remember(root);
        if (root.Prop("data") is not { } shift || shift.Related("user").FirstOrDefault().Id is not { } userId)
        {
            return null;
        }

        var included = DatadogJson.Included(root);
        var user = included.TryGetValue(("users", userId), out var u) ? DatadogUser.FromResource(u) : _users.TryGetValue(userId, out var known) ? known : new DatadogUser(userId, null, null, null);
        return new OnCallUser
        {
            Provider = Provider,
            Connection = Connection,
            Schedule = scheduleName ?? scheduleId,
            ScheduleId = scheduleId,
            User = user.Display,
            UserId = user.Id,
            Email = user.Email,
            Start = shift.Attributes()?.Time("start"),
            End = shift.Attributes()?.Time("end"),
            Raw = RawJson.ToDictionary(shift),
        };
    }

    // ================================================================ overrides

    private async Task<DatadogSchedule> OneScheduleAsync(string? name, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || Wildcard.HasWildcards(name!))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "ScheduleRequired", "Datadog overrides belong to one schedule: give -Schedule (id or name, no wildcards).", Provider);
        }

        var errors = new List<OnCallException>();
        var refs = await ResolveSchedulesAsync(new[] { name! }, Array.Empty<string>(), new ErrorCollectingSink(sink, errors), cancellationToken).ConfigureAwait(false);
        if (refs.Count != 1)
        {
            throw refs.Count == 0
                ? errors.FirstOrDefault() ?? ScheduleNotFound(name!)
                : new OnCallException(OnCallErrorKind.InvalidArgument, "AmbiguousSchedule", string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} Datadog schedules; give the id.", name, refs.Count), Provider, name);
        }

        return await GetScheduleAsync(refs[0].Id, sink, cancellationToken).ConfigureAwait(false);
    }

    public async Task GetOverridesAsync(OverrideQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Datadog requires a window; without one, a week back to four weeks ahead.
        var start = query.Start ?? DateTimeOffset.UtcNow.AddDays(-7);
        var end = query.End ?? start.AddDays(35);
        var refs = await ResolveSchedulesAsync(string.IsNullOrWhiteSpace(query.Schedule) ? Array.Empty<string>() : new[] { query.Schedule! }, Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false);
        foreach (var scheduleRef in refs)
        {
            try
            {
                var schedule = await GetScheduleAsync(scheduleRef.Id, sink, cancellationToken).ConfigureAwait(false);
                foreach (var o in await ListOverridesAsync(schedule, start, end, sink, cancellationToken).ConfigureAwait(false))
                {
                    if ((query.Id is null || string.Equals(o.Id, query.Id, StringComparison.OrdinalIgnoreCase))
                        && (query.User is null || Wildcard.IsMatch(o.User, query.User) || Wildcard.IsMatch(o.OriginalUser, query.User)))
                    {
                        sink.WriteObject(o);
                    }
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(scheduleRef.Name));
            }
        }
    }

    public async Task SetOverrideAsync(OverrideRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "UserRequired", "A Datadog override needs the user who takes over (-User).", Provider);
        }

        var schedule = await OneScheduleAsync(request.Schedule, sink, cancellationToken).ConfigureAwait(false);
        var start = request.Start ?? DateTimeOffset.UtcNow;
        var end = request.End;
        if (end is null)
        {
            // "Take on-call now": until the end of the shift running at the start.
            var definition = schedule.ToDefinition(Connection);
            end = definition?.Render(start, start.AddDays(400)).FirstOrDefault(s => s.Start <= start && s.User != DatadogSchedule.EmptySlot)?.End;
            if (end is null)
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "EndRequired", string.Format(CultureInfo.InvariantCulture, "Nobody is scheduled on '{0}' at {1:u}: give the end of the override (-End).", schedule.Name, start), Provider, schedule.Name);
            }
        }

        if (end <= start)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidWindow", "The override must end after it starts.", Provider, schedule.Name);
        }

        var user = schedule.Users.Values.FirstOrDefault(u => u.IsNamed(request.User.Trim()) && !Wildcard.HasWildcards(request.User))
            ?? await FindUserAsync(request.User, sink, cancellationToken).ConfigureAwait(false);

        // The recorded form: data is an array of overrides (go-unmerged cassettes).
        var body = new Dictionary<string, object?>
        {
            ["data"] = new object[]
            {
                new Dictionary<string, object?>
                {
                    ["type"] = "overrides",
                    ["attributes"] = new Dictionary<string, object?> { ["start"] = DatadogJson.Format(start), ["end"] = DatadogJson.Format(end.Value) },
                    ["relationships"] = new Dictionary<string, object?>
                    {
                        ["user"] = new Dictionary<string, object?> { ["data"] = new Dictionary<string, object?> { ["id"] = user.Id, ["type"] = "users" } },
                    },
                },
            },
        };
        var post = new ApiRequest("POST", Path(SchedulesPath + "/{0}/overrides", schedule.Id)) { Body = body };
        var response = await _client.SendAsync(post, sink, cancellationToken).ConfigureAwait(false);
        using var document = response.ParseDocument();
        var data = document.RootElement.Prop("data");
        var items = data is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : data is { } single ? new List<JsonElement> { single } : new List<JsonElement>();
        var original = schedule.ToDefinition(Connection)?.WhoIsOnCall(start)?.User;
        foreach (var item in items)
        {
            var created = await ToOverrideAsync(item, schedule, sink, cancellationToken).ConfigureAwait(false);
            created.OriginalUser ??= original == DatadogSchedule.EmptySlot ? null : original;
            created.Reason = request.Reason;
            sink.WriteObject(created);
        }
    }

    public async Task RemoveOverrideAsync(OverrideRemoval request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (!DatadogJson.IsUuid(request.Id))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidOverrideId", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog override id (a UUID).", request.Id), Provider, request.Id);
        }

        var schedule = DatadogJson.IsUuid(request.Schedule)
            ? request.Schedule!
            : (await OneScheduleAsync(request.Schedule, sink, cancellationToken).ConfigureAwait(false)).Id;
        var delete = new ApiRequest("DELETE", Path(SchedulesPath + "/{0}/overrides/{1}", schedule, request.Id));
        _ = await _client.SendAsync(delete, sink, cancellationToken).ConfigureAwait(false);
        sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Removed Datadog override {0} from schedule {1}.", request.Id, schedule));
    }

    // ================================================================ pages

    public Task GetIncidentsAsync(IncidentQuery query, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            query.Ids.Count > 0
                ? "Datadog On-Call has no API that reads a page by id (nor one that lists pages). Act on a page by its id with Invoke-IncidentAck, Invoke-IncidentResolve or Invoke-IncidentEscalate."
                : "Datadog On-Call has no API that lists pages (datadog-api-client-python issue #2773). New-OnCallIncident returns the page id; Invoke-IncidentAck, Invoke-IncidentResolve and Invoke-IncidentEscalate act on it.",
            OnCallProvider.Datadog);

    public async Task NewIncidentAsync(NewIncidentRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "TitleRequired", "A Datadog page needs a title.", Provider);
        }

        var urgency = string.IsNullOrWhiteSpace(request.Urgency) ? "high" : request.Urgency!.Trim().ToLowerInvariant();
        if (urgency is not ("low" or "high"))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidUrgency", string.Format(CultureInfo.InvariantCulture, "Datadog page urgency is 'low' or 'high', not '{0}'.", request.Urgency), Provider, request.Urgency);
        }

        var targets = request.Targets.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (targets.Count == 0 && !string.IsNullOrWhiteSpace(request.User))
        {
            targets.Add("user:" + request.User);
        }

        if (targets.Count == 0)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "TargetRequired", "A Datadog page needs a target: 'team_handle:ops', 'team_id:<uuid>', 'user_id:<uuid>' or a team handle.", Provider);
        }

        // One page per target: a Datadog page has exactly one.
        foreach (var target in targets)
        {
            var (type, identifier) = await ParseTargetAsync(target, sink, cancellationToken).ConfigureAwait(false);
            var attributes = new Dictionary<string, object?>
            {
                ["title"] = request.Title,
                ["urgency"] = urgency,
                ["target"] = new Dictionary<string, object?> { ["type"] = type, ["identifier"] = identifier },
            };
            if (!string.IsNullOrWhiteSpace(request.Description))
            {
                attributes["description"] = request.Description;
            }

            if (request.Tags.Count > 0)
            {
                attributes["tags"] = request.Tags.ToArray();
            }

            var post = new ApiRequest("POST", "/api/v2/on-call/pages")
            {
                BaseUriOverride = _info.PagingUri,
                Body = new Dictionary<string, object?> { ["data"] = new Dictionary<string, object?> { ["type"] = "pages", ["attributes"] = attributes } },
            };
            var response = await _client.SendAsync(post, sink, cancellationToken).ConfigureAwait(false);
            using var document = response.ParseDocument();
            var id = document.RootElement.Prop("data")?.Str("id")
                ?? throw new OnCallException(OnCallErrorKind.InvalidData, "MalformedResponse", "Datadog created a page but returned no id.", Provider, target) { MayHaveApplied = true };
            var incident = new Incident
            {
                Provider = Provider,
                Connection = Connection,
                Id = id,
                Status = IncidentStatus.Triggered,
                Title = request.Title,
                Severity = urgency,
                Start = DateTimeOffset.UtcNow,
                Raw = RawJson.ToDictionary(document.RootElement),
            };
            if (type == "user_id")
            {
                incident.PagedUsers.Add(identifier);
            }
            else
            {
                incident.PagedTeams.Add(identifier);
                incident.Team = identifier;
            }

            sink.WriteObject(incident);
        }
    }

    /// <summary>"team_handle:x", "team_id:x", "user_id:x", "user:x" (id, e-mail or handle), "team:x", or a bare team handle.</summary>
    internal async Task<(string Type, string Identifier)> ParseTargetAsync(string target, IOperationSink sink, CancellationToken cancellationToken)
    {
        var text = target.Trim();
        var colon = text.IndexOf(':');
        var kind = colon > 0 ? text.Substring(0, colon).Trim().ToLowerInvariant() : string.Empty;
        var value = colon > 0 ? text.Substring(colon + 1).Trim() : text;
        if (value.Length == 0)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidTarget", string.Format(CultureInfo.InvariantCulture, "The page target '{0}' names nobody.", target), Provider, target);
        }

        switch (kind)
        {
            case "team_handle":
            case "team_id":
            case "user_id":
                return (kind, value);
            case "team":
                return DatadogJson.IsUuid(value) ? ("team_id", value) : ("team_handle", value);
            case "user":
                return ("user_id", DatadogJson.IsUuid(value) ? value : (await FindUserAsync(value, sink, cancellationToken).ConfigureAwait(false)).Id);
            case "":
                return DatadogJson.IsUuid(value) ? ("team_id", value) : ("team_handle", value);
            default:
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidTarget", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog page target: use team_handle:, team_id:, user_id: or a team handle.", target), Provider, target);
        }
    }

    public async Task InvokeActionAsync(IncidentAction action, IReadOnlyList<string> ids, IncidentActionOptions options, IOperationSink sink, CancellationToken cancellationToken)
    {
        var (verb, name) = action switch
        {
            IncidentAction.Acknowledge => ("acknowledge", "Ack"),
            IncidentAction.Resolve => ("resolve", "Resolve"),
            IncidentAction.Escalate => ("escalate", "Escalate"),
            _ => throw new OnCallException(OnCallErrorKind.NotSupported, "NotSupported", "Datadog pages cannot be rerouted; escalate them (Invoke-IncidentEscalate) or create a page for the other target.", Provider),
        };

        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!DatadogJson.IsUuid(id?.Trim()))
            {
                sink.WriteError(new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidPageId", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog page id: page ids are UUIDs such as 15e74b8b-f865-48d0-bcc5-453323ed2c8f.", id), Provider, id));
                continue;
            }

            var pageId = id!.Trim();
            try
            {
                var post = new ApiRequest("POST", Path("/api/v2/on-call/pages/{0}/" + verb, pageId)) { BaseUriOverride = _info.PagingUri };
                var response = await _client.SendAsync(post, sink, cancellationToken).ConfigureAwait(false);
                sink.WriteObject(new IncidentActionResult
                {
                    Provider = Provider,
                    Connection = Connection,
                    Id = pageId,
                    Action = name,
                    Accepted = true,
                    User = options.User,
                    Message = response.StatusCode == 202 ? "accepted" : null,
                    Raw = string.IsNullOrWhiteSpace(response.Content) ? null : response.ReadPlain() as IDictionary<string, object?>,
                });
            }
            catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound)
            {
                sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "PageNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no page '{0}' to {1}.", pageId, verb), Provider, pageId) { StatusCode = ex.StatusCode, Request = ex.Request });
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(pageId));
            }
        }
    }

    // ================================================================ directory

    public async Task GetTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        foreach (var team in await ResolveTeamsAsync(names, sink, cancellationToken).ConfigureAwait(false))
        {
            sink.WriteObject(new Team { Provider = Provider, Connection = Connection, Id = team.Id, Name = team.Name, MemberCount = team.MemberCount, Raw = team.Raw });
        }
    }

    public async Task GetTeamMembersAsync(IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        foreach (var team in await ResolveTeamsAsync(teams, sink, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                for (var page = 0; page < 1000; page++)
                {
                    // The users come in "included" without asking (the endpoint takes no include parameter).
                    var request = new ApiRequest("GET", Path("/api/v2/team/{0}/memberships", team.Id))
                        .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                        .WithQuery("page[number]", page.ToString(CultureInfo.InvariantCulture));
                    using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
                    var members = MapMemberships(document.RootElement, team.Name);
                    foreach (var member in members)
                    {
                        sink.WriteObject(member);
                    }

                    if (document.RootElement.Array("data").Count() < PageSize)
                    {
                        break;
                    }
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(team.Name));
            }
        }
    }

    /// <summary>GET /api/v2/team/{id}/memberships: team_memberships with a role and a user relationship, users included.</summary>
    internal List<TeamMember> MapMemberships(JsonElement root, string teamName)
    {
        Remember(root);
        var included = DatadogJson.Included(root);
        var result = new List<TeamMember>();
        foreach (var membership in root.Array("data"))
        {
            var userId = membership.Related("user").FirstOrDefault().Id;
            if (userId is null)
            {
                continue;
            }

            var resource = included.TryGetValue(("users", userId), out var u) ? u : (JsonElement?)null;
            var user = resource is { } r ? DatadogUser.FromResource(r) : _users.TryGetValue(userId, out var known) ? known : new DatadogUser(userId, null, null, null);
            var parts = (user.Name ?? string.Empty).Split(NameSeparators, 2, StringSplitOptions.RemoveEmptyEntries);
            result.Add(new TeamMember
            {
                Provider = Provider,
                Connection = Connection,
                Team = teamName,
                User = user.Display,
                UserId = user.Id,
                Email = user.Email,
                FirstName = parts.Length > 0 ? parts[0] : null,
                LastName = parts.Length > 1 ? parts[1] : null,
                IsAdmin = membership.Attr("role") is { } role ? string.Equals(role, "admin", StringComparison.OrdinalIgnoreCase) : null,
                Raw = RawJson.ToDictionary(membership),
            });
        }

        return result;
    }

    /// <summary>Escalation policies by team and by policy name or id (wildcards); each read with its steps and targets.</summary>
    public async Task GetEscalationPoliciesAsync(EscalationPolicyQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        var teamFilter = query.Teams.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        var teamList = await ListTeamsAsync(null, sink, cancellationToken).ConfigureAwait(false);
        var wantedTeams = teamFilter.Count == 0 ? null : teamList.Where(t => teamFilter.Any(t.IsNamed)).Select(t => t.Id).ToList();
        foreach (var missing in teamFilter.Where(f => !Wildcard.HasWildcards(f) && !teamList.Any(t => t.IsNamed(f))))
        {
            sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "TeamNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no team with the id, handle or name '{0}'.", missing), Provider, missing));
        }

        var policies = new List<(string Id, List<string> TeamIds)>();
        for (var page = 0; page < 1000; page++)
        {
            var request = new ApiRequest("GET", "/api/v2/on-call/escalation-policies")
                .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("page[number]", page.ToString(CultureInfo.InvariantCulture));
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            var data = document.RootElement.Array("data").ToList();
            policies.AddRange(data.Select(p => (p.Str("id") ?? string.Empty, p.Related("teams").Select(t => t.Id).ToList())));
            if (data.Count < PageSize)
            {
                break;
            }
        }

        foreach (var (id, teamIds) in policies)
        {
            if (wantedTeams is not null && !teamIds.Any(t => wantedTeams.Contains(t, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            try
            {
                var request = new ApiRequest("GET", Path("/api/v2/on-call/escalation-policies/{0}", id)).WithQuery("include", "steps,steps.targets,teams");
                using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
                var policy = MapPolicy(document.RootElement, teamList);
                if (query.Policies.Count == 0 || query.Policies.Any(p => Wildcard.IsMatch(policy.Name, p) || Wildcard.IsMatch(policy.Id, p)))
                {
                    sink.WriteObject(policy);
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(id));
            }
        }
    }

    /// <summary>A policy document with steps and targets included (recorded: Get On-Call escalation policy).</summary>
    internal EscalationPolicy MapPolicy(JsonElement root, IReadOnlyList<TeamInfo>? teams = null)
    {
        Remember(root);
        var included = DatadogJson.Included(root);
        var data = root.Prop("data") ?? default;
        string TeamName(string teamId) =>
            included.TryGetValue(("teams", teamId), out var t) ? t.Attr("name") ?? t.Attr("handle") ?? teamId
            : teams?.FirstOrDefault(x => x.Id == teamId)?.Name ?? teamId;

        var policy = new EscalationPolicy
        {
            Provider = Provider,
            Connection = Connection,
            Id = data.Str("id") ?? string.Empty,
            Name = data.Attr("name") ?? data.Str("id") ?? string.Empty,
            Team = data.Related("teams").Select(t => TeamName(t.Id)).FirstOrDefault(),
            Raw = RawJson.ToDictionary(root),
        };
        var index = 0;
        foreach (var (stepId, stepType) in data.Related("steps"))
        {
            var step = new EscalationStep { Index = index++ };
            if (included.TryGetValue((string.IsNullOrEmpty(stepType) ? "steps" : stepType, stepId), out var resource))
            {
                step.TimeoutMinutes = resource.Attributes()?.Long("escalate_after_seconds") is { } seconds ? (int)(seconds / 60) : null;
                foreach (var (targetId, targetType) in resource.Related("targets"))
                {
                    step.Targets.Add(DescribeTarget(targetId, targetType, included, TeamName));
                }
            }

            policy.Steps.Add(step);
        }

        return policy;
    }

    private string DescribeTarget(string id, string type, Dictionary<(string Type, string Id), JsonElement> included, Func<string, string> teamName)
    {
        switch (type)
        {
            case "users":
                return "user:" + (included.TryGetValue(("users", id), out var u) ? DatadogUser.FromResource(u).Display : _users.TryGetValue(id, out var known) ? known.Display : id);
            case "teams":
                return "team:" + teamName(id);
            case "schedules":
                return "schedule:" + (included.TryGetValue(("schedules", id), out var s) ? s.Attr("name") ?? id : id);
            case "schedule_target":
                // "<schedule>_<position>": the schedule's previous, current or next responder.
                var target = included.TryGetValue(("schedule_target", id), out var t) ? t : (JsonElement?)null;
                var scheduleId = target?.Related("schedule").FirstOrDefault().Id ?? id.Split('_')[0];
                var position = target?.Attr("position") ?? (id.Contains("_") ? id.Substring(id.LastIndexOf('_') + 1) : "current");
                var scheduleName = included.TryGetValue(("schedules", scheduleId), out var sc) ? sc.Attr("name") ?? scheduleId : scheduleId;
                return "schedule:" + scheduleName + " (" + position + ")";
            default:
                return type + ":" + id;
        }
    }

    /// <summary>Forwards everything, and also keeps the errors so the caller can throw the first one.</summary>
    private sealed class ErrorCollectingSink : IOperationSink
    {
        private readonly IOperationSink _inner;
        private readonly List<OnCallException> _errors;

        public ErrorCollectingSink(IOperationSink inner, List<OnCallException> errors)
        {
            _inner = inner;
            _errors = errors;
        }

        public void WriteObject(object item) => _inner.WriteObject(item);

        public void WriteError(OnCallException error)
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        }

        public void WriteWarning(string message) => _inner.WriteWarning(message);

        public void WriteVerbose(string message) => _inner.WriteVerbose(message);

        public void WriteDebug(string message) => _inner.WriteDebug(message);

        public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);
    }
}
