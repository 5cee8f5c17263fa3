using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    // The team list feeds name resolution for almost every command; a minute keeps a pipeline of
    // commands from re-reading it while still noticing a team created a moment ago.
    internal static readonly TimeSpan DirectoryCacheLifetime = TimeSpan.FromSeconds(60);

    private CachedList<TeamDto>? _teams;
    private CachedList<(UserDto User, IDictionary<string, object?>? Raw)>? _users;

    /// <summary>Forgets the cached team and user lists.</summary>
    public void InvalidateDirectory()
    {
        _teams = null;
        _users = null;
    }

    internal async Task<IReadOnlyList<TeamDto>> GetTeamListAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var cached = _teams;
        if (cached is not null && cached.IsFresh(_time.GetUtcNow()))
        {
            return cached.Items;
        }

        // No lock: two commands racing here both read the list once, which is harmless.
        // GET /v1/team answers a bare array; tolerate a {"teams":[...]} wrapper too.
        using var document = await SendAsync(new ApiRequest("GET", PublicApi + "/v1/team"), sink, cancellationToken).ConfigureAwait(false);
        var teams = new List<TeamDto>();
        foreach (var element in VictorOpsJson.List(document, "teams"))
        {
            var team = VictorOpsJson.Bind<TeamDto>(element, "a team");
            team.Raw = VictorOpsJson.Raw(element);
            teams.Add(team);
        }

        _teams = new CachedList<TeamDto>(teams, _time.GetUtcNow() + DirectoryCacheLifetime);
        return teams;
    }

    internal async Task<IReadOnlyList<(UserDto User, IDictionary<string, object?>? Raw)>> GetUserListAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var cached = _users;
        if (cached is not null && cached.IsFresh(_time.GetUtcNow()))
        {
            return cached.Items;
        }

        // GET /v1/user answers {"users":[[...]]}: an array of arrays (the official Go client's [][]User).
        using var document = await SendAsync(new ApiRequest("GET", PublicApi + "/v1/user"), sink, cancellationToken).ConfigureAwait(false);
        var users = new List<(UserDto User, IDictionary<string, object?>? Raw)>();
        foreach (var element in VictorOpsJson.List(document, "users"))
        {
            users.Add((VictorOpsJson.Bind<UserDto>(element, "a user"), VictorOpsJson.Raw(element)));
        }

        _users = new CachedList<(UserDto User, IDictionary<string, object?>? Raw)>(users, _time.GetUtcNow() + DirectoryCacheLifetime);
        return users;
    }

    /// <summary>
    /// Teams by name or slug; wildcards expand (and may match nothing, as in PowerShell). A plain
    /// name that matches no team is unknown (TeamNotFound, with close names suggested).
    /// </summary>
    internal async Task<NameResolution<TeamDto>> ResolveTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        var all = await GetTeamListAsync(sink, cancellationToken).ConfigureAwait(false);
        var found = new List<TeamDto>();
        var unknown = new List<OnCallException>();
        if (names.Count == 0)
        {
            return new NameResolution<TeamDto>(all, unknown);
        }

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
                unknown.Add(TeamNotFound(name, all));
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

        return new NameResolution<TeamDto>(found, unknown);
    }

    internal async Task<TeamDto> ResolveTeamAsync(string name, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (Wildcard.HasWildcards(name))
        {
            throw InvalidArgument("WildcardNotAllowed", string.Format(CultureInfo.InvariantCulture, "'{0}': name one team here, without wildcards.", name), name);
        }

        var teams = await ResolveTeamsAsync(new[] { name }, sink, cancellationToken).ConfigureAwait(false);
        return teams.OrThrow()[0];
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
            name);
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
            RecommendedAction = "VictorOps usernames are not e-mail addresses unless set so.",
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

    /// <summary>Teams (GET /v1/team, cached a minute) by name or slug, wildcards allowed; all when none is named.</summary>
    public async Task GetTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        var teams = (await ResolveTeamsAsync(names ?? Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        foreach (var team in teams)
        {
            sink.WriteObject(Stamp(
                new Team
                {
                    Id = team.Slug ?? string.Empty,
                    Name = team.Display,
                    MemberCount = team.MemberCount,
                    IsDefault = team.IsDefaultTeam ?? false,
                },
                team.Raw));
        }
    }

    /// <summary>Members of teams (GET /v1/team/{team}/members); no team: every user of the organisation (GET /v1/user).</summary>
    public async Task GetTeamMembersAsync(IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (teams is null || teams.Count == 0)
        {
            foreach (var (user, raw) in await GetUserListAsync(sink, cancellationToken).ConfigureAwait(false))
            {
                sink.WriteObject(MapMember(user, null, raw));
            }

            return;
        }

        foreach (var team in (await ResolveTeamsAsync(teams, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
        {
            var request = new ApiRequest("GET", PathOf(PublicApi + "/v1/team/{0}/members", team.Slug ?? team.Display));
            using var document = await SendAsync(request, sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false);
            foreach (var element in VictorOpsJson.List(document, "members"))
            {
                sink.WriteObject(MapMember(VictorOpsJson.Bind<UserDto>(element, "a team member"), team.Display, VictorOpsJson.Raw(element)));
            }
        }
    }

    /// <summary>Escalation policies of teams (GET /v1/team/{team}/policies), or all (GET /v1/policies).</summary>
    /// <summary>Escalation policies filtered by team and policy (names or slugs, wildcards); with IncludeSteps, GET /v1/policies/{slug} each.</summary>
    public async Task GetEscalationPoliciesAsync(EscalationPolicyQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        var policies = new List<(PolicyRef Policy, IDictionary<string, object?>? Raw)>();
        if (query.Teams.Count == 0)
        {
            policies.AddRange(await ReadAllPoliciesAsync(sink, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            foreach (var team in (await ResolveTeamsAsync(query.Teams, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
            {
                policies.AddRange(await ReadTeamPoliciesAsync(team, sink, cancellationToken).ConfigureAwait(false));
            }
        }

        foreach (var (policy, raw) in policies)
        {
            if (!PolicyMatches(query.Policies, policy.Name, policy.Slug))
            {
                continue;
            }

            var item = Stamp(new EscalationPolicy { Id = policy.Slug, Name = policy.Name ?? policy.Slug, Team = policy.TeamName }, raw);
            if (query.IncludeSteps)
            {
                using var document = await SendAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/policies/{0}", policy.Slug)), sink, cancellationToken, ex => PolicyNotFound(policy.Slug, Array.Empty<PolicyRef>(), ex)).ConfigureAwait(false);

                // A policy's detail has its steps; without them it is not a policy with none, it is not a policy answer.
                _ = document.RequireArray("steps");
                var detail = VictorOpsJson.Bind<PolicyDetailDto>(document.RootElement, "an escalation policy");
                var index = 0;
                foreach (var step in detail.Steps ?? new List<PolicyStepDto>())
                {
                    var mapped = new EscalationStep { Index = index++, TimeoutMinutes = step.Timeout };
                    foreach (var entry in step.Entries ?? new List<PolicyEntryDto>())
                    {
                        mapped.Targets.Add(DescribeTarget(entry));
                    }

                    item.Steps.Add(mapped);
                }

                // The detail answer has the steps, the list item had the team: keep both.
                var detailRaw = VictorOpsJson.Raw(document.RootElement);
                if (detailRaw is not null && raw is not null && raw.TryGetValue("team", out var teamRaw) && !detailRaw.ContainsKey("team"))
                {
                    detailRaw["team"] = teamRaw;
                }

                item.Raw = detailRaw ?? raw;
            }

            sink.WriteObject(item);
        }
    }

    /// <summary>
    /// A policy by name or slug, within a team when one is given. A team alone stands for its only
    /// policy; a team with several is an error listing them, so the caller picks with -Policy.
    /// </summary>
    internal async Task<PolicyRef> ResolvePolicyAsync(string? policy, string? team, IOperationSink sink, CancellationToken cancellationToken)
    {
        var wanted = string.IsNullOrWhiteSpace(policy) ? null : policy!.Trim();
        if (!string.IsNullOrWhiteSpace(team))
        {
            var teamDto = await ResolveTeamAsync(team!.Trim(), sink, cancellationToken).ConfigureAwait(false);
            var candidates = (await ReadTeamPoliciesAsync(teamDto, sink, cancellationToken).ConfigureAwait(false)).Select(p => p.Policy).ToList();
            if (wanted is not null)
            {
                return MatchPolicy(wanted, candidates);
            }

            return candidates.Count switch
            {
                1 => candidates[0],
                0 => throw new OnCallException(OnCallErrorKind.NotFound, "PolicyNotFound", string.Format(CultureInfo.InvariantCulture, "Team '{0}' has no escalation policy.", teamDto.Display), OnCallProvider.VictorOps, teamDto.Display),
                _ => throw InvalidArgument(
                    "PolicyRequired",
                    string.Format(CultureInfo.InvariantCulture, "Team '{0}' has {1} escalation policies; one must be named: {2}.", teamDto.Display, candidates.Count, string.Join(", ", candidates.Select(c => "'" + (c.Name ?? c.Slug) + "' (" + c.Slug + ")"))),
                    teamDto.Display),
            };
        }

        if (wanted is null)
        {
            throw InvalidArgument("PolicyRequired", "Taking or assigning on-call needs the escalation policy, or its team.");
        }

        // A slug needs no lookup (and the policy list is the slowest read VictorOps has).
        if (LooksLikeSlug(wanted))
        {
            return new PolicyRef(wanted, null, null, null);
        }

        var all = (await ReadAllPoliciesAsync(sink, cancellationToken).ConfigureAwait(false)).Select(p => p.Policy).ToList();
        return MatchPolicy(wanted, all);
    }

    private PolicyRef MatchPolicy(string wanted, IReadOnlyList<PolicyRef> candidates)
    {
        var matches = candidates.Where(c => string.Equals(c.Slug, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            matches = candidates.Where(c => string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw PolicyNotFound(wanted, candidates, null),
            _ => throw InvalidArgument(
                "AmbiguousPolicy",
                string.Format(CultureInfo.InvariantCulture, "Several escalation policies are named '{0}': {1}. Name it by its slug, or with its team.", wanted, string.Join(", ", matches.Select(m => m.Slug + " (team " + (m.TeamName ?? "?") + ")"))),
                wanted),
        };
    }

    private OnCallException PolicyNotFound(string wanted, IReadOnlyList<PolicyRef> candidates, OnCallException? inner)
    {
        var suggestions = NameSuggestions.Closest(wanted, candidates.Select(c => c.Name ?? string.Empty).Concat(candidates.Select(c => c.Slug)));
        var hint = suggestions.Count > 0 ? " Did you mean " + string.Join(", ", suggestions.Select(s => "'" + s + "'")) + "?" : string.Empty;
        return new OnCallException(
            OnCallErrorKind.NotFound,
            "PolicyNotFound",
            string.Format(CultureInfo.InvariantCulture, "VictorOps connection '{0}' has no escalation policy '{1}'.{2}", ConnectionName, wanted, hint),
            OnCallProvider.VictorOps,
            wanted,
            inner)
        {
            StatusCode = inner?.StatusCode,
            Request = inner?.Request,
        };
    }

    private async Task<IReadOnlyList<(PolicyRef Policy, IDictionary<string, object?>? Raw)>> ReadTeamPoliciesAsync(TeamDto team, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", PathOf(PublicApi + "/v1/team/{0}/policies", team.Slug ?? team.Display));
        using var document = await SendAsync(request, sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false);
        return ReadPolicies(document, team);
    }

    private async Task<IReadOnlyList<(PolicyRef Policy, IDictionary<string, object?>? Raw)>> ReadAllPoliciesAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(new ApiRequest("GET", PublicApi + "/v1/policies"), sink, cancellationToken).ConfigureAwait(false);
        return ReadPolicies(document, null);
    }

    // Items come as {"policy":{name,slug},"team":{name,slug}} (/v1/policies) or as {name,slug}
    // (/v1/team/{team}/policies); read both.
    private static List<(PolicyRef Policy, IDictionary<string, object?>? Raw)> ReadPolicies(ApiResponse answer, TeamDto? team)
    {
        var result = new List<(PolicyRef Policy, IDictionary<string, object?>? Raw)>();
        foreach (var element in VictorOpsJson.List(answer, "policies"))
        {
            var info = VictorOpsJson.Bind<PolicyInfoDto>(element, "an escalation policy");
            var policy = info.Policy ?? VictorOpsJson.Bind<NamedRef>(element, "an escalation policy");
            var slug = policy.Id;
            if (string.IsNullOrEmpty(slug))
            {
                continue;
            }

            result.Add((new PolicyRef(slug!, policy.Name, info.Team?.Display ?? team?.Display, info.Team?.Slug ?? team?.Slug), VictorOpsJson.Raw(element)));
        }

        return result;
    }

    private static bool LooksLikeSlug(string value) =>
        value.StartsWith("pol-", StringComparison.OrdinalIgnoreCase) || value.StartsWith("team-", StringComparison.OrdinalIgnoreCase);

    private static string DescribeTarget(PolicyEntryDto entry)
    {
        var type = entry.ExecutionType ?? "unknown";
        var what = entry.User?.Username
            ?? entry.RotationGroup?.Display
            ?? entry.Email?.Address
            ?? entry.Webhook?.Display
            ?? entry.TargetPolicy?.Display
            ?? string.Empty;
        var label = type.StartsWith("rotation_group", StringComparison.OrdinalIgnoreCase) ? "rotation" + type.Substring("rotation_group".Length) : type;
        return what.Length == 0 ? label : label + ":" + what;
    }

    private TeamMember MapMember(UserDto user, string? team, IDictionary<string, object?>? raw) => Stamp(
        new TeamMember
        {
            Team = team,
            User = user.Username ?? string.Empty,
            FirstName = user.FirstName,
            LastName = user.LastName,
            Email = user.Email,
        },
        raw);
}
