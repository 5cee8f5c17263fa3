using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>
/// Tolerant reads of Datadog's JSON:API bodies. Attributes come and go between API versions (the recorded
/// cassettes show fields added and renamed), so every read allows a field to be missing or null.
/// </summary>
internal static class DatadogJson
{
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? Str(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        }
        : null;

    public static long? Long(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
            : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
        : null;

    public static DateTimeOffset? Time(this JsonElement element, string name) =>
        element.Str(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    public static JsonElement? Attributes(this JsonElement resource) => resource.Prop("attributes");

    /// <summary>An attribute of a resource as text.</summary>
    public static string? Attr(this JsonElement resource, string name) => resource.Attributes() is { } a ? a.Str(name) : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name)
    {
        if (element.Prop(name) is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                yield return item;
            }
        }
    }

    /// <summary>relationships.{name}.data as a list of (id, type); a single object is a list of one.</summary>
    public static List<(string Id, string Type)> Related(this JsonElement resource, string name)
    {
        var result = new List<(string, string)>();
        if (resource.Prop("relationships") is { } relationships && relationships.Prop(name) is { } relationship && relationship.Prop("data") is { } data)
        {
            if (data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    Add(item);
                }
            }
            else
            {
                Add(data);
            }
        }

        return result;

        void Add(JsonElement item)
        {
            if (item.Str("id") is { } id)
            {
                result.Add((id, item.Str("type") ?? string.Empty));
            }
        }
    }

    /// <summary>The "included" items of a document by type and id.</summary>
    public static Dictionary<(string Type, string Id), JsonElement> Included(JsonElement root)
    {
        var map = new Dictionary<(string, string), JsonElement>();
        foreach (var item in root.Array("included"))
        {
            if (item.Str("id") is { } id)
            {
                map[(item.Str("type") ?? string.Empty, id)] = item;
            }
        }

        return map;
    }

    /// <summary>Times sent to Datadog: UTC with a Z, so no '+' needs escaping (vendor-apis.md C.2).</summary>
    public static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static bool IsUuid(string? text) =>
        text is not null && text.Length == 36 && Guid.TryParseExact(text, "D", out _);
}
