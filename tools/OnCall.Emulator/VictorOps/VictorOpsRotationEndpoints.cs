using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>
/// Rotation groups. The swagger has only the v1 list; the v2 list is INFERRED (vendor-apis.md, go-victorops), and
/// the writes (create, delete, the per-shift scheduled user) come from seed 001's endpoint list with bodies from
/// the go-victorops client, none of them recorded (research-9 3.1-3.5).
/// </summary>
internal static class VictorOpsRotationEndpoints
{
    private const string V1 = "/api-public/v1/teams/{team}/rotations";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var vo = state.VictorOps;

        // GUESS: the v1 items carry the numeric groupId next to the slug (go-victorops RotationGroup; the swagger has no groupId).
        app.MapGet(V1, (HttpContext context) => VictorOpsDirectoryEndpoints.WithTeam(context, state, team => new JsonObject
        {
            ["rotationGroups"] = vo.Rotations.Where(r => r.TeamSlug == team.Slug).Select(r => (JsonNode?)new JsonObject
            {
                ["teamSlug"] = team.Slug,
                ["slug"] = r.Slug,
                ["label"] = r.Label,
                ["groupId"] = r.GroupId,
            }).ToJsonArray(),
        }));

        app.MapGet("/api-public/v2/team/{team}/rotations", (HttpContext context) => VictorOpsDirectoryEndpoints.WithTeam(context, state, team => new JsonObject
        {
            ["rotations"] = vo.Rotations.Where(r => r.TeamSlug == team.Slug).Select(r => (JsonNode?)V2Rotation(r, state.Now)).ToJsonArray(),
        }));

