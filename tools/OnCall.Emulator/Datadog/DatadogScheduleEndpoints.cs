using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>Schedules (list, get, create, update, delete) and their overrides.</summary>
internal static class DatadogScheduleEndpoints
{
    private const string Base = "/api/v2/on-call/schedules";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var dd = state.Datadog;

        app.MapGet(Base, (HttpContext context) =>
        {
            // Default 10, as documented and recorded (10 schedules without page parameters).
            var page = DdPaging.Read(context, 10);
            lock (state.Sync)
            {
                // The list answer carries only the teams relationship, as recorded.
                var data = DdPaging.Slice(dd.Schedules, page).Select(s => (JsonNode?)new JsonObject
                {
                    ["id"] = s.Id,
                    ["type"] = "schedules",
                    ["attributes"] = new JsonObject { ["name"] = s.Name, ["time_zone"] = s.TimeZone },
                    ["relationships"] = new JsonObject { ["teams"] = DdJson.RelMany(s.TeamIds.Select(t => DdJson.Ref(t, "teams"))) },
                }).ToJsonArray();

                // meta.page as the newest published clients document it (older answers had none).
                return DdJson.Ok(new JsonObject { ["data"] = data, ["meta"] = DdPaging.NumberMeta(dd.Schedules.Count, page) });
            }
        });

