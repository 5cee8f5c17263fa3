using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace OnCall.Engine.Json;

/// <summary>
/// Turns JSON into plain dictionaries and lists for the Raw property of output objects: PowerShell
/// dots into them, and no System.Text.Json type crosses into what PowerShell sees.
/// </summary>
public static class RawJson
{
    /// <summary>
    /// An object's Raw: its JSON kept as bytes and turned into dictionaries only when someone looks
    /// (most objects are shown or piped on, never opened), so a streamed object costs about its JSON.
    /// Valid after the document it came from is disposed.
    /// </summary>
    public static IDictionary<string, object?>? ToDictionary(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? new RawJsonDictionary(element) : null;

    public static object? ToPlain(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return ToMap(element);
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(ToPlain(item));
                }

                return list.ToArray();
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var whole))
                {
                    return whole;
                }

                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>An object as a case-insensitive dictionary of plain values.</summary>
    internal static Dictionary<string, object?> ToMap(JsonElement element)
    {
        var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = ToPlain(property.Value);
        }

        return map;
    }

    /// <summary>Serialises a plain value (dictionaries, lists, hashtables from PowerShell) to JSON text.</summary>
    public static string Serialize(object? value) => JsonSerializer.Serialize(Normalize(value), JsonDefaults.Options);

    // Hashtables and PSObject-free values arrive from Invoke-OnCallApi -Body; make them serialisable.
    private static object? Normalize(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string or bool or int or long or double or decimal or float or short or byte:
                return value;
            case DateTimeOffset time:
                return time.ToString("o", CultureInfo.InvariantCulture);
            case DateTime time:
                return time.ToString("o", CultureInfo.InvariantCulture);
            case System.Collections.IDictionary dictionary:
                var map = new Dictionary<string, object?>();
                foreach (System.Collections.DictionaryEntry entry in dictionary)
                {
                    map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Normalize(entry.Value);
                }

                return map;
            case System.Collections.IEnumerable sequence:
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(Normalize(item));
                }

                return list;
            default:
                return value;
        }
    }
}
