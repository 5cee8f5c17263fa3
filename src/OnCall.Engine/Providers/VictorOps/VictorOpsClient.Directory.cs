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

public sealed partial class VictorOpsClient
{
    // A shift longer than a century is no shift (and beyond TimeSpan's range): shown without a length.
    private const double MaxShiftDays = 36500;

    /// <summary>Teams (GET /v1/team, cached a minute) by name or slug, wildcards allowed; all when none is named.</summary>
    public async Task GetTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        var teams = await ResolveTeamsAsync(names ?? Array.Empty<string>(), throwOnUnknown: false, sink, cancellationToken).ConfigureAwait(false);
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

        foreach (var team in await ResolveTeamsAsync(teams, throwOnUnknown: false, sink, cancellationToken).ConfigureAwait(false))
        {
            var request = new ApiRequest("GET", PathOf(PublicApi + "/v1/team/{0}/members", team.Slug ?? team.Display));
            using var document = await SendJsonAsync(request, sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false);
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
            foreach (var team in await ResolveTeamsAsync(query.Teams, throwOnUnknown: false, sink, cancellationToken).ConfigureAwait(false))
            {
                policies.AddRange(await ReadTeamPoliciesAsync(team, sink, cancellationToken).ConfigureAwait(false));
            }
        }

        foreach (var (policy, raw) in policies)
        {
            if (query.Policies.Count > 0 && !query.Policies.Any(p => Wildcard.IsMatch(policy.Name, p) || Wildcard.IsMatch(policy.Slug, p)))
            {
                continue;
            }

            var item = Stamp(new EscalationPolicy { Id = policy.Slug, Name = policy.Name ?? policy.Slug, Team = policy.TeamName }, raw);
            if (query.IncludeSteps)
            {
                using var document = await SendJsonAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/policies/{0}", policy.Slug)), sink, cancellationToken, ex => PolicyNotFound(policy.Slug, Array.Empty<PolicyRef>(), ex)).ConfigureAwait(false);

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
    /// Rotations of teams (all when none is named): one Rotation per shift of each rotation group
    /// (GET /v2/team/{team}/rotations), with the group's rtg- slug from GET /v1/teams/{team}/rotations.
    /// Ids filter by shift id, group id, slug or label (wildcards).
    /// </summary>
    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        ids ??= Array.Empty<string>();
        foreach (var team in await ResolveTeamsAsync(teams ?? Array.Empty<string>(), throwOnUnknown: false, sink, cancellationToken).ConfigureAwait(false))
        {
            var slug = team.Slug ?? team.Display;

            // v1 (note the plural "teams") knows each group's slug; v2 knows its shifts and members.
            var slugs = new Dictionary<string, RotationGroupDto>(StringComparer.OrdinalIgnoreCase);
            using (var groups = await SendJsonAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/teams/{0}/rotations", slug)), sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false))
            {
                foreach (var element in VictorOpsJson.List(groups, "rotationGroups"))
                {
                    var group = VictorOpsJson.Bind<RotationGroupDto>(element, "a rotation group");
                    slugs[group.GroupId ?? group.Label ?? string.Empty] = group;
                }
            }

            using var document = await SendJsonAsync(new ApiRequest("GET", PathOf(PublicApi + "/v2/team/{0}/rotations", slug)), sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false);
            foreach (var element in VictorOpsJson.List(document, "rotations"))
            {
                var rotation = VictorOpsJson.Bind<RotationDto>(element, "a rotation");
                slugs.TryGetValue(rotation.GroupId ?? rotation.Label ?? string.Empty, out var group);
                var groupSlug = group?.Slug ?? rotation.GroupId;
                var shifts = rotation.Shifts ?? new List<RotationShiftDto>();
                var raw = VictorOpsJson.Raw(element);
                if (shifts.Count == 0)
                {
                    shifts.Add(new RotationShiftDto { ShiftId = rotation.GroupId, Label = rotation.Label });
                }

                foreach (var shift in shifts)
                {
                    if (ids.Count > 0 && !ids.Any(i => Wildcard.IsMatch(shift.ShiftId, i) || Wildcard.IsMatch(rotation.GroupId, i) || Wildcard.IsMatch(groupSlug, i) || Wildcard.IsMatch(rotation.Label, i)))
                    {
                        continue;
                    }

                    var item = Stamp(
                        new Rotation
                        {
                            Id = shift.ShiftId ?? rotation.GroupId ?? string.Empty,
                            Name = shift.Label ?? rotation.Label ?? string.Empty,
                            Team = team.Display,
                            Schedule = rotation.Label,
                            ScheduleId = groupSlug,
                            ShiftLength = shift.Duration is { } days && days > 0 && days <= MaxShiftDays ? TimeSpan.FromDays(days) : null,
                            TimeZone = shift.Timezone,
                            Start = shift.Start,
                        },
                        raw);
                    foreach (var member in shift.ShiftMembers ?? new List<UserRef>())
                    {
                        if (!string.IsNullOrEmpty(member.Username))
                        {
                            item.Members.Add(member.Username!);
                        }
                    }

                    sink.WriteObject(item);
                }
            }
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
                    string.Format(CultureInfo.InvariantCulture, "Team '{0}' has {1} escalation policies; name one with -Policy: {2}.", teamDto.Display, candidates.Count, string.Join(", ", candidates.Select(c => "'" + (c.Name ?? c.Slug) + "' (" + c.Slug + ")"))),
                    teamDto.Display),
            };
        }

        if (wanted is null)
        {
            throw InvalidArgument("PolicyRequired", "Name the escalation policy (-Policy) or its team (-Team).");
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
                string.Format(CultureInfo.InvariantCulture, "Several escalation policies are named '{0}': {1}. Give its slug, or -Team.", wanted, string.Join(", ", matches.Select(m => m.Slug + " (team " + (m.TeamName ?? "?") + ")"))),
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
            RecommendedAction = "Get-OnCallEscalationPolicy lists the policies.",
        };
    }

    private async Task<IReadOnlyList<(PolicyRef Policy, IDictionary<string, object?>? Raw)>> ReadTeamPoliciesAsync(TeamDto team, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", PathOf(PublicApi + "/v1/team/{0}/policies", team.Slug ?? team.Display));
        using var document = await SendJsonAsync(request, sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false);
        return ReadPolicies(document, team);
    }

    private async Task<IReadOnlyList<(PolicyRef Policy, IDictionary<string, object?>? Raw)>> ReadAllPoliciesAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        using var document = await SendJsonAsync(new ApiRequest("GET", PublicApi + "/v1/policies"), sink, cancellationToken).ConfigureAwait(false);
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
