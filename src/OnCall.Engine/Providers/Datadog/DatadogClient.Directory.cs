using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Operations;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

internal sealed partial class DatadogClient
{
    // Teams, users (kept by id as answers include them), members and escalation policies.

    internal sealed class TeamInfo
    {
        // The resource is read here, while its page's document lives; Raw keeps a copy of its bytes.
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
        await ReadTeamPagesAsync(keyword, teams.Add, sink, cancellationToken).ConfigureAwait(false);
        return teams;
    }

    /// <summary>Every team, handed to <paramref name="onTeam"/> page by page as the pages come in.</summary>
    internal Task ReadTeamPagesAsync(string? keyword, Action<TeamInfo> onTeam, IOperationSink sink, CancellationToken cancellationToken) =>
        ReadAllPagesAsync(
            () => new ApiRequest("GET", "/api/v2/team").WithQuery("filter[keyword]", keyword),
            (_, data) =>
            {
                foreach (var t in data)
                {
                    onTeam(new TeamInfo(t.Str("id") ?? string.Empty, t.Attr("name") ?? t.Attr("handle") ?? string.Empty, t.Attr("handle"), t));
                }
            },
            sink,
            cancellationToken);

    /// <summary>Teams by id, handle or name (wildcards allowed); a plain name that matches none is unknown (TeamNotFound).</summary>
    internal async Task<NameResolution<TeamInfo>> ResolveTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        var wanted = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();

        // One exact name: let Datadog filter (filter[keyword] matches names and handles), then match exactly here.
        var keyword = wanted.Count == 1 && !Wildcard.HasWildcards(wanted[0]) && !IsUuid(wanted[0]) ? wanted[0] : null;
        var all = await ListTeamsAsync(keyword, sink, cancellationToken).ConfigureAwait(false);
        var result = new List<TeamInfo>();
        var unknown = new List<OnCallException>();
        if (wanted.Count == 0)
        {
            return new NameResolution<TeamInfo>(all, unknown);
        }

        foreach (var name in wanted)
        {
            var matches = all.Where(t => t.IsNamed(name)).ToList();
            if (matches.Count == 0 && IsUuid(name))
            {
                matches.Add(new TeamInfo(name.ToLowerInvariant(), name, null, null));
            }

            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                unknown.Add(TeamNotFound(name));
            }

