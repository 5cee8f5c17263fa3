using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>Schedule overrides: list over a window, create one or more, get and delete.</summary>
internal static class DatadogOverrideEndpoints
{
    private const string Base = "/api/v2/on-call/schedules";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var dd = state.Datadog;

        app.MapGet(Base + "/{schedule_id}/overrides", (HttpContext context) =>
        {
            // filter[start] and filter[end] are required (the unmerged Go client); GUESS: 400 and its text when missing.
            if (!Http.TryParseTime(context.Query("filter[start]"), out var from) || !Http.TryParseTime(context.Query("filter[end]"), out var to))
            {
                return Http.DdError(400, "filter[start] and filter[end] are required");
            }

            // GUESS: default 10 like the schedules list; the recorded answer carries no meta or links.
            var page = DdPaging.Read(context, 10);
            lock (state.Sync)
            {
                if (dd.Schedule(context.Param("schedule_id")) is not { } schedule)
                {
                    return Http.DdError(404, "schedule not found");
                }

                var data = DdPaging.Slice(dd.Overrides.Where(o => o.ScheduleId == schedule.Id && o.Start < to && o.End > from).OrderBy(o => o.Start).ToList(), page)
                    .Select(o => (JsonNode?)Override(o)).ToJsonArray();
                return DdJson.Ok(new JsonObject { ["data"] = data });
            }
        });

        app.MapPost(Base + "/{schedule_id}/overrides", (HttpContext context) =>
        {
            var body = context.JsonBody();

            // Both the recorded array form and the older single-object form are accepted.
            var items = body?["data"] switch
            {
                JsonArray array => array.ToList(),
                JsonObject single => [single],
                _ => [],
            };
            if (items.Count == 0)
            {
                return Http.DdError(400, "data is required");
            }

            lock (state.Sync)
            {
                if (dd.Schedule(context.Param("schedule_id")) is not { } schedule)
                {
                    return Http.DdError(404, "schedule not found");
                }

                var created = new List<DdOverride>();
                foreach (var item in items)
                {
                    var userId = item?["relationships"]?["user"]?["data"].Str("id");
                    if (!Http.TryParseTime(item?["attributes"].Str("start"), out var start) || !Http.TryParseTime(item?["attributes"].Str("end"), out var end)
                        || end <= start || userId is null || dd.User(userId) is null)
                    {
                        // GUESS: the validation and its 400; the recordings show only accepted overrides.
                        return Http.DdError(400, "each override needs start < end and an existing user");
                    }

                    created.Add(new DdOverride { Id = Guid.NewGuid().ToString(), ScheduleId = schedule.Id, UserId = userId, Start = start, End = end });
                }

                dd.Overrides.AddRange(created);
                foreach (var o in created)
                {
                    state.Ledger.Applied(context, LedgerAction.OverrideSet, o.Id, o.UserId + " " + Http.Iso(o.Start));
                }

                return DdJson.Ok(new JsonObject { ["data"] = created.Select(o => (JsonNode?)Override(o)).ToJsonArray() }, StatusCodes.Status201Created);
            }
        });

        app.MapGet(Base + "/{schedule_id}/overrides/{override_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var scheduleId = context.Param("schedule_id");
                var id = context.Param("override_id");
                return dd.Overrides.Find(o => o.ScheduleId == scheduleId && o.Id == id) is { } found
                    ? DdJson.Ok(new JsonObject { ["data"] = Override(found) })
                    : Http.DdError(404, "override not found");
            }
        });

        app.MapDelete(Base + "/{schedule_id}/overrides/{override_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var scheduleId = context.Param("schedule_id");
                if (!Guid.TryParse(scheduleId, out _))
                {
                    return Http.Json(new JsonObject
                    {
                        ["errors"] = new JsonArray(new JsonObject
                        {
                            ["status"] = "400",
                            ["title"] = "Bad Request",
                            ["detail"] = "attribute \"uuid\" [" + scheduleId + "] is not a valid UUID",
                        }),
                    }, 400);
                }

                var id = context.Param("override_id");
                if (dd.Overrides.RemoveAll(o => o.ScheduleId == scheduleId && o.Id == id) == 0)
                {
                    return Http.DdError(404, "override not found");
                }

                state.Ledger.Applied(context, LedgerAction.OverrideRemoved, id);
                return Results.StatusCode(StatusCodes.Status204NoContent);
            }
        });
    }

    private static JsonObject Override(DdOverride o) => new()
    {
        ["id"] = o.Id,
        ["type"] = "overrides",
        ["attributes"] = new JsonObject { ["end"] = Http.IsoMillis(o.End), ["start"] = Http.IsoMillis(o.Start) },
        ["relationships"] = new JsonObject { ["user"] = DdJson.Rel(DdJson.Ref(o.UserId, "users")) },
    };
}
