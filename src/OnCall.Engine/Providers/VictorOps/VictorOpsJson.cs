using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.VictorOps;

/// <summary>
/// VictorOps answers bound to DTOs (Dtos/, case-insensitive, with the engine's tolerant options) and its list
/// shapes (bare, wrapped or nested arrays); single fields are read with the engine's <see cref="JsonRead"/>.
/// </summary>
internal static class VictorOpsJson
{
    /// <summary>A property by name (ignoring case), JSON null included; null only when it is absent. For Raw context.</summary>
    public static JsonElement? Optional(JsonElement element, string name) => element.TryProp(name, out var value) ? value : null;

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
        else if (root.TryProp(wrapper, out var list) && list.ValueKind == JsonValueKind.Array)
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
            return element.Deserialize<T>(JsonDefaults.Options) ?? new T();
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
