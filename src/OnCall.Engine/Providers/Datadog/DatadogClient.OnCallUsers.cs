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
    public async Task GetOnCallUsersAsync(OnCallUserQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Written as they come, in the order asked for: schedules first, then teams.
        void Write(IEnumerable<OnCallUser> users)
        {
            foreach (var user in users)
            {
                if (query.Users.Count == 0 || query.Users.Any(u => Wildcard.IsMatch(user.User, u) || Wildcard.IsMatch(user.UserId, u) || Wildcard.IsMatch(user.Email, u)))
                {
                    sink.WriteObject(user);
                }
            }
        }

        if (query.Schedules.Count > 0)
        {
            var at = query.At ?? _time.GetUtcNow();
            var schedules = (await ResolveSchedulesAsync(query.Schedules, Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink).ToList();

            // One read per schedule, independent of each other: in flight together, written in the order asked for.
            await FanOut.InOrderAsync(
                schedules,
                FanOut.BudgetedInFlight,
                (schedule, token) => ScheduleRespondersAsync(schedule.Id, schedule.Name == schedule.Id ? null : schedule.Name, query.At is null ? null : at, sink, token),
                (schedule, answer) =>
                {
                    if (FanOut.Succeeded(answer, sink, schedule.Name, out var users, ex => ex.Kind == OnCallErrorKind.NotFound ? ScheduleNotFound(schedule.Name) : ex.WithTarget(schedule.Name)))
                    {
                        Write(users);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        if (query.Teams.Count > 0 || query.Schedules.Count == 0)
        {
            // Every team: each page's teams are read while the next page is asked for. Named teams: resolved from the
            // whole list first (unknown names are reported, and the teams are written in the order asked for).
            Func<Action<TeamInfo>, CancellationToken, Task> teams = query.Teams.Count == 0
                ? (add, token) => ReadTeamPagesAsync(null, add, sink, token)
                : async (add, token) =>
                {
                    foreach (var team in (await ResolveTeamsAsync(query.Teams, sink, token).ConfigureAwait(false)).ReportUnknown(sink))
                    {
                        add(team);
                    }
                };

            // The team answer is for now only (it takes no time, seed 002); at another time it is assembled from the team's policy.
            // Either way one team's reads are independent of another's: in flight together and written in team order.
            var at = query.At;
            await FanOut.InOrderAsync<TeamInfo, List<OnCallUser>>(
                teams,
                FanOut.BudgetedInFlight,
                (team, token) => at is { } when ? TeamOnCallAtAsync(team, when, sink, token) : TeamOnCallAsync(team, sink, token),
                (team, answer) =>
                {
                    if (FanOut.Succeeded(answer, sink, team.Name, out var users))
                    {
                        Write(users);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>GET teams/{id}/on-call?include=responders,escalations.responders.</summary>
    internal async Task<List<OnCallUser>> TeamOnCallAsync(TeamInfo team, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path("/api/v2/on-call/teams/{0}/on-call", team.Id)).WithQuery("include", "responders,escalations.responders");
        using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
        return document.Interpret(answer =>
        {
            _ = answer.RequireObject("data");
            return MapTeamOnCall(answer.RootElement, team.Id, team.Name);
        });
    }

    internal List<OnCallUser> MapTeamOnCall(JsonElement root, string teamId, string teamName)
    {
        Remember(root);
        var included = JsonApi.Included(root);
        var data = root.Prop("data") ?? default;
        var result = new List<OnCallUser>();
        var seen = new HashSet<(string, int)>();

        void Add(string userId, int step, JsonElement raw)
        {
            if (!seen.Add((userId, step)))
            {
                return;
            }

            var user = UserFrom(included, userId);
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

        // Responders are who is paged first (step 0); escalations are the later steps, in order. Recorded: a two-step
        // policy whose first step resolves to a user answers "escalations": [] (three recordings), so escalations do
        // not repeat the first step, and the first escalation is step 1 (research-10 §2; the README says more).
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

    /// <summary>
    /// A team's on-call at another time than now. The team endpoint takes no time (seed 002), so its answer is
    /// assembled the way Datadog draws it now: the team's routing rules name its escalation policy; each step's
    /// targets at that time are its users, the schedules' responders then, and the members of its teams. Step 0
    /// is the first step (the team endpoint's "responders"); later steps are numbered by their place in the policy.
    /// </summary>
    internal async Task<List<OnCallUser>> TeamOnCallAtAsync(TeamInfo team, DateTimeOffset at, IOperationSink sink, CancellationToken cancellationToken)
    {
        var rulesRequest = new ApiRequest("GET", Path("/api/v2/on-call/teams/{0}/routing-rules", team.Id)).WithQuery("include", "rules");
        var policyIds = new List<string>();
        using (var rules = await GetAsync(rulesRequest, sink, cancellationToken).ConfigureAwait(false))
        {
            foreach (var rule in rules.RootElement.Items("included"))
            {
                var ids = rule.Attributes() is { } a ? a.Items("actions").Where(x => x.Str("type") == "escalation_policy").Select(x => x.Str("policy_id")).Append(a.Str("policy_id")) : Enumerable.Empty<string?>();
                foreach (var id in ids.Append(rule.Related("policy").FirstOrDefault().Id).OfType<string>().Where(id => id.Length > 0 && !policyIds.Contains(id)))
                {
                    policyIds.Add(id);
                }
            }
        }

        var result = new List<OnCallUser>();
        var seen = new HashSet<(string, int)>();
        void Add(OnCallUser user, int step, string policyId, string? policyName)
        {
            if (user.UserId is null || seen.Add((user.UserId, step)))
            {
                user.Team = team.Name;
                user.TeamId = team.Id;
                user.Policy = policyName;
                user.PolicyId = policyId;
                user.Step = step;
                result.Add(user);
            }
        }

        if (policyIds.Count == 0)
        {
            sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog team '{0}' routes pages to no escalation policy: nobody is on call for it.", team.Name));
        }

        foreach (var policyId in policyIds)
        {
            var policyRequest = new ApiRequest("GET", Path("/api/v2/on-call/escalation-policies/{0}", policyId)).WithQuery("include", "steps,steps.targets");
            using var document = await GetAsync(policyRequest, sink, cancellationToken).ConfigureAwait(false);
            var data = document.RequireObject("data");
            Remember(document.RootElement);
            var included = JsonApi.Included(document.RootElement);
            var policyName = data.Attr("name");
            var steps = data.Related("steps");
            for (var step = 0; step < steps.Count; step++)
            {
                if (!included.TryGetValue((string.IsNullOrEmpty(steps[step].Type) ? "steps" : steps[step].Type, steps[step].Id), out var resource))
                {
                    continue;
                }

                foreach (var (targetId, targetType) in resource.Related("targets"))
                {
                    foreach (var user in await TargetUsersAtAsync(targetId, targetType, included, at, sink, cancellationToken).ConfigureAwait(false))
                    {
                        Add(user, step, policyId, policyName);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>The people one policy step target pages at a time.</summary>
    private async Task<List<OnCallUser>> TargetUsersAtAsync(string id, string type, Dictionary<(string Type, string Id), JsonElement> included, DateTimeOffset at, IOperationSink sink, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "users":
                var user = await UserAsync(id, sink, cancellationToken).ConfigureAwait(false);
                return new List<OnCallUser> { new() { Provider = Provider, Connection = Connection, User = user.Display, UserId = user.Id, Email = user.Email } };
            case "schedules":
                return await ScheduleRespondersAsync(id, null, at, sink, cancellationToken).ConfigureAwait(false);
            case "schedule_target":
                var target = included.TryGetValue(("schedule_target", id), out var t) ? t : (JsonElement?)null;
                var scheduleId = target?.Related("schedule").FirstOrDefault().Id ?? id.Split('_')[0];
                var position = target?.Attr("position") ?? (id.Contains("_") ? id.Substring(id.LastIndexOf('_') + 1) : "current");
                if (position == "current")
                {
                    return await ScheduleRespondersAsync(scheduleId, null, at, sink, cancellationToken).ConfigureAwait(false);
                }

                sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "A step targets the {0} responder of schedule {1}; only the current one is read.", position, scheduleId));
                return new List<OnCallUser>();
            case "teams":
                // Every member: which one a round-robin step would page cannot be known ahead.
                var members = new List<OnCallUser>();
                await ReadAllPagesAsync(
                    () => new ApiRequest("GET", Path("/api/v2/team/{0}/memberships", id)),
                    (document, _) => members.AddRange(MapMemberships(document.RootElement, id).Select(m => new OnCallUser { Provider = Provider, Connection = Connection, User = m.User, UserId = m.UserId, Email = m.Email })),
                    sink,
                    cancellationToken).ConfigureAwait(false);
                return members;
            default:
                return new List<OnCallUser>();
        }
    }

    /// <summary>
    /// GET schedules/{id}/responders (filter[at_ts]) with the shifts and users included. Where that endpoint is
    /// refused (400, 404, 405) or answers without the shifts it was asked to include, the older
    /// GET schedules/{id}/on-call (include=user, filter[at_ts]; seed 003) answers instead.
    /// </summary>
    internal async Task<List<OnCallUser>> ScheduleRespondersAsync(string scheduleId, string? scheduleName, DateTimeOffset? at, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path(SchedulesPath + "/{0}/responders", scheduleId))
            .WithQuery("include", "schedule,responders.shifts.user")
            .WithQuery("filter[at_ts]", at is { } t ? TimeParsing.FormatUtc(t) : null);
        try
        {
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            var (users, complete) = document.Interpret(answer =>
            {
                _ = answer.RequireObject("data");
                var read = MapScheduleResponders(answer.RootElement, scheduleId, scheduleName, out var whole);
                return (read, whole);
            });
            if (complete)
            {
                return users;
            }

            sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog's responders answer for schedule {0} lacks the shifts it was asked to include; asking its on-call user instead.", scheduleName ?? scheduleId));
        }
        catch (OnCallException ex) when (ex.StatusCode is 400 or 404 or 405)
        {
            sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog refused the responders of schedule {0} ({1}); asking its on-call user instead.", scheduleName ?? scheduleId, ex.StatusCode));
        }

        return await ScheduledOnCallUserAsync(scheduleId, scheduleName, at, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET schedules/{id}/on-call?include=user&amp;filter[at_ts]: one shift, or none ("data": null).</summary>
    internal async Task<List<OnCallUser>> ScheduledOnCallUserAsync(string scheduleId, string? scheduleName, DateTimeOffset? at, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path(SchedulesPath + "/{0}/on-call", scheduleId))
            .WithQuery("include", "user")
            .WithQuery("filter[at_ts]", at is { } t ? TimeParsing.FormatUtc(t) : null);
        using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out _))
        {
            _ = document.RequireObject("data");
        }

        return document.Interpret(answer => MapScheduledOnCallUser(answer.RootElement, scheduleId, scheduleName)) is { } user ? new List<OnCallUser> { user } : new List<OnCallUser>();
    }

    internal List<OnCallUser> MapScheduleResponders(JsonElement root, string scheduleId, string? scheduleName) =>
        MapScheduleResponders(root, scheduleId, scheduleName, out _);

    /// <summary>The current responders of an answer; <c>complete</c> is false when it names responders whose shifts it does not include (asked without include).</summary>
    internal List<OnCallUser> MapScheduleResponders(JsonElement root, string scheduleId, string? scheduleName, out bool complete)
    {
        Remember(root);
        var included = JsonApi.Included(root);
        var data = root.Prop("data") ?? default;
        var scheduleRef = data.Related("schedule").FirstOrDefault();
        var id = scheduleRef.Id ?? scheduleId;
        var name = scheduleName ?? (included.TryGetValue(("schedules", id), out var s) ? s.Attr("name") : null) ?? id;
        var result = new List<OnCallUser>();
        complete = true;
        foreach (var (responderId, responderType) in data.Related("responders"))
        {
            if (!included.TryGetValue((responderType, responderId), out var responder))
            {
                complete = false;
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
                    complete = false;
                    continue;
                }

                if (ShiftUser(shift, included, id, name) is { } user)
                {
                    result.Add(user);
                }
            }
        }

        return result;
    }

    /// <summary>The deprecated GET schedules/{id}/on-call answer (a single "shifts" resource), as recorded.</summary>
    internal OnCallUser? MapScheduledOnCallUser(JsonElement root, string scheduleId, string? scheduleName)
    {
        Remember(root);
        return root.Prop("data") is { } shift ? ShiftUser(shift, JsonApi.Included(root), scheduleId, scheduleName ?? scheduleId) : null;
    }

    /// <summary>A "shifts" resource as the user on call over it; null when it names no user.</summary>
    private OnCallUser? ShiftUser(JsonElement shift, Dictionary<(string Type, string Id), JsonElement> included, string scheduleId, string scheduleName)
    {
        if (shift.Related("user").FirstOrDefault().Id is not { } userId)
        {
            return null;
        }

        var user = UserFrom(included, userId);
        return new OnCallUser
        {
            Provider = Provider,
            Connection = Connection,
            Schedule = scheduleName,
            ScheduleId = scheduleId,
            User = user.Display,
            UserId = user.Id,
            Email = user.Email,
            Start = shift.Attributes()?.Time("start"),
            End = shift.Attributes()?.Time("end"),
            Raw = RawJson.ToDictionary(shift),
        };
    }
}
