using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>Who is on call: per team, per schedule (deprecated) and schedule responders.</summary>
internal static class DatadogOnCallEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        var dd = state.Datadog;

        app.MapGet("/api/v2/on-call/teams/{team_id}/on-call", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var team = dd.Team(context.Param("team_id"));
                if (team is null)
                {
                    return Http.DdError(404, "team not found");
                }

                var now = state.Now;

                // The team's policies: those its routing rules send pages to; GUESS: without rules, the policies
                // the team owns (and which rule wins when several name policies is not documented).
                var policyIds = dd.RoutingRules.GetValueOrDefault(team.Id)?.Select(r => r.PolicyId).OfType<string>().Distinct().ToList() ?? [];
                var policies = policyIds.Count > 0
                    ? policyIds.Select(dd.Policy).OfType<DdPolicy>().ToList()
                    : dd.Policies.Where(p => p.TeamIds.Contains(team.Id)).ToList();

                // responders = the people of each policy's first step; escalations = its later steps that resolve
                // to someone. Recorded: a two-step policy whose first step resolves to a user answered
                // "escalations": [] (3 recordings), so escalations never repeat the first step (research-10 §2).
                var responders = new System.Collections.Generic.List<string>();
                var escalations = new System.Collections.Generic.List<(string Id, System.Collections.Generic.List<string> Users)>();
                foreach (var policy in policies)
                {
                    for (var index = 0; index < policy.Steps.Count; index++)
                    {
                        var step = policy.Steps[index];
                        var users = new System.Collections.Generic.List<string>();
                        foreach (var target in step.Targets)
                        {
                            // GUESS: team targets page every member of a later step (round-robin would pick one; how the
                            // answer shows that is not recorded) and nobody in the first step (the recorded first step's
                            // team had no members, so it cannot tell).
                            var found = target.Type switch
                            {
                                "users" => [target.Id],
                                "schedules" when dd.Schedule(target.Id) is { } schedule && dd.ShiftAt(schedule, now)?.UserId is { } id => [id],
                                "teams" when index > 0 && dd.Team(target.Id) is { } t => t.MemberIds.ToList(),
                                _ => new System.Collections.Generic.List<string>(),
                            };
                            users.AddRange(found.Where(u => !users.Contains(u)));
                        }

                        if (index == 0)
                        {
                            responders.AddRange(users.Where(u => !responders.Contains(u)));
                        }
                        else if (users.Count > 0)
                        {
                            // GUESS: the item's id is the policy step's id, and a later step with nobody is left out.
                            escalations.Add((step.Id, users));
                        }
                    }
                }

                var included = new JsonArray();
                void IncludeUser(string id)
                {
                    if (dd.User(id) is { } user)
                    {
                        DdJson.Include(included, DdJson.UserIncluded(user));
                    }
                }

                if (DdJson.Includes(context, "responders"))
                {
                    responders.ForEach(IncludeUser);
                }

                if (DdJson.Includes(context, "escalations") || DdJson.Includes(context, "escalations.responders"))
                {
                    foreach (var (id, users) in escalations)
                    {
                        DdJson.Include(included, new JsonObject
                        {
                            ["id"] = id,
                            ["type"] = "escalation_policy_steps",
                            ["relationships"] = new JsonObject { ["responders"] = DdJson.RelMany(users.Select(u => DdJson.Ref(u, "users"))) },
                        });
                    }
                }

                if (DdJson.Includes(context, "escalations.responders"))
                {
                    escalations.SelectMany(e => e.Users).ToList().ForEach(IncludeUser);
                }

                var body = new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["id"] = team.Id + "-" + now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["type"] = "team_oncall_responders",
                        ["relationships"] = new JsonObject
                        {
                            ["escalations"] = DdJson.RelMany(escalations.Select(e => DdJson.Ref(e.Id, "escalation_policy_steps"))),
                            ["responders"] = DdJson.RelMany(responders.Select(id => DdJson.Ref(id, "users"))),
                        },
                    },
                };
                if (included.Count > 0)
                {
                    body["included"] = included;
                }

                return DdJson.Ok(body);
            }
        });

        // Deprecated, still used: the shift at filter[at_ts] (default now).
        app.MapGet("/api/v2/on-call/schedules/{schedule_id}/on-call", (HttpContext context) =>
        {
            if (!AtTime(context, state.Now, out var at))
            {
                return Http.DdError(400, "invalid filter[at_ts]");
            }

            lock (state.Sync)
            {
                var schedule = dd.Schedule(context.Param("schedule_id"));
                if (schedule is null)
                {
                    return Http.DdError(404, "schedule not found");
                }

                // GUESS: nobody on call is "data": null (no recording shows it; it could be a 404).
                if (dd.ShiftAt(schedule, at) is not { } shift)
                {
                    return DdJson.Ok(new JsonObject { ["data"] = null });
                }

                // The recorded answer starts the shift at the moment asked about (with microseconds), not at the
                // rotation boundary; clients must not take "start" as the shift's real beginning. GUESS: it is the
                // moment asked, not the schedule's creation time (every recording created it under a second before).
                var zone = DatadogState.FindZone(schedule.TimeZone);
                var start = TimeZoneInfo.ConvertTime(shift.Start > at ? shift.Start : at, zone)
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
                var end = Http.IsoLocal(shift.End, zone);
                var body = new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["id"] = shift.UserId + "-" + Http.IsoLocal(shift.Start > at ? shift.Start : at, zone) + "-" + end,
                        ["type"] = "shifts",
                        ["attributes"] = new JsonObject { ["end"] = end, ["start"] = start },
                        ["relationships"] = new JsonObject { ["user"] = DdJson.Rel(DdJson.Ref(shift.UserId, "users")) },
                    },
                };
                if (DdJson.Includes(context, "user") && dd.User(shift.UserId) is { } user)
                {
                    body["included"] = new JsonArray(DdJson.UserIncluded(user));
                }

                return DdJson.Ok(body);
            }
        });

        app.MapGet("/api/v2/on-call/schedules/{schedule_id}/responders", (HttpContext context) =>
        {
            if (!AtTime(context, state.Now, out var at))
            {
                return Http.DdError(400, "invalid filter[at_ts]");
            }

            // GUESS: one position per request. The TypeScript client's documentation allows a comma-separated list
            // (previous, current, next); the emulator answers only the first of such a list.
            var position = (context.Query("filter[position]") ?? "current").Split(',')[0].Trim();
            if (position is not ("previous" or "current" or "next"))
            {
                return Http.DdError(400, "invalid filter[position]");
            }

            lock (state.Sync)
            {
                var schedule = dd.Schedule(context.Param("schedule_id"));
                if (schedule is null)
                {
                    return Http.DdError(404, "schedule not found");
                }

                var stamp = schedule.Id + "-" + at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                // GUESS: the previous and next responders are the shifts one second before this one starts and after
                // it ends (the models say only "positions with no matching shift are omitted").
                var shift = dd.ShiftAt(schedule, at);
                if (shift is { } s && position != "current")
                {
                    var probe = position == "next" ? s.End.AddSeconds(1) : s.Start.AddSeconds(-1);
                    shift = dd.ShiftAt(schedule, probe);
                }

                var responderRefs = new JsonArray();
                var included = new JsonArray();
                if (shift is { } found)
                {
                    var responderId = stamp + "-" + position;
                    var shiftId = found.UserId + "-" + Http.Iso(found.Start) + "-" + Http.Iso(found.End);
                    responderRefs.Add(DdJson.Ref(responderId, "schedule_oncall_responder"));
                    if (DdJson.Includes(context, "responders") || DdJson.Includes(context, "responders.shifts") || DdJson.Includes(context, "responders.shifts.user"))
                    {
                        included.Add(new JsonObject
                        {
                            ["id"] = responderId,
                            ["type"] = "schedule_oncall_responder",
                            ["attributes"] = new JsonObject { ["position"] = position },
                            ["relationships"] = new JsonObject { ["shifts"] = DdJson.RelMany([DdJson.Ref(shiftId, "shifts")]) },
                        });
                    }

                    // GUESS: an included shift carries its whole turn (unclipped start, UTC, no fraction); the recorded
                    // responders answer was asked without includes, so its shifts were never seen.
                    if (DdJson.Includes(context, "responders.shifts") || DdJson.Includes(context, "responders.shifts.user"))
                    {
                        included.Add(new JsonObject
                        {
                            ["id"] = shiftId,
                            ["type"] = "shifts",
                            ["attributes"] = new JsonObject { ["end"] = Http.Iso(found.End), ["start"] = Http.Iso(found.Start) },
                            ["relationships"] = new JsonObject { ["user"] = DdJson.Rel(DdJson.Ref(found.UserId, "users")) },
                        });
                    }

                    if (DdJson.Includes(context, "responders.shifts.user") && dd.User(found.UserId) is { } user)
                    {
                        included.Add(DdJson.UserIncluded(user));
                    }
                }

                if (DdJson.Includes(context, "schedule"))
                {
                    included.Add(new JsonObject
                    {
                        ["id"] = schedule.Id,
                        ["type"] = "schedules",
                        ["attributes"] = new JsonObject { ["name"] = schedule.Name, ["time_zone"] = schedule.TimeZone },
                    });
                }

                var body = new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["id"] = stamp,
                        ["type"] = "schedule_oncall_responders",
                        ["attributes"] = new JsonObject { ["scheduled_at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) },
                        ["relationships"] = new JsonObject
                        {
                            ["responders"] = new JsonObject { ["data"] = responderRefs },
                            ["schedule"] = DdJson.Rel(DdJson.Ref(schedule.Id, "schedules")),
                        },
                    },
                };
                if (included.Count > 0)
                {
                    body["included"] = included;
                }

                return DdJson.Ok(body);
            }
        });
    }

    private static bool AtTime(HttpContext context, DateTimeOffset now, out DateTimeOffset at)
    {
        var text = context.Query("filter[at_ts]");
        if (text is null)
        {
            at = now;
            return true;
        }

        return Http.TryParseTime(text, out at);
    }
}