            result.AddRange(matches.Where(m => result.All(r => r.Id != m.Id)));
        }

        return new NameResolution<TeamInfo>(result, unknown);
    }

    private OnCallException TeamNotFound(string name) =>
        new(OnCallErrorKind.NotFound, "TeamNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no team with the id, handle or name '{0}'.", name), Provider, name);

    private void Remember(JsonElement root)
    {
        foreach (var item in root.Items("included"))
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
        if (IsUuid(text))
        {
            return await UserAsync(text, sink, cancellationToken).ConfigureAwait(false);
        }

        var known = _users.Values.Where(u => u.IsNamed(text)).ToList();
        if (known.Count == 1)
        {
            return known[0];
        }

        var found = new List<DatadogUser>();
        await ReadAllPagesAsync(
            () => new ApiRequest("GET", "/api/v2/users").WithQuery("filter", text),
            (_, data) => found.AddRange(data.Select(DatadogUser.FromResource).Where(u => u.IsNamed(text))),
            sink,
            cancellationToken).ConfigureAwait(false);
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

    public async Task GetTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        foreach (var team in (await ResolveTeamsAsync(names, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
        {
            sink.WriteObject(new Team { Provider = Provider, Connection = Connection, Id = team.Id, Name = team.Name, MemberCount = team.MemberCount, Raw = team.Raw });
        }
    }

    public async Task GetTeamMembersAsync(IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        // One team's members do not depend on another's: read together, written in team order.
        await FanOut.InOrderAsync(
            (await ResolveTeamsAsync(teams, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink).ToList(),
            FanOut.BudgetedInFlight,
            (team, token) => ReadMembersAsync(team, sink, token),
            (team, read) =>
            {
                if (!FanOut.Succeeded(read, sink, team.Name, out var members))
                {
                    return;
                }

                foreach (var member in members)
                {
                    sink.WriteObject(member);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every member of a team, page after page; the users come in "included" without asking (the endpoint takes no include parameter).</summary>
    private async Task<List<TeamMember>> ReadMembersAsync(TeamInfo team, IOperationSink sink, CancellationToken cancellationToken)
    {
        var members = new List<TeamMember>();
        await ReadAllPagesAsync(
            () => new ApiRequest("GET", Path("/api/v2/team/{0}/memberships", team.Id)),
            (document, _) => members.AddRange(MapMemberships(document.RootElement, team.Name)),
            sink,
            cancellationToken).ConfigureAwait(false);
        return members;
    }

    /// <summary>GET /api/v2/team/{id}/memberships: team_memberships with a role and a user relationship, users included.</summary>
    internal List<TeamMember> MapMemberships(JsonElement root, string teamName)
    {
        Remember(root);
        var included = JsonApi.Included(root);
        var result = new List<TeamMember>();
        foreach (var membership in root.Items("data"))
        {
            var userId = membership.Related("user").FirstOrDefault().Id;
            if (userId is null)
            {
                continue;
            }

            var user = UserFrom(included, userId);
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

        // The policy list and the team list (to filter by team and name each policy's team) do not depend on each
        // other: both are read at once, the policy list first, since the reads of the policies wait for it. A failed
        // policy list still waits for the team list, so nothing is sent after.
        var policies = new List<(string Id, List<string> TeamIds)>();
        var policyListRead = ReadAllPagesAsync(
            () => new ApiRequest("GET", "/api/v2/on-call/escalation-policies"),
            (_, data) => policies.AddRange(data.Select(p => (p.Str("id") ?? string.Empty, p.Related("teams").Select(t => t.Id).ToList()))),
            sink,
            cancellationToken);
        var teamListRead = ListTeamsAsync(null, sink, cancellationToken);
        try
        {
            await policyListRead.ConfigureAwait(false);
            IReadOnlyList<string> wanted;
            if (teamFilter.Count == 0)
            {
                // Every policy is wanted: their reads start now, and only naming a team waits for the team list.
                wanted = policies.Select(p => p.Id).ToList();
            }
            else
            {
                var teamList = await teamListRead.ConfigureAwait(false);
                var wantedTeams = teamList.Where(t => teamFilter.Any(t.IsNamed)).Select(t => t.Id).ToList();
                foreach (var missing in teamFilter.Where(f => !Wildcard.HasWildcards(f) && !teamList.Any(t => t.IsNamed(f))))
                {
                    sink.WriteError(TeamNotFound(missing));
                }

                wanted = policies.Where(p => p.TeamIds.Any(t => wantedTeams.Contains(t, StringComparer.OrdinalIgnoreCase))).Select(p => p.Id).ToList();
            }

            // Each policy is its own read, independent of the others: in flight together, written in the list's order.
            await FanOut.InOrderAsync(
                wanted,
                FanOut.BudgetedInFlight,
                (id, token) => PolicyAsync(id, teamListRead, sink, token),
                (id, answer) =>
                {
                    // A failed team list ends the command, as it would have before any policy was read (a read that failed
                    // before the team list was in leaves that to the end).
                    if (teamListRead.IsCompleted)
                    {
                        teamListRead.GetAwaiter().GetResult();
                    }

                    if (!FanOut.Succeeded(answer, sink, id, out var policy))
                    {
                        return;
                    }

                    if (query.Policies.Count == 0 || query.Policies.Any(p => Wildcard.IsMatch(policy.Name, p) || Wildcard.IsMatch(policy.Id, p)))
                    {
                        sink.WriteObject(policy);
                    }
                },
                cancellationToken).ConfigureAwait(false);

            // No policy at all still reports a failed team list.
            await teamListRead.ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await teamListRead.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The first failure is the one that goes on.
            }

            throw;
        }
    }

    /// <summary>GET escalation-policies/{id} with its steps, targets and teams; the team list names the teams the answer does not include.</summary>
    private async Task<EscalationPolicy> PolicyAsync(string id, Task<List<TeamInfo>> teamList, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path("/api/v2/on-call/escalation-policies/{0}", id)).WithQuery("include", "steps,steps.targets,teams");
        using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
        _ = document.RequireObject("data");
        return MapPolicy(document.RootElement, await teamList.ConfigureAwait(false));
    }

    /// <summary>A policy document with steps and targets included (recorded: Get On-Call escalation policy).</summary>
    internal EscalationPolicy MapPolicy(JsonElement root, IReadOnlyList<TeamInfo>? teams = null)
    {
        Remember(root);
        var included = JsonApi.Included(root);
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
                step.TimeoutMinutes = resource.Attributes()?.Long("escalate_after_seconds") is { } seconds and >= 0 and <= int.MaxValue ? (int)(seconds / 60) : null;
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
}
