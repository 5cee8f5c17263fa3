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
                    : Http.Json(TeamSchedule(vo, team, window, null, state.Now));
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
                    .Select(t => (JsonNode?)TeamSchedule(vo, t, window, user.Username, state.Now)).ToJsonArray();
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
                return team is null ? Http.VoError(404, NotFound) : Http.Json(V1Schedule(vo, team, window, null, state.Now));
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
                    .Select(t => (JsonNode?)V1Schedule(vo, t, window, user.Username, state.Now)).ToJsonArray());
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

            return vo.Take(policy, from, to)
                ? Http.Json(new JsonObject { ["result"] = "ok" })
                : Http.VoError(400, from + " is not on call for " + policy.Slug);
        }
    }

    private readonly record struct ScheduleWindow(DateTimeOffset From, DateTimeOffset To, int Step);

    private static ScheduleWindow? Window(HttpContext context, DateTimeOffset now)
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

        var from = now.AddDays(skip);
        return new ScheduleWindow(from, from.AddDays(forward), step);
    }

    private sealed record Roll(DateTimeOffset Start, DateTimeOffset End, string User, bool IsRoll);

    private sealed record Entry(VoPolicy Policy, VoRotation? Rotation, string? OnCall, string? Override, string Type, DateTimeOffset? ShiftRoll, List<Roll> Rolls);

    private static List<Entry> Entries(VictorOpsState vo, VoPolicy policy, ScheduleWindow window, string? onlyUser, DateTimeOffset now)
    {
        var entries = new List<Entry>();
        if (window.Step == 1 && policy.StepTwoUser is { } stepUser && (onlyUser is null || onlyUser == stepUser))
        {
            entries.Add(new Entry(policy, null, stepUser, null, "user", null, [new Roll(window.From, window.To, stepUser, false)]));
        }

        if (window.Step != 0 || vo.Rotation(policy.RotationGroupId) is not { } rotation)
        {
            return entries;
        }

        var rolls = new List<Roll>();
        for (var k = rotation.ShiftIndexAt(window.From); rotation.ShiftStart(k) < window.To; k++)
        {
            var user = rotation.MemberFor(k, policy.RotationOffset);
            if (user is null || (onlyUser is not null && user != onlyUser))
            {
                continue;
            }

            var start = rotation.ShiftStart(k);
            var end = rotation.ShiftStart(k + 1);
            rolls.Add(new Roll(start < window.From ? window.From : start, end > window.To ? window.To : end, user, start >= window.From));
        }

        var scheduled = vo.ScheduledAt(policy, now);
        var (current, _) = vo.OnCallAt(policy, now);
        if (onlyUser is not null && rolls.Count == 0 && current != onlyUser && scheduled != onlyUser)
        {
            return entries;
        }

        var next = rotation.ShiftStart(rotation.ShiftIndexAt(now) + 1);
        entries.Add(new Entry(policy, rotation, scheduled, current != scheduled ? current : null, policy.ExecutionType, next, rolls));
        return entries;
    }

    private sealed record OverrideSpan(VoPolicy Policy, string Orig, string Over, DateTimeOffset Start, DateTimeOffset End);

    private static IEnumerable<OverrideSpan> Overrides(VictorOpsState vo, VoPolicy policy, ScheduleWindow window, string? onlyUser)
    {
        var takes = vo.Takes.Where(t => t.PolicySlug == policy.Slug)
            .Select(t => new OverrideSpan(policy, t.FromUser, t.ToUser, t.Start, t.End));
        var scheduled = vo.Overrides.SelectMany(o => o.Assignments
            .Where(a => a.Key == policy.Slug && a.Value is not null)
            .Select(a => new OverrideSpan(policy, o.Username, a.Value!, o.Start, o.End)));
        return takes.Concat(scheduled).Where(s => s.Start < window.To && s.End > window.From
            && (onlyUser is null || s.Orig == onlyUser || s.Over == onlyUser));
    }

    private static JsonObject TeamSchedule(VictorOpsState vo, VoTeam team, ScheduleWindow window, string? onlyUser, DateTimeOffset now)
    {
        var schedules = new JsonArray();
        foreach (var policy in vo.PoliciesOf(team.Slug))
        {
            var entries = Entries(vo, policy, window, onlyUser, now);
            var overrides = Overrides(vo, policy, window, onlyUser).ToList();
            if (onlyUser is not null && entries.Count == 0 && overrides.Count == 0)
            {
                continue;
            }

            schedules.Add(new JsonObject
            {
                ["policy"] = VoJson.PolicyRef(policy),
                ["schedule"] = entries.Select(e =>
                {
                    var zone = VoJson.Zone(e.Rotation?.TimeZone ?? "UTC");
                    var o = new JsonObject
                    {
                        ["onCallUser"] = VoJson.UserRef(e.OnCall),
                        ["overrideOnCallUser"] = e.Override is null ? null : VoJson.UserRef(e.Override),
                        ["onCallType"] = e.Type,
                        ["rotationName"] = e.Rotation?.Label,
                        ["shiftName"] = e.Rotation?.ShiftName,
                        ["shiftRoll"] = e.ShiftRoll is { } roll ? Http.IsoLocal(roll, zone) : null,
                        ["rolls"] = e.Rolls.Select(r => (JsonNode?)new JsonObject
                        {
                            ["start"] = Http.IsoLocal(r.Start, zone),
                            ["end"] = Http.IsoLocal(r.End, zone),
                            ["onCallUser"] = VoJson.UserRef(r.User),
                            ["isRoll"] = r.IsRoll,
                        }).ToJsonArray(),
                    };
                    return (JsonNode?)o;
                }).ToJsonArray(),
                ["overrides"] = overrides.Select(s => (JsonNode?)new JsonObject
                {
                    ["origOnCallUser"] = VoJson.UserRef(s.Orig),
                    ["overrideOnCallUser"] = VoJson.UserRef(s.Over),
                    ["start"] = Http.IsoLocal(s.Start, VoJson.Zone(RotationZone(vo, policy))),
                    ["end"] = Http.IsoLocal(s.End, VoJson.Zone(RotationZone(vo, policy))),
                    ["policy"] = VoJson.PolicyRef(policy),
                }).ToJsonArray(),
            });
        }

        return new JsonObject { ["team"] = VoJson.TeamRef(team), ["schedules"] = schedules };
    }

    // v1 (deprecated): flat per team, "onCall"/"overrideOnCall" and ISO strings as the live API returned them.
    private static JsonObject V1Schedule(VictorOpsState vo, VoTeam team, ScheduleWindow window, string? onlyUser, DateTimeOffset now)
    {
        var schedule = new JsonArray();
        var overrides = new JsonArray();
        foreach (var policy in vo.PoliciesOf(team.Slug))
        {
            var zone = VoJson.Zone(RotationZone(vo, policy));
            foreach (var e in Entries(vo, policy, window, onlyUser, now))
            {
                schedule.Add(new JsonObject
                {
                    ["onCall"] = e.OnCall,
                    ["overrideOnCall"] = e.Override,
                    ["policyType"] = e.Type,
                    ["rotationName"] = e.Rotation?.Label,
                    ["shiftName"] = e.Rotation?.ShiftName,
                    ["shiftRoll"] = e.ShiftRoll is { } roll ? Http.IsoLocal(roll, zone) : null,
                    ["rolls"] = e.Rolls.Select(r => (JsonNode?)new JsonObject
                    {
                        ["change"] = Http.IsoLocal(r.Start, zone),
                        ["until"] = Http.IsoLocal(r.End, zone),
                        ["onCall"] = r.User,
                        ["isRoll"] = r.IsRoll,
                    }).ToJsonArray(),
                });
            }

            foreach (var s in Overrides(vo, policy, window, onlyUser))
            {
                overrides.Add(new JsonObject
                {
                    ["origOnCall"] = s.Orig,
                    ["overrideOnCall"] = s.Over,
                    ["start"] = Http.IsoLocal(s.Start, zone),
                    ["end"] = Http.IsoLocal(s.End, zone),
                });
            }
        }

        return new JsonObject { ["team"] = team.Name, ["schedule"] = schedule, ["overrides"] = overrides };
    }

    private static string RotationZone(VictorOpsState vo, VoPolicy policy) => vo.Rotation(policy.RotationGroupId)?.TimeZone ?? "UTC";
}
