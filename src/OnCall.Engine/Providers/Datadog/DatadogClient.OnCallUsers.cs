using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

internal sealed partial class DatadogClient
{
    public async Task GetOnCallUsersAsync(OnCallUserQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var users = new List<OnCallUser>();
        if (query.Schedules.Count > 0)
        {
            var at = query.At ?? _time.GetUtcNow();
            foreach (var schedule in (await ResolveSchedulesAsync(query.Schedules, Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
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
            var teams = (await ResolveTeamsAsync(query.Teams, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);

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
        _ = document.RequireObject("data");
        return MapTeamOnCall(document.RootElement, team.Id, team.Name);
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
            .WithQuery("filter[at_ts]", at is { } t ? TimeParsing.FormatUtc(t) : null);
        using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
        _ = document.RequireObject("data");
        return MapScheduleResponders(document.RootElement, scheduleId, scheduleName);
    }

    internal List<OnCallUser> MapScheduleResponders(JsonElement root, string scheduleId, string? scheduleName)
    {
        Remember(root);
        var included = JsonApi.Included(root);
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
