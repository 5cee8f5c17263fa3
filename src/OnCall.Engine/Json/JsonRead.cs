using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace OnCall.Engine.Json;

/// <summary>
/// Tolerant reads of a vendor's JSON, the one set every client uses: a field may be missing, null, of
/// another type than documented, or spelt in another case (VictorOps writes onCallNow and oncallNow
/// on different days), and each read then gives null or nothing rather than an exception. Whether a
/// missing field makes the whole answer unreadable is the caller's decision (see ApiResponse.Require*).
/// </summary>
internal static class JsonRead
{
    /// <summary>A property by name, exact spelling first, then ignoring case; false for anything but an object.</summary>
    public static bool TryProp(this JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty(name, out value))
            {
                return true;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>A property's value; null when it is missing or JSON null.</summary>
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.TryProp(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A property as text: a string, or a number's or boolean's own text; null for anything else.</summary>
    public static string? Str(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    /// <summary>A whole number, given as a number or as a string of one.</summary>
    public static long? Long(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
            : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
        : null;

    /// <summary>A whole number in the range of an int; null beyond it.</summary>
    public static int? Int(this JsonElement element, string name) =>
        element.Long(name) is { } n && n >= int.MinValue && n <= int.MaxValue ? (int)n : null;

    /// <summary>true or false, given as a boolean or as the string of one.</summary>
    public static bool? Bool(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => null,
        }
        : null;

    /// <summary>A time as ISO-8601 text or epoch seconds or milliseconds (<see cref="TimeParsing.FromElement"/>); null when it is none.</summary>
    public static DateTimeOffset? Time(this JsonElement element, string name) =>
        element.Prop(name) is { } value ? TimeParsing.FromElement(value) : null;

    /// <summary>The items of an array property; nothing when it is missing or not an array.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, string name)
    {
        if (element.Prop(name) is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                yield return item;
            }
        }
    }
}
