using System;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.ZStack;

/// <summary>Alert events: list with filters, detail, timeline, acknowledge, resolve.</summary>
internal static class ZStackEventEndpoints
{
    private const string Base = "/api/v1/alerting/events";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var zs = state.ZStack;

        app.MapGet(Base, (HttpContext context) =>
        {
            var severity = context.Query("severity");
            var status = context.Query("state");
            var resourceType = context.Query("resourceType");
            var ruleUuid = context.Query("ruleUuid");
            var source = context.Query("source");
            lock (state.Sync)
            {
                var matches = zs.Events
                    .Where(e => severity is null || e.Severity == severity)
                    .Where(e => status is null || e.State == status)
                    .Where(e => resourceType is null || e.ResourceType == resourceType)
                    .Where(e => ruleUuid is null || e.RuleUuid == ruleUuid)
                    .Where(e => source is null || e.Source == source)
                    .OrderByDescending(e => e.NotifiedAt)
                    .Select(e => (JsonNode?)ZsJson.Event(e))
                    .ToList();
                return Http.Json(ZsJson.Page(context, zs.Paging, matches));
            }
        });

        app.MapGet(Base + "/{eventId}", (HttpContext context) => WithEvent(context, state, e => Http.Json(new JsonObject
        {
            ["alert"] = ZsJson.Event(e),
            // GUESS: the docs promise comments and a timeline beside "alert" but do not name their fields (zstack.md 2.2).
            ["comments"] = e.Timeline.Where(t => t.Action == "commented").Select(t => (JsonNode?)new JsonObject
            {
                ["actor"] = t.Actor,
                ["content"] = t.Detail,
                ["createDate"] = Http.Iso(t.At),
            }).ToJsonArray(),
            ["timeline"] = ZsJson.Timeline(e),
        })));

        app.MapGet(Base + "/{eventId}/timeline", (HttpContext context) => WithEvent(context, state, e => Http.Json(new JsonObject
        {
            ["items"] = ZsJson.Timeline(e),
            ["total"] = e.Timeline.Count,
            ["limit"] = 20,
            ["offset"] = 0,
        })));

        app.MapPost(Base + "/{eventId}/acknowledge", (HttpContext context) =>
        {
            var body = context.JsonBody();
            var by = body.Str("acknowledgedBy");
            if (string.IsNullOrEmpty(by))
            {
                return Http.ZsError(400, "INVALID_ARGUMENT", "acknowledgedBy is required");
            }

            return WithEvent(context, state, e =>
            {
                if (e.State == "resolved")
                {
                    // GUESS: only 200 is documented; refusing to acknowledge a resolved event, and how, is the emulator's.
                    return Http.ZsError(409, "INVALID_STATE", "the event is already resolved");
                }

                if (e.State == "firing")
                {
                    e.State = "acknowledged";
                    e.AcknowledgedBy = by;
                    e.AcknowledgedAt = state.Now;
                    e.Timeline.Add(("acknowledged", by, "Alert acknowledged by " + by, state.Now));
                    state.Ledger.Applied(context, LedgerAction.IncidentAcknowledged, e.Uuid);
                    AddComment(e, by, body.Str("comment"), state.Now);
                }

                return Http.Json(ZsJson.Event(e));
            });
        });

        // GUESS: the path is inferred from acknowledge's (zstack.md 2.5), and resolving twice is taken as harmless.
        app.MapPost(Base + "/{eventId}/resolve", (HttpContext context) =>
        {
            var body = context.JsonBody();
            var by = body.Str("resolvedBy");
            if (string.IsNullOrEmpty(by))
            {
                return Http.ZsError(400, "INVALID_ARGUMENT", "resolvedBy is required");
            }

            return WithEvent(context, state, e =>
            {
                if (e.State != "resolved")
                {
                    e.State = "resolved";
                    e.ResolvedBy = by;
                    e.ResolvedAt = state.Now;
                    e.Timeline.Add(("resolved", by, "Alert resolved by " + by, state.Now));
                    state.Ledger.Applied(context, LedgerAction.IncidentResolved, e.Uuid);
                    AddComment(e, by, body.Str("comment"), state.Now);
                }

                return Http.Json(ZsJson.Event(e));
            });
        });
    }

    private static void AddComment(ZsEvent e, string by, string? comment, DateTimeOffset at)
    {
        if (!string.IsNullOrEmpty(comment))
        {
            e.Timeline.Add(("commented", by, comment, at));
        }
    }

    private static IResult WithEvent(HttpContext context, EmulatorState state, Func<ZsEvent, IResult> answer)
    {
        lock (state.Sync)
        {
            return state.ZStack.Event(context.Param("eventId")) is { } e ? answer(e) : Http.ZsError(404, "NOT_FOUND", "event not found");
        }
    }
}
