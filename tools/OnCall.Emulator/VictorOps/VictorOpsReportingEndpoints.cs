using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>The reporting API's incident history: filters, and offset/limit paging over the seeded history.</summary>
internal static class VictorOpsReportingEndpoints
{
    public static void Map(WebApplication app, EmulatorState state) =>
        app.MapGet("/api-reporting/v2/incidents", (HttpContext context) => Reporting(context, state));

    private static IResult Reporting(HttpContext context, EmulatorState state)
    {
        var offset = Http.Int(context.Query("offset")) ?? 0;
        var limit = Http.Int(context.Query("limit")) ?? 20;
        if (offset < 0 || limit is < 1 or > 100)
        {
            return Http.VoError(400, "offset must be >= 0 and limit 1..100");
        }

        DateTimeOffset? after = null, before = null;
        if (context.Query("startedAfter") is { } a)
        {
            if (!Http.TryParseTime(a, out var t))
            {
                return Http.VoError(400, "startedAfter is not an ISO-8601 time");
            }

            after = t;
        }

        if (context.Query("startedBefore") is { } b)
        {
            if (!Http.TryParseTime(b, out var t))
            {
                return Http.VoError(400, "startedBefore is not an ISO-8601 time");
            }

            before = t;
        }

        var phases = List(context.Query("currentPhase")) ?? ["resolved"];
        if (phases.Any(p => p is not ("resolved" or "triggered" or "acknowledged")))
        {
            return Http.VoError(400, "currentPhase takes resolved, triggered and acknowledged");
        }

        var services = List(context.Query("service"));
        var hosts = List(context.Query("host"));
        var entityId = context.Query("entityId");
        var routingKey = context.Query("routingKey");
        var numbers = NumberFilter(context.Query("incidentNumber"));
        lock (state.Sync)
        {
            var vo = state.VictorOps;
            var matches = vo.Incidents
                .Where(i => phases.Contains(VoJson.ReportingPhase(i.CurrentPhase)))
                .Where(i => after is null || i.StartTime > after)
                .Where(i => before is null || i.StartTime < before)
                .Where(i => services is null || services.Contains(i.Service))
                .Where(i => hosts is null || (i.Host is not null && hosts.Contains(i.Host)))
                .Where(i => entityId is null || i.EntityId == entityId)
                .Where(i => routingKey is null || i.RoutingKey == routingKey)
                .Where(i => numbers is null || numbers(i.Number))
                .OrderBy(i => i.Number)
                .ToList();
            return Http.Json(new JsonObject
            {
                ["offset"] = offset,
                ["limit"] = limit,
                ["total"] = matches.Count,
                ["incidents"] = matches.Skip(offset).Take(limit).Select(i => (JsonNode?)VoJson.Incident(vo, i, reporting: true)).ToJsonArray(),
            });
        }
    }

    private static List<string>? List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>"4,5,20:50" → a predicate; ranges are inclusive.</summary>
    private static Func<int, bool>? NumberFilter(string? text)
    {
        if (List(text) is not { } parts)
        {
            return null;
        }

        var ranges = new List<(int From, int To)>();
        foreach (var part in parts)
        {
            var bounds = part.Split(':');
            var from = Http.Int(bounds[0]) ?? int.MinValue;
            var to = bounds.Length > 1 ? Http.Int(bounds[1]) ?? int.MaxValue : from;
            ranges.Add((from, to));
        }

        return n => ranges.Any(r => r.From <= n && n <= r.To);
    }
}
