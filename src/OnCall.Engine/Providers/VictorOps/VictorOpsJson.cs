using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.VictorOps;

/// <summary>Small helpers over raw JSON: case-insensitive lookups (VictorOps' casing varies) and DTO binding.</summary>
internal static class VictorOpsJson
{
    /// <summary>The shared settings: case-insensitive, numbers in strings, ISO or epoch times.</summary>
    public static JsonSerializerOptions Options => JsonDefaults.Options;

    /// <summary>A property by name, ignoring case.</summary>
    public static bool TryGet(JsonElement element, string name, out JsonElement value) => JsonDefaults.TryGetProperty(element, name, out value);

    /// <summary>A property by name (ignoring case), or null when absent.</summary>
    public static JsonElement? Optional(JsonElement element, string name) => TryGet(element, name, out var value) ? value : null;

    /// <summary>A string property (numbers read as their text), or null.</summary>
    public static string? String(JsonElement element, string name)
    {
        if (!TryGet(element, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>The items of an array property; nothing when it is missing or not an array.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : Array.Empty<JsonElement>();

    /// <summary>
    /// The objects of a list that may come bare ([...]), wrapped ({"name":[...]}) or nested
    /// ({"users":[[...],[...]]}, the v1 user list): every object found, flattened.
    /// </summary>
    public static IReadOnlyList<JsonElement> Objects(JsonElement root, string wrapper)
    {
        var found = new List<JsonElement>();
        if (root.ValueKind == JsonValueKind.Array)
        {
            Flatten(root, found);
        }
        else if (TryGet(root, wrapper, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            Flatten(list, found);
        }

        return found;
    }

    /// <summary>
    /// The objects of a list answer, bare ([...]), wrapped ({"name":[...]}) or nested
    /// ({"users":[[...],[...]]}, the v1 user list), flattened. Any other shape (null, a string, an error
    /// object, an empty 204, an item that is not an object) is the answer's malformed-body error, never
    /// an empty list.
    /// </summary>
    public static IReadOnlyList<JsonElement> List(ApiResponse response, string wrapper)
    {
        var found = new List<JsonElement>();
        FlattenStrict(response.RequireArray(wrapper, allowBare: true), found, response, wrapper);
        return found;
    }

    /// <summary>A request body as JSON text (ApiClient sends strings as they are).</summary>
    public static string Body(object value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Binds one element to a DTO with the shared tolerant options.</summary>
    public static T Bind<T>(JsonElement element, string what)
        where T : class, new()
    {
        // Every DTO is an object: null, a string or a number in its place is not "empty", it is wrong.
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidData,
                "MalformedResponse",
                string.Format(CultureInfo.InvariantCulture, "VictorOps answered with {0} this module cannot read: {1} where an object belongs.", what, element.ValueKind.ToString().ToLowerInvariant()),
                OnCallProvider.VictorOps,
                what);
        }

        try
        {
            return element.Deserialize<T>(Options) ?? new T();
        }
        catch (JsonException ex)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidData,
                "MalformedResponse",
                string.Format(CultureInfo.InvariantCulture, "VictorOps answered with {0} this module cannot read: {1}", what, ex.Message),
                OnCallProvider.VictorOps,
                what,
                ex);
        }
    }

    /// <summary>The element as plain dictionaries (for Raw), with extra context keys added where absent.</summary>
    public static IDictionary<string, object?>? Raw(JsonElement element, params (string Key, JsonElement? Value)[] context)
    {
        var raw = RawJson.ToDictionary(element);
        if (raw is null)
        {
            return null;
        }

        foreach (var (key, value) in context)
        {
            if (value is { } present && !raw.ContainsKey(key))
            {
                raw[key] = RawJson.ToPlain(present);
            }
        }

        return raw;
    }

    private static void FlattenStrict(JsonElement array, List<JsonElement> found, ApiResponse response, string wrapper)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                FlattenStrict(item, found, response, wrapper);
            }
            else if (item.ValueKind == JsonValueKind.Object)
            {
                found.Add(item);
            }
            else
            {
                throw response.Malformed(string.Format(CultureInfo.InvariantCulture, "an item of the \"{0}\" list is {1}, not an object", wrapper, item.ValueKind.ToString().ToLowerInvariant()));
            }
        }
    }

    private static void Flatten(JsonElement array, List<JsonElement> found)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, found);
            }
            else if (item.ValueKind == JsonValueKind.Object)
            {
                found.Add(item);
            }
        }
    }
}