        app.MapPost(V1, (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var slug = context.Param("team");
                if (vo.Team(slug) is not { } team)
                {
                    return Http.VoError(404, "Team not found: " + slug);
                }

                var body = context.JsonBody();
                var label = body.Str("label");
                if (string.IsNullOrWhiteSpace(label) || body?["shifts"] is not JsonArray shifts || shifts.Count == 0)
                {
                    return Http.VoError(400, "label and at least one shift are required");
                }

                var group = new VoRotation
                {
                    GroupId = vo.NextGroupId,
                    Slug = "rtg-" + Guid.NewGuid().ToString("N")[..16],
                    Label = label,
                    TeamSlug = team.Slug,
                };
                var nextShift = vo.NextShiftId;
                foreach (var node in shifts)
                {
                    if (ReadShift(vo, node, nextShift++, out var error) is not { } shift)
                    {
                        return Http.VoError(400, error);
                    }

                    group.Shifts.Add(shift);
                }

                vo.Rotations.Add(group);

                // GUESS: the answer's shape (go-victorops' mocks give {"id","label","teamslug"}; the client re-lists to be sure).
                return Http.Json(new JsonObject { ["id"] = group.GroupId, ["label"] = group.Label, ["teamslug"] = team.Slug });
            }
        });

        app.MapDelete(V1 + "/{groupId}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (Group(context, vo) is not { } group)
                {
                    return Http.VoError(404, "Rotation group not found: " + context.Param("groupId"));
                }

                // GUESS: a group an escalation policy still pages cannot be deleted.
                if (vo.Policies.FirstOrDefault(p => group.IsNamed(p.RotationGroupId)) is { } policy)
                {
                    return Http.VoError(409, "Rotation group " + group.Label + " is used by escalation policy " + policy.Name);
                }

                vo.Rotations.Remove(group);

                // GUESS: 200 with an empty object (go-victorops' mock; the real status is unrecorded).
                return Http.Json(new JsonObject());
            }
        });

        app.MapGet(V1 + "/{groupId}/{shiftId}/scheduled", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return Shift(context, vo) is { } shift ? Http.Json(Scheduled(vo, shift, state.Now)) : Http.VoError(404, "Shift not found");
            }
        });

        app.MapPut(V1 + "/{groupId}/{shiftId}/scheduled", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (Shift(context, vo) is not { } shift)
                {
                    return Http.VoError(404, "Shift not found");
                }

                var username = context.JsonBody().Str("username");
                var wanted = username is null ? -1 : shift.Members.IndexOf(username);
                if (wanted < 0)
                {
                    return Http.VoError(400, "username must be a member of the shift");
                }

                // Re-phase the turn order so that this member holds the turn running now.
                var index = shift.ShiftIndexAt(state.Now);
                var n = shift.Members.Count;
                shift.Phase = (int)((((wanted - index) % n) + n) % n);
                return Http.Json(Scheduled(vo, shift, state.Now));
            }
        });
    }

    private static VoRotation? Group(HttpContext context, VictorOpsState vo)
    {
        // GUESS: the write paths take the numeric groupId only (go-victorops formats it with %d); a slug is not found.
        var id = context.Param("groupId");
        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _) && vo.Team(context.Param("team")) is { } team
            ? vo.Rotations.Find(r => r.TeamSlug == team.Slug && r.IsNamed(id))
            : null;
    }

    private static VoShift? Shift(HttpContext context, VictorOpsState vo) =>
        Group(context, vo)?.Shifts.Find(s => s.ShiftId.ToString(CultureInfo.InvariantCulture) == context.Param("shiftId"));

    private static JsonObject Scheduled(VictorOpsState vo, VoShift shift, DateTimeOffset now)
    {
        var username = shift.MemberFor(shift.ShiftIndexAt(now));
        var user = username is null ? null : vo.User(username);
        return new JsonObject
        {
            ["username"] = username,
            ["firstName"] = user?.FirstName,
            ["lastName"] = user?.LastName,
            ["displayName"] = user?.DisplayName,
            ["version"] = 1,
            ["verified"] = true,
        };
    }

    private static VoShift? ReadShift(VictorOpsState vo, JsonNode? node, long id, out string error)
    {
        error = string.Empty;
        var zone = node.Str("timezone");
        var days = node?["duration"].AsInt();
        var start = node?["start"] is JsonValue value && value.TryGetValue<long>(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : Http.TryParseTime(node.Str("start"), out var parsed) ? parsed : (DateTimeOffset?)null;
        if (zone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) || start is null || days is not >= 1)
        {
            error = "each shift needs a timezone, a start and a duration of at least one day";
            return null;
        }

        var shift = new VoShift
        {
            ShiftId = id,
            Label = node.Str("label") ?? "Shift",
            Start = start.Value,
            DurationDays = days.Value,
            TimeZone = zone,
            ShiftType = node.Str("shifttype") ?? "std",
        };

        // go-victorops sends both; "usernames" is what the API reads.
        var names = node?["usernames"] as JsonArray ?? node?["shiftMembers"] as JsonArray ?? [];
        foreach (var name in names.Select(n => n is JsonValue ? n.GetValue<string>() : n.Str("username")))
        {
            if (name is null || vo.User(name) is null)
            {
                error = "Unknown user: " + name;
                return null;
            }

            shift.Members.Add(name);
        }

        foreach (var key in new[] { "mask", "mask2", "mask3" })
        {
            if (node?[key] is JsonObject mask)
            {
                shift.Masks.Add(ReadMask(mask));
            }
        }

        return shift;
    }

    private static VoMask ReadMask(JsonObject node)
    {
        var mask = new VoMask();
        var keys = new[] { "su", "m", "t", "w", "th", "f", "sa" };
        for (var i = 0; i < 7; i++)
        {
            mask.Days[i] = node["day"]?[keys[i]].AsBool() == true;
        }

        foreach (var range in node["time"] as JsonArray ?? [])
        {
            mask.Times.Add((Clock(range?["start"]), Clock(range?["end"])));
        }

        return mask;
    }

    private static TimeSpan Clock(JsonNode? node) => new(Math.Clamp(node?["hour"].AsInt() ?? 0, 0, 23), Math.Clamp(node?["minute"].AsInt() ?? 0, 0, 59), 0);

    private static JsonObject V2Rotation(VoRotation r, DateTimeOffset now) => new()
    {
        ["groupId"] = r.GroupId,
        ["label"] = r.Label,
        ["totalMembersInRotation"] = r.Shifts.SelectMany(s => s.Members).Distinct().Count(),
        ["shifts"] = r.Shifts.Select(s => (JsonNode?)V2Shift(s, now)).ToJsonArray(),
    };

    // GUESS: start and periods as epoch milliseconds (vendor-apis.md); go-victorops has seen ISO strings too.
    private static JsonObject V2Shift(VoShift s, DateTimeOffset now)
    {
        JsonObject Period(DateTimeOffset start, DateTimeOffset end, string user) => new()
        {
            ["start"] = start.ToUnixTimeMilliseconds(),
            ["end"] = end.ToUnixTimeMilliseconds(),
            ["username"] = user,
            ["isRoll"] = true,
            ["memberSlug"] = MemberSlug(user),
        };

        // "current" is the turn running now, whole (GUESS: for a partial-day shift too, outside its hours).
        var index = s.ShiftIndexAt(now);
        var upcoming = s.Periods(now).Take(3).ToList();
        var shift = new JsonObject
        {
            ["shiftId"] = s.ShiftId,
            ["label"] = s.Label,
            ["duration"] = s.DurationDays,
            ["shifttype"] = s.ShiftType,
            ["start"] = s.Start.ToUnixTimeMilliseconds(),
            ["timezone"] = s.TimeZone,
            ["current"] = s.MemberFor(index) is { } current ? Period(s.ShiftStart(index), s.ShiftStart(index + 1), current) : null,
            ["next"] = upcoming.FirstOrDefault(p => p.Index > index) is { User: not null } next ? Period(next.Start, next.End, next.User) : null,
            ["periods"] = upcoming.Select(p => (JsonNode?)Period(p.Start, p.End, p.User)).ToJsonArray(),
            ["shiftMembers"] = s.Members.Select(m => (JsonNode?)new JsonObject { ["username"] = m, ["slug"] = MemberSlug(m) }).ToJsonArray(),
        };

        if (s.Masks.Count == 0)
        {
            // A 24/7 shift: every day, from the start's local time to the same time (as the emulator always answered).
            var local = TimeZoneInfo.ConvertTime(s.Start, Datadog.DatadogState.FindZone(s.TimeZone));
            var all = new VoMask();
            Array.Fill(all.Days, true);
            all.Times.Add((local.TimeOfDay, local.TimeOfDay));
            shift["mask"] = Mask(all);
        }

        for (var i = 0; i < s.Masks.Count; i++)
        {
            shift[i == 0 ? "mask" : "mask" + (i + 1).ToString(CultureInfo.InvariantCulture)] = Mask(s.Masks[i]);
        }

        return shift;
    }

    private static JsonObject Mask(VoMask mask)
    {
        var keys = new[] { "su", "m", "t", "w", "th", "f", "sa" };
        var days = new JsonObject();
        for (var i = 0; i < 7; i++)
        {
            days[keys[i]] = mask.Days[i];
        }

        return new JsonObject
        {
            ["day"] = days,
            ["time"] = mask.Times.Select(t => (JsonNode?)new JsonObject
            {
                ["start"] = new JsonObject { ["hour"] = t.Start.Hours, ["minute"] = t.Start.Minutes },
                ["end"] = new JsonObject { ["hour"] = t.End.Hours, ["minute"] = t.End.Minutes },
            }).ToJsonArray(),
        };
    }

    private static string MemberSlug(string username) => "rtm-" + username.Split('@')[0].Replace(".", string.Empty, StringComparison.Ordinal);
}
