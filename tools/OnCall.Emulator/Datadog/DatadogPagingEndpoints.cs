using System;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>On-Call Paging. Real clients send these to the per-site paging host; here the same port serves them.</summary>
internal static class DatadogPagingEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        var dd = state.Datadog;

        app.MapPost("/api/v2/on-call/pages", (HttpContext context) =>
        {
            var attributes = context.JsonBody()?["data"]?["attributes"];
            var title = attributes.Str("title");
            var urgency = attributes.Str("urgency") ?? "high";
            var target = attributes?["target"];
            var targetType = target.Str("type");
            if (string.IsNullOrEmpty(title) || urgency is not ("low" or "high")
                || targetType is not ("team_id" or "team_handle" or "user_id") || string.IsNullOrEmpty(target.Str("identifier")))
            {
                return Http.DdError(400, "title, urgency (low|high) and target {type: team_id|team_handle|user_id, identifier} are required");
            }

            lock (state.Sync)
            {
                var page = new DdPage
                {
                    Id = Guid.NewGuid().ToString(),
                    Title = title,
                    Urgency = urgency,
                    Description = attributes.Str("description"),
                    TargetType = targetType,
                    TargetIdentifier = target.Str("identifier"),
                };
                foreach (var tag in attributes!["tags"] as JsonArray ?? [])
                {
                    page.Tags.Add(tag?.ToString() ?? string.Empty);
                }

                dd.Pages.Add(page);
                state.Ledger.Applied(context, LedgerAction.IncidentCreated, page.Id, title);
                return DdJson.Ok(new JsonObject { ["data"] = new JsonObject { ["id"] = page.Id, ["type"] = "pages" } });
            }
        });

        app.MapPost("/api/v2/on-call/pages/{page_id}/acknowledge", (HttpContext context) => Act(context, state, page =>
        {
            if (page.Status != "triggered")
            {
                return null;
            }

            page.Status = "acknowledged";
            return LedgerAction.IncidentAcknowledged;
        }));
        app.MapPost("/api/v2/on-call/pages/{page_id}/escalate", (HttpContext context) => Act(context, state, page =>
        {
            page.EscalationLevel++;
            if (page.Status != "resolved")
            {
                page.Status = "triggered";
            }

            return LedgerAction.IncidentEscalated;
        }));
        app.MapPost("/api/v2/on-call/pages/{page_id}/resolve", (HttpContext context) => Act(context, state, page =>
        {
            if (page.Status == "resolved")
            {
                return null;
            }

            page.Status = "resolved";
            return LedgerAction.IncidentResolved;
        }));
    }

    /// <summary>Applies an action to a page; the change says what it did (null: nothing changed).</summary>
    /// <remarks>
    /// GUESS: the page states (triggered, acknowledged, resolved), that acting twice is accepted and changes
    /// nothing, that escalating re-triggers, and 404 for an unknown page id; only 202 is documented.
    /// </remarks>
    private static IResult Act(HttpContext context, EmulatorState state, Func<DdPage, LedgerAction?> change)
    {
        lock (state.Sync)
        {
            var id = context.Param("page_id");
            var page = state.Datadog.Pages.Find(p => p.Id == id);
            if (page is null)
            {
                return Http.DdError(404, "page not found");
            }

            if (change(page) is { } applied)
            {
                state.Ledger.Applied(context, applied, page.Id);
            }

            return Results.StatusCode(StatusCodes.Status202Accepted);
        }
    }
}
