using System.Collections.Generic;
using System.Text.Json;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>
/// The JSON:API shape of Datadog's answers, on top of the engine's tolerant reads (<see cref="JsonRead"/>):
/// a resource's attributes, its relationships, and the "included" resources they point at.
/// Attributes come and go between API versions (the recorded cassettes show fields added and renamed),
/// so every read allows a field to be missing or null.
/// </summary>
internal static class JsonApi
{
    public static JsonElement? Attributes(this JsonElement resource) => resource.Obj("attributes");

    /// <summary>An attribute of a resource as text.</summary>
    public static string? Attr(this JsonElement resource, string name) => resource.Attributes() is { } a ? a.Str(name) : null;

    /// <summary>
    /// relationships.{name}.data as a list of (id, type); a single object is a list of one. A relationship
    /// of another shape (text where an object or list is) is a malformed answer, not "none".
    /// </summary>
    public static List<(string Id, string Type)> Related(this JsonElement resource, string name)
    {
        var result = new List<(string, string)>();
        if (resource.Obj("relationships") is { } relationships && relationships.Obj(name) is { } relationship && relationship.Prop("data") is { } data)
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
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw JsonRead.Unexpected("relationships." + name + ".data", "a resource identifier", item);
            }

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
        foreach (var item in root.Items("included"))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw JsonRead.Unexpected("included", "a resource", item);
            }

            if (item.Str("id") is { } id)
            {
                map[(item.Str("type") ?? string.Empty, id)] = item;
            }
        }

        return map;
    }
}
