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
                return DdJson.Ok(new JsonObject { ["data"] = new JsonObject { ["id"] = page.Id, ["type"] = "pages" } });
            }
        });

        app.MapPost("/api/v2/on-call/pages/{page_id}/acknowledge", (HttpContext context) => Act(context, state, page =>
        {
            if (page.Status == "triggered")
            {
                page.Status = "acknowledged";
            }
        }));
        app.MapPost("/api/v2/on-call/pages/{page_id}/escalate", (HttpContext context) => Act(context, state, page =>
        {
            page.EscalationLevel++;
            if (page.Status != "resolved")
            {
                page.Status = "triggered";
            }
        }));
        app.MapPost("/api/v2/on-call/pages/{page_id}/resolve", (HttpContext context) => Act(context, state, page => page.Status = "resolved"));
    }

    private static IResult Act(HttpContext context, EmulatorState state, Action<DdPage> change)
    {
        lock (state.Sync)
        {
            var id = context.Param("page_id");
            var page = state.Datadog.Pages.Find(p => p.Id == id);
            if (page is null)
            {
                return Http.DdError(404, "page not found");
            }

            change(page);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }
    }
}
