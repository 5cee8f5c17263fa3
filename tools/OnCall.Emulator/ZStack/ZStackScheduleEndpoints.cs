using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.ZStack;

/// <summary>On-call schedules, validation, current shift and overrides.</summary>
internal static class ZStackScheduleEndpoints
{
    private const string Base = "/api/v1/oncall/schedules";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var zs = state.ZStack;

        app.MapGet(Base, (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return Http.Json(ZsJson.Page(context, zs.Paging, zs.Schedules.Select(s => (JsonNode?)ZsJson.Schedule(s)).ToList()));
            }
        });

        app.MapPost(Base, (HttpContext context) =>
        {
            var body = context.JsonBody();
            if (Validate(body, create: true) is { } error)
            {
                return Http.ZsError(400, "INVALID_ARGUMENT", error);
            }

            lock (state.Sync)
            {
                var now = state.Now;
                var schedule = new ZsSchedule
                {
                    Uuid = zs.NewId("sched"),
                    Name = body.Str("name")!,
                    Timezone = body.Str("timezone")!,
                    // GUESS: a create without startDate starts now (the default is undocumented; the module always sends one).
                    StartDate = Http.TryParseTime(body.Str("startDate"), out var start) ? start : now,
                    CreateDate = now,
                    LastOpDate = now,
                };
                Fill(schedule, body!, updateRotationType: true);
                zs.Schedules.Add(schedule);
                return Http.Json(ZsJson.Schedule(schedule));
            }
        });

        app.MapPost(Base + "/validate", (HttpContext context) =>
        {
            var body = context.JsonBody();
            if (Validate(body, create: true) is { } error)
            {
                return Http.ZsError(400, "INVALID_ARGUMENT", error);
            }

            return Http.Json(Conflicts(body!));
        });

        app.MapGet(Base + "/{uuid}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return zs.Schedule(context.Param("uuid")) is { } s ? Http.Json(ZsJson.Schedule(s)) : NotFound("schedule");
            }
        });

        // rotationType and startDate are not part of the update body; they stay as created.
        // GUESS: sent anyway, they are ignored rather than refused (unconfirmed, research-9 2.2).
        app.MapPut(Base + "/{uuid}", (HttpContext context) =>
        {
            var body = context.JsonBody();
            if (Validate(body, create: false) is { } error)
            {
                return Http.ZsError(400, "INVALID_ARGUMENT", error);
            }

            lock (state.Sync)
            {
                if (zs.Schedule(context.Param("uuid")) is not { } s)
                {
                    return NotFound("schedule");
                }

                s.Name = body.Str("name")!;
                s.Timezone = body.Str("timezone")!;
                Fill(s, body!, updateRotationType: false);
                s.LastOpDate = state.Now;
                return Http.Json(ZsJson.Schedule(s));
            }
        });

        app.MapGet(Base + "/{uuid}/current-shift", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (zs.Schedule(context.Param("uuid")) is not { } s)
                {
                    return NotFound("schedule");
                }

                // GUESS: "nobody on call" as 404 NO_CURRENT_SHIFT is invented (zstack.md:90); the module relies on it.
                if (zs.ShiftAt(s, state.Now) is not { } shift)
                {
                    // GUESS: ZStack documents only the 200 answer (zstack.md 1.6). A 404 whose body is the same as
                    // "no such schedule" is the hardest case for a client, so that is what the emulator answers.
                    return NotFound("shift");
                }

                return Http.Json(new JsonObject
                {
                    ["userId"] = shift.Member.UserId,
                    ["userName"] = shift.Member.UserName,
                    ["startTime"] = Http.Iso(shift.Start),
                    ["endTime"] = Http.Iso(shift.End),
                    ["isOverride"] = shift.IsOverride,
                });
            }
        });

        app.MapPost("/api/v1/oncall/overrides", (HttpContext context) =>
        {
            var body = context.JsonBody();
            var scheduleUuid = body.Str("scheduleUuid");
            var original = body.Str("originalUser");
            var substitute = body.Str("substituteUser");
            if (string.IsNullOrEmpty(scheduleUuid) || string.IsNullOrEmpty(original) || string.IsNullOrEmpty(substitute)
                || !Http.TryParseTime(body.Str("startTime"), out var start) || !Http.TryParseTime(body.Str("endTime"), out var end))
            {
                return Http.ZsError(400, "INVALID_ARGUMENT", "scheduleUuid, originalUser, substituteUser, startTime and endTime are required");
            }

            if (end <= start)
            {
                return Http.ZsError(400, "INVALID_ARGUMENT", "endTime must be after startTime");
            }

            lock (state.Sync)
            {
                if (zs.Schedule(scheduleUuid) is not { } s)
                {
                    return NotFound("schedule");
                }

                // GUESS: the docs only say both are user ids (zstack.md 1.7); that ZStack refuses other text, and with
                // this answer, is the emulator's own, so a client that sends a typed name fails here.
                if (s.Members.All(m => m.UserId != original))
                {
                    return Http.ZsError(400, "INVALID_ARGUMENT", original + " is not a member of " + scheduleUuid);
                }

                if (!zs.IsUserId(substitute))
                {
                    return Http.ZsError(400, "INVALID_ARGUMENT", "substituteUser " + substitute + " is not a user id");
                }

                var created = new ZsOverride
                {
                    Uuid = zs.NewId("ovrd"),
                    ScheduleUuid = scheduleUuid,
                    OriginalUser = original,
                    SubstituteUser = substitute,
                    StartTime = start,
                    EndTime = end,
                    Reason = body.Str("reason"),
                    CreateDate = state.Now,
                };
                zs.Overrides.Add(created);
                state.Ledger.Applied(context, LedgerAction.OverrideSet, created.Uuid, substitute + " " + Http.Iso(start));
                return Http.Json(ZsJson.Override(created));
            }
        });
    }

    // GUESS: ZStack documents no error body at all (zstack.md:19); {"error":{"code","message"}} is invented.
    private static IResult NotFound(string what) => Http.ZsError(404, "NOT_FOUND", what + " not found");

    private static string? Validate(JsonNode? body, bool create)
    {
        if (body is not JsonObject)
        {
            return "a JSON body is required";
        }

        if (string.IsNullOrEmpty(body.Str("name")) || string.IsNullOrEmpty(body.Str("timezone")) || body.Str("shiftDuration") is null)
        {
            return "name, timezone and shiftDuration are required";
        }

        // The update's five fields are all marked Required (seed 004); an empty description is taken as given.
        if (!create && (body.Str("description") is null || body["members"] is not JsonArray))
        {
            return "name, description, timezone, shiftDuration and members are required";
        }

        // GUESS: an unknown zone is refused with a 400 (the answer to one is undocumented).
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(body.Str("timezone")!, out _))
        {
            return "timezone must be an IANA time zone name";
        }

        if (ZStackState.ParseGoDuration(body.Str("shiftDuration")) is not { } duration || duration <= TimeSpan.Zero)
        {
            return "shiftDuration must be a Go duration such as 168h";
        }

        if (create && body.Str("rotationType") is not ("daily" or "weekly" or "custom"))
        {
            return "rotationType must be daily, weekly or custom";
        }

        if (body["startDate"] is not null && !Http.TryParseTime(body.Str("startDate"), out _))
        {
            return "startDate must be an ISO-8601 time";
        }

        return null;
    }

    private static void Fill(ZsSchedule s, JsonNode body, bool updateRotationType)
    {
        s.Description = body.Str("description") ?? string.Empty;
        s.ShiftDuration = body.Str("shiftDuration")!;
        if (updateRotationType)
        {
            s.RotationType = body.Str("rotationType")!;
        }

        if (body["members"] is JsonArray members)
        {
            s.Members.Clear();
            var order = 0;
            foreach (var m in members)
            {
                order++;
                var userId = m.Str("userId") ?? string.Empty;
                s.Members.Add(new ZsMember
                {
                    UserId = userId,
                    UserName = m.Str("userName") ?? ZStackState.NameOf(userId),
                    Order = m?["order"].AsInt() ?? order,
                });
            }
        }
    }

    /// <summary>
    /// The checks a validate call reports: repeated members, and durations that contradict the rotation type.
    /// GUESS: the docs show only the types "overlap" (conflict) and "swap_shift" (suggestion) and not what finds
    /// them; a member listed twice as an overlap, "duration_mismatch", "gap", "remove_duplicate" and "use_custom"
    /// are invented (research-9 2.4).
    /// </summary>
    private static JsonObject Conflicts(JsonNode body)
    {
        var conflicts = new JsonArray();
        var suggestions = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var members = body["members"] as JsonArray ?? [];
        foreach (var m in members)
        {
            var userId = m.Str("userId") ?? string.Empty;
            if (!seen.Add(userId))
            {
                conflicts.Add(new JsonObject
                {
                    ["type"] = "overlap",
                    ["userId"] = userId,
                    ["userName"] = m.Str("userName") ?? ZStackState.NameOf(userId),
                    ["details"] = userId + " appears more than once in the rotation",
                });
                suggestions.Add(new JsonObject { ["type"] = "remove_duplicate", ["description"] = "Remove the repeated entry for " + userId });
            }
        }

        var duration = ZStackState.ParseGoDuration(body.Str("shiftDuration"));
        var expected = body.Str("rotationType") switch
        {
            "daily" => TimeSpan.FromHours(24),
            "weekly" => TimeSpan.FromHours(168),
            _ => (TimeSpan?)null,
        };
        if (expected is { } e && duration != e)
        {
            conflicts.Add(new JsonObject
            {
                ["type"] = "duration_mismatch",
                ["userId"] = null,
                ["userName"] = null,
                ["details"] = "rotationType " + body.Str("rotationType") + " expects shiftDuration " + (e.TotalHours.ToString(System.Globalization.CultureInfo.InvariantCulture) + "h"),
            });
            suggestions.Add(new JsonObject { ["type"] = "use_custom", ["description"] = "Use rotationType custom for a shift of " + body.Str("shiftDuration") });
        }

        if (members.Count == 0)
        {
            conflicts.Add(new JsonObject { ["type"] = "gap", ["userId"] = null, ["userName"] = null, ["details"] = "The rotation has no members; nobody would be on call" });
        }

        return new JsonObject { ["hasConflict"] = conflicts.Count > 0, ["conflicts"] = conflicts, ["suggestions"] = suggestions };
    }
}
