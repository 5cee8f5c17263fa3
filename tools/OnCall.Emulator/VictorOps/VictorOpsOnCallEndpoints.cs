using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>Who is on call, schedules (v1 and v2) and take on-call.</summary>
internal static class VictorOpsOnCallEndpoints
{
    private const string NotFound = "Team or user(s) not found";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var vo = state.VictorOps;

        app.MapGet("/api-public/v1/oncall/current", () =>
        {
            lock (state.Sync)
            {
                var now = state.Now;

                // The live API spells these "oncallNow" and "onCalluser", unlike its own spec.
                var teams = vo.Teams.Select(team => (JsonNode?)new JsonObject
                {
                    ["team"] = VoJson.TeamRef(team),
                    ["oncallNow"] = vo.PoliciesOf(team.Slug).Select(policy => (JsonNode?)new JsonObject
                    {
                        ["escalationPolicy"] = VoJson.PolicyRef(policy),
                        ["users"] = new JsonArray(new JsonObject { ["onCalluser"] = VoJson.UserRef(vo.OnCallAt(policy, now).User) }),
                    }).ToJsonArray(),
                }).ToJsonArray();
                return Http.Json(new JsonObject { ["teamsOnCall"] = teams });
            }
        });

        app.MapGet("/api-public/v2/team/{team}/oncall/schedule", (HttpContext context) =>
        {
            if (Window(context, state.Now) is not { } window)
            {
                return Http.VoError(400, "daysForward must be 0..30, daysSkip 0..90 and step 0..3");
            }

            lock (state.Sync)
            {
                var team = vo.Team(context.Param("team"));
                return team is null
                    ? Http.VoError(404, NotFound)
                    : Http.Json(VictorOpsSchedules.TeamSchedule(vo, team, window, null, state.Now));
            }
        });

        app.MapGet("/api-public/v2/user/{user}/oncall/schedule", (HttpContext context) =>
        {
            if (Window(context, state.Now) is not { } window)
            {
                return Http.VoError(400, "daysForward must be 0..30, daysSkip 0..90 and step 0..3");
            }

            lock (state.Sync)
            {
                if (FindUser(context, state) is not { } user)
                {
                    return Http.VoError(404, NotFound);
                }

                var teams = vo.Teams.Where(t => t.Members.Contains(user.Username))
                    .Select(t => (JsonNode?)VictorOpsSchedules.TeamSchedule(vo, t, window, user.Username, state.Now)).ToJsonArray();
                return Http.Json(new JsonObject { ["teamSchedules"] = teams });
            }
        });

        app.MapGet("/api-public/v1/team/{team}/oncall/schedule", (HttpContext context) =>
        {
            if (Window(context, state.Now) is not { } window)
            {
                return Http.VoError(400, "daysForward must be 0..30, daysSkip 0..90 and step 0..3");
            }

            lock (state.Sync)
            {
                var team = vo.Team(context.Param("team"));
                return team is null ? Http.VoError(404, NotFound) : Http.Json(VictorOpsSchedules.V1Schedule(vo, team, window, null, state.Now));
            }
        });

        app.MapGet("/api-public/v1/user/{user}/oncall/schedule", (HttpContext context) =>
        {
            if (Window(context, state.Now) is not { } window)
            {
                return Http.VoError(400, "daysForward must be 0..30, daysSkip 0..90 and step 0..3");
            }

            lock (state.Sync)
            {
                if (FindUser(context, state) is not { } user)
                {
                    return Http.VoError(404, NotFound);
                }

                return Http.Json(vo.Teams.Where(t => t.Members.Contains(user.Username))
                    .Select(t => (JsonNode?)VictorOpsSchedules.V1Schedule(vo, t, window, user.Username, state.Now)).ToJsonArray());
            }
        });

        app.MapMethods("/api-public/v1/policies/{policy}/oncall/user", ["PATCH"], (HttpContext context) =>
            Take(context, state, vo.Policy(context.Param("policy"))));

        // Deprecated team variant: acts on the team's first policy.
        app.MapMethods("/api-public/v1/team/{team}/oncall/user", ["PATCH"], (HttpContext context) =>
            Take(context, state, vo.PoliciesOf(context.Param("team")).FirstOrDefault()));
    }

    internal static VoUser? FindUser(HttpContext context, EmulatorState state)
    {
        // The real API does not process %40; a client that escapes '@' gets "not found" there, so it does here.
        if (state.RejectEncodedAt && context.RawParam("user").Contains("%40", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return state.VictorOps.User(context.Param("user"));
    }

    private static IResult Take(HttpContext context, EmulatorState state, VoPolicy? policy)
    {
        var body = context.JsonBody();
        var from = body.Str("fromUser");
        var to = body.Str("toUser");
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            return Http.VoError(400, "fromUser and toUser are required");
        }

        lock (state.Sync)
        {
            var vo = state.VictorOps;
            if (policy is null || vo.User(from) is null || vo.User(to) is null)
            {
                return Http.VoError(404, NotFound);
            }

            if (!vo.Take(policy, from, to))
            {
                return Http.VoError(400, from + " is not on call for " + policy.Slug);
            }

            state.Ledger.Applied(context, LedgerAction.OnCallTaken, policy.Slug, from + " -> " + to);
            return Http.Json(new JsonObject { ["result"] = "ok" });
        }
    }

    private static VictorOpsSchedules.Window? Window(HttpContext context, DateTimeOffset now)
    {
        var forward = Http.Int(context.Query("daysForward")) ?? 14;
        var skip = Http.Int(context.Query("daysSkip")) ?? 0;
        var step = Http.Int(context.Query("step")) ?? 0;
        if (forward is < 0 or > 30 || skip is < 0 or > 90 || step is < 0 or > 3
            || (context.Query("daysForward") is { } f && Http.Int(f) is null)
            || (context.Query("daysSkip") is { } s && Http.Int(s) is null))
        {
            return null;
        }

        // GUESS: the API documents no zone for "today" (swagger: "Days to skip before computing schedule to
        // return"); the emulator counts from 00:00 UTC, as the module assumes, rather than from now.
        var from = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(skip);
        return new VictorOpsSchedules.Window(from, from.AddDays(forward), step);
    }
}