        app.MapGet(Base + "/{schedule_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return dd.Schedule(context.Param("schedule_id")) is { } schedule
                    ? DdJson.Ok(Document(dd, schedule, context))
                    : NotFound(context.Param("schedule_id"));
            }
        });

        app.MapPost(Base, (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var schedule = new DdSchedule { Id = Guid.NewGuid().ToString(), Name = string.Empty, TimeZone = "UTC" };
                if (Apply(dd, schedule, context.JsonBody()) is { } error)
                {
                    return Http.DdError(400, error);
                }

                dd.Schedules.Add(schedule);
                return DdJson.Ok(Document(dd, schedule, context), StatusCodes.Status201Created);
            }
        });

        app.MapPut(Base + "/{schedule_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (dd.Schedule(context.Param("schedule_id")) is not { } existing)
                {
                    return NotFound(context.Param("schedule_id"));
                }

                // Validate on a copy so a bad body leaves the schedule as it was.
                var updated = new DdSchedule { Id = existing.Id, Name = existing.Name, TimeZone = existing.TimeZone };
                if (Apply(dd, updated, context.JsonBody(), existing) is { } error)
                {
                    return Http.DdError(400, error);
                }

                dd.Schedules[dd.Schedules.IndexOf(existing)] = updated;
                return DdJson.Ok(Document(dd, updated, context));
            }
        });

        app.MapDelete(Base + "/{schedule_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (dd.Schedule(context.Param("schedule_id")) is not { } schedule)
                {
                    return NotFound(context.Param("schedule_id"));
                }

                // GUESS: Datadog refuses to delete a schedule an escalation policy still pages (no recording shows it).
                if (dd.Policies.Any(p => p.Steps.Any(s => s.Targets.Any(t => t.Type == "schedules" && t.Id == schedule.Id))))
                {
                    return InUse("schedule", schedule.Id);
                }

                dd.Schedules.Remove(schedule);
                dd.Overrides.RemoveAll(o => o.ScheduleId == schedule.Id);
                return Results.StatusCode(StatusCodes.Status204NoContent);
            }
        });
    }

    /// <summary>The recorded 404 of a schedule that is not there (Scenario_Delete_On-Call_schedule, second delete).</summary>
    internal static IResult NotFound(string id) => Http.Json(new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject { ["title"] = "Generic Error", ["detail"] = "schedule[" + id + "] not found" }),
    }, StatusCodes.Status404NotFound);

    internal static IResult InUse(string kind, string id) => Http.Json(new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject { ["title"] = "Generic Error", ["detail"] = kind + "[" + id + "] is in use" }),
    }, StatusCodes.Status409Conflict);

    internal static JsonObject Resource(DdSchedule s) => new()
    {
        ["id"] = s.Id,
        ["type"] = "schedules",
        // Current answers carry no tags (research-9 1.4: only answers up to 2025-04 did).
        ["attributes"] = new JsonObject { ["name"] = s.Name, ["time_zone"] = s.TimeZone },
        ["relationships"] = new JsonObject
        {
            ["layers"] = DdJson.RelMany(s.Layers.Select(l => DdJson.Ref(l.Id, "layers"))),
            ["teams"] = DdJson.RelMany(s.TeamIds.Select(t => DdJson.Ref(t, "teams"))),
        },
    };

    private static JsonObject Document(DatadogState dd, DdSchedule s, HttpContext context)
    {
        var doc = new JsonObject { ["data"] = Resource(s) };
        var included = new JsonArray();
        if (DdJson.Includes(context, "teams"))
        {
            foreach (var team in s.TeamIds.Select(dd.Team).OfType<DdTeam>())
            {
                DdJson.Include(included, DdJson.TeamIncluded(team));
            }
        }

        var members = DdJson.Includes(context, "layers.members") || DdJson.Includes(context, "layers.members.user");
        if (DdJson.Includes(context, "layers") || members)
        {
            foreach (var layer in s.Layers)
            {
                DdJson.Include(included, Layer(layer));
            }
        }

        if (members)
        {
            // An empty slot has no included member at all (recorded: member-2 of the terraform cassette).
            foreach (var (memberId, userId) in s.Layers.SelectMany(l => l.Members).Where(m => m.Value is not null))
            {
                DdJson.Include(included, new JsonObject
                {
                    ["id"] = memberId,
                    ["type"] = "members",
                    ["relationships"] = new JsonObject { ["user"] = DdJson.Rel(DdJson.Ref(userId!, "users")) },
                });
            }
        }

        if (DdJson.Includes(context, "layers.members.user"))
        {
            foreach (var user in s.Layers.SelectMany(l => l.Members).Where(m => m.Value is not null).Select(m => dd.User(m.Value!)).OfType<DdUser>())
            {
                DdJson.Include(included, DdJson.UserIncluded(user));
            }
        }

        if (included.Count > 0)
        {
            doc["included"] = included;
        }

        return doc;
    }

    private static JsonObject Layer(DdLayer l)
    {
        // GUESS: GET answers are UTC with a Z (recorded); POST and PUT answers really echo the offsets that were
        // sent (research-9 0.7), which this emulator does not: clients must compare instants either way.
        var attributes = new JsonObject
        {
            // Read-only; in every recording it is the instant of rotation_start.
            ["applied_rotation_start"] = Http.Iso(l.RotationStart),
            ["effective_date"] = Http.Iso(l.EffectiveDate),
            ["interval"] = Interval(l),
            ["name"] = l.Name,
            ["restrictions"] = l.Restrictions.Select(r => (JsonNode?)new JsonObject
            {
                ["end_day"] = r.EndDay,
                ["end_time"] = r.EndTime,
                ["start_day"] = r.StartDay,
                ["start_time"] = r.StartTime,
            }).ToJsonArray(),
            // Hand-offs are truncated to whole seconds, as recorded; Http.Iso writes no fraction. GUESS: whether the
            // layer answer itself keeps the fraction sent (applied_rotation_start is not modelled).
            ["rotation_start"] = Http.Iso(l.RotationStart),
        };
        // A missing end_date and a layer without a zone of its own are left out, not null (recorded: "Added Layer").
        if (l.EndDate is { } end)
        {
            attributes["end_date"] = Http.Iso(end);
        }

        if (l.TimeZone is not null)
        {
            attributes["time_zone"] = l.TimeZone;
        }

        return new JsonObject
        {
            ["id"] = l.Id,
            ["type"] = "layers",
            ["attributes"] = attributes,
            ["relationships"] = new JsonObject { ["members"] = DdJson.RelMany(l.Members.Select(m => DdJson.Ref(m.Key, "members"))) },
        };
    }

    private static JsonObject Interval(DdLayer l)
    {
        var o = new JsonObject();
        if (l.IntervalDays != 0)
        {
            o["days"] = l.IntervalDays;
        }

        if (l.IntervalSeconds != 0)
        {
            o["seconds"] = l.IntervalSeconds;
        }

        return o;
    }

    /// <summary>Reads a create/update body into a schedule; returns an error text when the body is not valid.</summary>
    private static string? Apply(DatadogState dd, DdSchedule target, JsonNode? body, DdSchedule? existing = null)
    {
        var data = body?["data"];
        var attributes = data?["attributes"];
        var name = attributes.Str("name");
        var zone = attributes.Str("time_zone");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(zone) || attributes!["layers"] is not JsonArray layers)
        {
            return "name, time_zone and layers are required";
        }

        if (existing is not null && data.Str("id") is { } id && id != existing.Id)
        {
            return "data.id does not match the path";
        }

        target.Name = name;
        target.TimeZone = zone;
        target.Layers.Clear();
        foreach (var node in layers)
        {
            // A layer is matched by id (recorded: LayerIDSwapNames); one sent without an id is created (CreateAndUpdate).
            // GUESS: an id that is not one of this schedule's layers is refused.
            var layerId = node.Str("id");
            if (layerId is not null && existing?.Layers.Any(l => l.Id == layerId) != true)
            {
                return "layer " + layerId + " does not belong to this schedule";
            }

            if (string.IsNullOrEmpty(node.Str("name")) || !Http.TryParseTime(node.Str("effective_date"), out var effective)
                || !Http.TryParseTime(node.Str("rotation_start"), out var rotationStart) || node?["interval"] is not JsonObject interval
                || node["members"] is not JsonArray members)
            {
                return "each layer needs name, effective_date, rotation_start, interval and members";
            }

            // GUESS: the one-hour minimum is enforced (the model says "should be at least 1 hour"; 2025 recordings got a
            // 200 for 300 seconds, research-9 1.5).
            var days = interval["days"].AsInt() ?? 0;
            var seconds = interval["seconds"].AsInt() ?? 0;
            if (days is < 0 or > 400 || seconds is < 0 or > 2_592_000 || (days * 86400L) + seconds < 3600)
            {
                // GUESS: the interval limits and their error text.
                return "interval: days <= 400, seconds <= 2592000, and at least one hour in all";
            }

            var layer = new DdLayer
            {
                Id = layerId ?? Guid.NewGuid().ToString(),
                Name = node.Str("name")!,
                EffectiveDate = effective,
                EndDate = Http.TryParseTime(node.Str("end_date"), out var endDate) ? endDate : null,
                RotationStart = rotationStart,
                IntervalDays = days,
                IntervalSeconds = seconds,
                TimeZone = node.Str("time_zone"),
            };
            // GUESS: an empty member list is accepted (Terraform asks for at least one entry; the API's answer is unrecorded).
            foreach (var member in members)
            {
                // {} (or a null user) is an empty slot: nobody on call for that turn (recorded, research-9 0.5).
                var user = member?["user"];
                var userId = user.Str("id");
                if (user is not null && (userId is null || dd.User(userId) is null))
                {
                    return "unknown user " + userId;
                }

                layer.Members.Add(new KeyValuePair<string, string?>(DatadogState.MemberId(layer.Id, layer.Members.Count), userId));
            }

            foreach (var r in node["restrictions"] as JsonArray ?? [])
            {
                layer.Restrictions.Add(new DdRestriction
                {
                    StartDay = r.Str("start_day") ?? "monday",
                    StartTime = r.Str("start_time") ?? "00:00:00",
                    EndDay = r.Str("end_day") ?? "sunday",
                    EndTime = r.Str("end_time") ?? "00:00:00",
                });
            }

            target.Layers.Add(layer);
        }

        // GUESS: a PUT without relationships leaves the schedule without teams. Recorded only for a schedule that had
        // none; for one with teams the effect is unconfirmed (research-9 1.3), so the module always sends them.
        target.TeamIds.Clear();
        foreach (var team in data!["relationships"]?["teams"]?["data"] as JsonArray ?? [])
        {
            if (team.Str("id") is { } teamId)
            {
                target.TeamIds.Add(teamId);
            }
        }

        if (existing is not null)
        {
            target.Tags.AddRange(existing.Tags);
        }

        return null;
    }
}
