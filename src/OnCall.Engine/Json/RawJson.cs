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
    public static IDictionary<string, object?>? ToDictionary(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? (IDictionary<string, object?>)ToPlain(element)! : null;

    public static object? ToPlain(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = ToPlain(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var list = new List<object?>();
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

                // 1e400 is valid JSON and no double: keep its text rather than fail the whole answer.
                return element.TryGetDouble(out var real) ? real : element.GetRawText();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
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
