using System.Linq;
using System.Text.Json.Nodes;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.ZStack;

internal static class ZsJson
{
    /// <summary>One page of a list, the way <see cref="ZsPaging"/> says this server pages.</summary>
    public static JsonObject Page(Microsoft.AspNetCore.Http.HttpContext context, ZsPaging paging, System.Collections.Generic.IReadOnlyList<JsonNode?> all)
    {
        var limit = System.Math.Clamp(Http.Int(context.Query("limit")) ?? paging.DefaultLimit, 1, paging.MaxLimit);
        var offset = paging.IgnoresOffset ? 0 : System.Math.Max(0, Http.Int(context.Query("offset")) ?? 0);
        var page = new JsonObject { ["items"] = all.Skip(offset).Take(limit).Select(n => n?.DeepClone()).ToJsonArray() };
        if (paging.Envelope)
        {
            page["total"] = all.Count;
            page["limit"] = limit;
            page["offset"] = offset;
        }

        return page;
    }

    public static JsonObject Schedule(ZsSchedule s) => new()
    {
        ["uuid"] = s.Uuid,
        ["name"] = s.Name,
        ["description"] = s.Description,
        ["timezone"] = s.Timezone,
        ["rotationType"] = s.RotationType,
        ["shiftDuration"] = s.ShiftDuration,
        ["members"] = s.Members.OrderBy(m => m.Order).Select(m => (JsonNode?)new JsonObject
        {
            ["userId"] = m.UserId,
            ["userName"] = m.UserName,
            ["order"] = m.Order,
        }).ToJsonArray(),
        ["startDate"] = Http.Iso(s.StartDate),
        ["createDate"] = Http.Iso(s.CreateDate),
        ["lastOpDate"] = Http.Iso(s.LastOpDate),
    };

    public static JsonObject Override(ZsOverride o) => new()
    {
        ["uuid"] = o.Uuid,
        ["scheduleUuid"] = o.ScheduleUuid,
        ["originalUser"] = o.OriginalUser,
        ["substituteUser"] = o.SubstituteUser,
        ["startTime"] = Http.Iso(o.StartTime),
        ["endTime"] = Http.Iso(o.EndTime),
        ["reason"] = o.Reason,
        ["createDate"] = Http.Iso(o.CreateDate),
    };

    public static JsonObject Event(ZsEvent e) => new()
    {
        ["uuid"] = e.Uuid,
        ["ruleUuid"] = e.RuleUuid,
        ["ruleName"] = e.RuleName,
        ["resourceType"] = e.ResourceType,
        ["resourceUuid"] = e.ResourceUuid,
        ["metricName"] = e.MetricName,
        ["currentValue"] = e.CurrentValue,
        ["threshold"] = e.Threshold,
        ["operator"] = e.Operator,
        ["severity"] = e.Severity,
        ["state"] = e.State,
        ["message"] = e.Message,
        ["fingerprint"] = e.Fingerprint,
        ["source"] = e.Source,
        ["notifiedAt"] = Http.Iso(e.NotifiedAt),
        ["resolvedAt"] = e.ResolvedAt is { } r ? Http.Iso(r) : null,
        ["acknowledgedBy"] = e.AcknowledgedBy,
        ["acknowledgedAt"] = e.AcknowledgedAt is { } a ? Http.Iso(a) : null,
        ["resolvedBy"] = e.ResolvedBy,
    };

    public static JsonArray Timeline(ZsEvent e) => e.Timeline.Select((t, i) => (JsonNode?)new JsonObject
    {
        ["uuid"] = "timeline-" + (i + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture),
        ["alertUuid"] = e.Uuid,
        ["action"] = t.Action,
        ["actor"] = t.Actor,
        ["detail"] = t.Detail,
        ["createDate"] = Http.Iso(t.At),
    }).ToJsonArray();
}
