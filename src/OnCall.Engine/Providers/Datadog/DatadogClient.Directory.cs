using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

public sealed partial class DatadogClient
{
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
                    var count = Data(document).Count;
                    var members = MapMemberships(document.RootElement, team.Name);
                    foreach (var member in members)
                    {
                        sink.WriteObject(member);
                    }

                    if (count < PageSize)
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
            var data = Data(document);
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
                _ = document.RequireObject("data");
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
