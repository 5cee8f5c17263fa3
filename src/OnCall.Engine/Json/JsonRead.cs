using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace OnCall.Engine.Json;

/// <summary>
/// Tolerant reads of a vendor's JSON, the one set every client uses: a field may be missing, null, a
/// number given as text (or text as a number), or spelt in another case (VictorOps writes onCallNow
/// and oncallNow on different days), and each read then gives null or the value. A field that holds
/// another kind of thing altogether (an object or list where text is read, text where a list is, a
/// word where a number or time is) is not absence: it throws a <see cref="JsonException"/> naming the
/// field, which ApiResponse.Interpret turns into the answer's MalformedResponse (MayHaveApplied after
/// a write). Whether a missing field makes the whole answer unreadable is the caller's decision
/// (see ApiResponse.Require*).
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

    /// <summary>A property as text: a string, or a number's or boolean's own text; an object or a list there is malformed.</summary>
    public static string? Str(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw Unexpected(name, "text", value),
        }
        : null;

    /// <summary>A whole number, given as a number or as a string of one (blank text is none); anything else is malformed.</summary>
    public static long? Long(this JsonElement element, string name)
    {
        if (element.Prop(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            // A fraction or a number beyond a long is a number all the same, just not one this field holds.
            return value.TryGetInt64(out var n) ? n : null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : throw Unexpected(name, "a number", value);
        }

        throw Unexpected(name, "a number", value);
    }

    /// <summary>A whole number in the range of an int; null beyond it.</summary>
    public static int? Int(this JsonElement element, string name) =>
        element.Long(name) is { } n && n >= int.MinValue && n <= int.MaxValue ? (int)n : null;

    /// <summary>true or false, given as a boolean or as the string of one (blank text is none); anything else is malformed.</summary>
    public static bool? Bool(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            JsonValueKind.String when string.IsNullOrWhiteSpace(value.GetString()) => null,
            _ => throw Unexpected(name, "true or false", value),
        }
        : null;

    /// <summary>
    /// A time as ISO-8601 text or epoch seconds or milliseconds (<see cref="TimeParsing.FromElement"/>); null
    /// when absent, blank, or a number beyond any calendar; text that is no time, or an object, is malformed.
    /// </summary>
    public static DateTimeOffset? Time(this JsonElement element, string name)
    {
        if (element.Prop(name) is not { } value)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return TimeParsing.FromElement(value);
            case JsonValueKind.String:
                var text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                return TimeParsing.Parse(text!)
                    ?? (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : throw Unexpected(name, "a time", value));
            default:
                throw Unexpected(name, "a time", value);
        }
    }

    /// <summary>The items of an array property; nothing when it is missing or null, malformed when it is anything but a list.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, string name)
    {
        if (element.Prop(name) is not { } array)
        {
            return Array.Empty<JsonElement>();
        }

        return array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : throw Unexpected(name, "a list", array);
    }

    /// <summary>An object property; null when it is missing or null, malformed when it is anything but an object.</summary>
    public static JsonElement? Obj(this JsonElement element, string name) => element.Prop(name) is { } value
        ? value.ValueKind == JsonValueKind.Object ? value : throw Unexpected(name, "an object", value)
        : null;

    /// <summary>What a reader throws for a field of the wrong kind: its name and both kinds, never its value.</summary>
    internal static JsonException Unexpected(string name, string expected, JsonElement found) =>
        new(string.Format(CultureInfo.InvariantCulture, "\"{0}\" is {1} where {2} was expected", name, KindOf(found), expected));

    /// <summary>A value's kind in words, for messages that must not echo the value.</summary>
    internal static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };
}
