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

    /// <summary>JSON as plain values: case-insensitive dictionaries, arrays, strings, numbers, booleans and nulls.</summary>
    public static object? ToPlain(JsonElement element) => ToTree(element, PlainObjects.Instance);

    /// <summary>
    /// JSON as plain values whose objects <paramref name="objects"/> makes, in one pass over the JSON:
    /// arrays are <c>object?[]</c>; a whole number is a long, another number a double (its text when no
    /// double holds it); strings, booleans and nulls as they are.
    /// </summary>
    public static object? ToTree(JsonElement element, IJsonObjectBuilder objects)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var target = objects.Create();
                var names = new List<string>();
                Dictionary<string, string>? many = null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    var value = ToTree(property.Value, objects);
                    if (EarlierSpelling(names, ref many, name) is { } earlier)
                    {
                        objects.Replace(target, earlier, value);
                    }
                    else
                    {
                        objects.Add(target, name, value);
                    }
                }

                return target;
            case JsonValueKind.Array:
                var items = new object?[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = ToTree(item, objects);
                }

                return items;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var whole))
                {
                    return whole;
                }

                // 1e400 is valid JSON and no double (System.Text.Json reads it as Infinity, which no JSON can
                // carry back): keep its text rather than fail the whole answer or turn it into another number.
                return element.TryGetDouble(out var real) && !double.IsInfinity(real) ? real : element.GetRawText();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    // JSON may repeat a name, in the same or another case: the spelling it was first given, or null for a
    // new name (which is then noted). A dictionary only for objects with many names; most have a handful.
    private static string? EarlierSpelling(List<string> names, ref Dictionary<string, string>? many, string name)
    {
        const int Scanned = 16;
        if (many is null)
        {
            foreach (var known in names)
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            names.Add(name);
            if (names.Count > Scanned)
            {
                many = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var known in names)
                {
                    many[known] = known;
                }
            }

            return null;
        }

        if (many.TryGetValue(name, out var earlier))
        {
            return earlier;
        }

        many[name] = name;
        return null;
    }

    /// <summary>An object as a case-insensitive dictionary of plain values.</summary>
    internal static Dictionary<string, object?> ToMap(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? (Dictionary<string, object?>)ToTree(element, PlainObjects.Instance)!
            : throw new ArgumentException("Only a JSON object is a map.", nameof(element));

    private sealed class PlainObjects : IJsonObjectBuilder
    {
        public static readonly PlainObjects Instance = new();

        public object Create() => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

        public void Add(object target, string name, object? value) => ((Dictionary<string, object?>)target)[name] = value;

        public void Replace(object target, string name, object? value) => ((Dictionary<string, object?>)target)[name] = value;
    }

    /// <summary>How deep a request body may nest: far more than any API takes, far less than a stack.</summary>
    public const int MaxBodyDepth = 32;

    /// <summary>How many values a request body may hold, so an endless sequence ends as an error.</summary>
    public const int MaxBodyValues = 1_000_000;

    /// <summary>
    /// A request body as JSON text: a string must already be JSON and is sent as it is; anything else
    /// is serialised (<see cref="Serialize(object?, Func{object, object?}?)"/>). Throws InvalidBody
    /// (OnCall.Module.InvalidBody) for what cannot be sent, before any request.
    /// </summary>
    public static string ToRequestBody(object? body, Func<object, object?>? adapt = null)
    {
        var peeled = body is null ? null : adapt?.Invoke(body) ?? body;
        if (peeled is not string text)
        {
            return Serialize(body, adapt);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException error)
        {
            throw InvalidBody("The body is a string that is not JSON (" + error.Message + "). Give JSON text, or a hashtable or [pscustomobject] to have it serialised.", error);
        }
    }

    /// <summary>
    /// Serialises a plain value (dictionaries, lists, hashtables, strings, numbers, booleans, times) to
    /// JSON text. <paramref name="adapt"/> turns a caller's wrapper (a PowerShell object) into one of
    /// those, one level at a time. A value that refers to itself, nests deeper than
    /// <see cref="MaxBodyDepth"/> or has no JSON form (a process, a NaN) is InvalidBody, not a crash.
    /// </summary>
    public static string Serialize(object? value, Func<object, object?>? adapt = null) =>
        JsonSerializer.Serialize(new BodyWalk(adapt).Normalize(value, "$", 0), JsonDefaults.Options);

    private static OnCallException InvalidBody(string message, Exception? inner = null) =>
        new(OnCallErrorKind.InvalidArgument, "InvalidBody", message + " Nothing was sent.", null, null, inner);

    /// <summary>One walk over a body: the containers open on the way down (for cycles) and a count of values.</summary>
    private sealed class BodyWalk
    {
        private readonly Func<object, object?>? _adapt;
        private readonly HashSet<object> _open = new(ReferenceComparer.Instance);
        private int _values;

        public BodyWalk(Func<object, object?>? adapt)
        {
            _adapt = adapt;
        }

        public object? Normalize(object? value, string path, int depth)
        {
            if (value is null)
            {
                return null;
            }

            if (++_values > MaxBodyValues)
            {
                throw InvalidBody(string.Format(CultureInfo.InvariantCulture, "The body holds more than {0:N0} values.", MaxBodyValues));
            }

            var original = value;
            value = _adapt?.Invoke(value) ?? value;
            switch (value)
            {
                case string or bool or int or long or decimal or short or byte or sbyte or ushort or uint or ulong:
                    return value;
                case char c:
                    return c.ToString();
                case double number when double.IsNaN(number) || double.IsInfinity(number):
                    throw InvalidBody(string.Format(CultureInfo.InvariantCulture, "The body's value at {0} is {1}, which JSON cannot carry.", path, number));
                case float number when float.IsNaN(number) || float.IsInfinity(number):
                    throw InvalidBody(string.Format(CultureInfo.InvariantCulture, "The body's value at {0} is {1}, which JSON cannot carry.", path, number));
                case double or float:
                    return value;
                case DateTimeOffset time:
                    return time.ToString("o", CultureInfo.InvariantCulture);
                case DateTime time:
                    return time.ToString("o", CultureInfo.InvariantCulture);
                case Guid id:
                    return id.ToString("D");
                case Enum named:
                    return named.ToString();
                case Uri uri:
                    return uri.OriginalString;
                case System.Collections.IDictionary or System.Collections.IEnumerable:
                    return Container(original, value, path, depth);
                default:
                    throw InvalidBody(string.Format(CultureInfo.InvariantCulture, "The body's value at {0} is a {1}, which has no JSON form. Send a hashtable, a [pscustomobject], an array, plain values or a JSON string.", path, value.GetType().FullName));
            }
        }

        private object Container(object original, object value, string path, int depth)
        {
            if (depth >= MaxBodyDepth)
            {
                throw InvalidBody(string.Format(CultureInfo.InvariantCulture, "The body nests deeper than {0} levels at {1}.", MaxBodyDepth, path));
            }

            if (_open.Contains(original) || _open.Contains(value))
            {
                throw InvalidBody(string.Format(CultureInfo.InvariantCulture, "The body refers to itself at {0}: a value that contains itself has no JSON form.", path));
            }

            _open.Add(original);
            _open.Add(value);
            try
            {
                if (value is System.Collections.IDictionary dictionary)
                {
                    var map = new Dictionary<string, object?>();
                    foreach (System.Collections.DictionaryEntry entry in dictionary)
                    {
                        var key = Convert.ToString(_adapt?.Invoke(entry.Key) ?? entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                        map[key] = Normalize(entry.Value, path + "." + key, depth + 1);
                    }

                    return map;
                }

                var list = new List<object?>();
                foreach (var item in (System.Collections.IEnumerable)value)
                {
                    list.Add(Normalize(item, path + "[" + list.Count.ToString(CultureInfo.InvariantCulture) + "]", depth + 1));
                }

                return list;
            }
            catch (Exception error) when (error is not OnCallException)
            {
                // A collection that throws while it is read (a live .NET object) cannot be a body either.
                throw InvalidBody(string.Format(CultureInfo.InvariantCulture, "The body's value at {0} could not be read ({1}).", path, error.GetType().Name), error);
            }
            finally
            {
                _open.Remove(original);
                _open.Remove(value);
            }
        }
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
