using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using OnCall.Engine.Json;

namespace OnCall.Engine.Http;

/// <summary>
/// A vendor's answer, read whole. It knows the request it answers, so whatever cannot be read in it
/// is reported the right way: a read is MalformedResponse (safe to repeat), a write is MayHaveApplied
/// (the server may have done it; repeating could do it twice).
/// </summary>
public sealed class ApiResponse : IDisposable
{
    private static readonly JsonElement EmptyArray = ParseConstant("[]");

    private readonly byte[] _body;
    private readonly Func<IReadOnlyDictionary<string, string>> _readHeaders;
    private JsonDocument? _document;
    private string? _content;
    private IReadOnlyDictionary<string, string>? _headers;

    internal ApiResponse(ApiRequest request, int statusCode, byte[] body, Func<IReadOnlyDictionary<string, string>> headers, TimeSpan elapsed, int attempts, OnCallProvider provider)
    {
        Request = request;
        StatusCode = statusCode;
        _body = body;
        _readHeaders = headers;
        Elapsed = elapsed;
        Attempts = attempts;
        Provider = provider;
    }

    public ApiRequest Request { get; }

    public int StatusCode { get; }

    /// <summary>The body as text (made from the UTF-8 bytes the first time it is asked for; secrets are already masked).</summary>
    public string Content => _content ??= _body.Length == 0 ? string.Empty : Encoding.UTF8.GetString(_body);

    /// <summary>Response headers, names case-insensitive (collected the first time they are asked for).</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers ??= _readHeaders();

    /// <summary>Whether the body is empty or only white space: no answer to read.</summary>
    internal bool IsBlank => IsWhiteSpace(_body);

    public TimeSpan Elapsed { get; }

    public int Attempts { get; }

    public OnCallProvider Provider { get; }

    /// <summary>
    /// A 404 to a retried DELETE whose earlier attempt may have reached the server: the thing is gone,
    /// which is what was asked. The body (the vendor's "not found") is dropped.
    /// </summary>
    internal bool AlreadyDone { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300 || AlreadyDone;

    /// <summary>Masks the connection's secrets in what this answer's errors say (a body can echo anything back).</summary>
    internal Func<string, string> Redact { get; init; } = text => text;

    /// <summary>The parsed body, read once and kept until the response is disposed; an empty body reads as {}.</summary>
    internal JsonElement RootElement => (_document ??= ParseDocument()).RootElement;

    public void Dispose()
    {
        _document?.Dispose();
        _document = null;
    }

    /// <summary>Parses the body; an empty body reads as an empty object.</summary>
    public JsonDocument ParseDocument()
    {
        try
        {
            return IsBlank ? JsonDocument.Parse("{}") : JsonDocument.Parse(_body);
        }
        catch (JsonException ex)
        {
            throw Malformed("it is not JSON (" + ex.Message + ")", ex);
        }
    }

    /// <summary>The body as plain dictionaries, arrays and scalars (null for an empty body).</summary>
    public object? ReadPlain() => IsBlank ? null : Interpret(response => RawJson.ToPlain(response.RootElement));

    /// <summary>The body as <see cref="ReadPlain"/> reads it, with its objects made by <paramref name="objects"/> in the same pass (null for an empty body).</summary>
    public object? ReadTree(IJsonObjectBuilder objects) => IsBlank ? null : Interpret(response => RawJson.ToTree(response.RootElement, objects));

    /// <summary>Binds the body to T with the shared tolerant options.</summary>
    public T Read<T>()
    {
        try
        {
            var value = IsBlank ? JsonSerializer.Deserialize<T>("{}", JsonDefaults.Options) : JsonSerializer.Deserialize<T>(_body, JsonDefaults.Options);
            return value ?? throw Malformed("it is null");
        }
        catch (JsonException ex)
        {
            throw Malformed(ex.Message, ex);
        }
    }

    /// <summary>
    /// Runs a reading of this answer. Whatever goes wrong inside (a shape this module does not know,
    /// a number or date out of range, a JSON error) comes out as this answer's malformed-body error,
    /// never as a bare .NET exception: MayHaveApplied for a write, MalformedResponse for a read.
    /// </summary>
    internal T Interpret<T>(Func<ApiResponse, T> read)
    {
        try
        {
            return read(this);
        }
        catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.InvalidData && Request.IsWrite && !ex.MayHaveApplied)
        {
            throw Malformed(ex.Message, ex);
        }
        catch (Exception ex) when (IsReadingFailure(ex))
        {
            throw Malformed(ex.Message, ex);
        }
    }

    /// <summary>
    /// The array a list answer holds: the named property of the root object (null there reads as an
    /// empty list, as Go and Java servers write an empty one), or, when <paramref name="allowBare"/>,
    /// a root that is itself an array. Anything else (null, a string, an error object, HTML, an empty
    /// 204) is a malformed answer, never "nothing".
    /// </summary>
    internal JsonElement RequireArray(string property, bool allowBare = false)
    {
        var root = RootElement;
        if (allowBare && root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryProp(property, out var value))
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                return value;
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                return EmptyArray;
            }
        }

        throw Malformed(string.Format(CultureInfo.InvariantCulture, "expected {0}{{\"{1}\":[...]}}, found {2}", allowBare ? "[...] or " : string.Empty, property, Describe(root)));
    }

    /// <summary>The items of a list answer (see <see cref="RequireArray"/>), each of which must be an object.</summary>
    internal List<JsonElement> RequireObjects(string property, bool allowBare = false)
    {
        var array = RequireArray(property, allowBare);
        var items = new List<JsonElement>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(string.Format(CultureInfo.InvariantCulture, "an item of \"{0}\" is {1}, not an object", property, Describe(item)));
            }

            items.Add(item);
        }

        return items;
    }

    /// <summary>The object under the named property of the root object; anything else is a malformed answer.</summary>
    internal JsonElement RequireObject(string property)
    {
        var root = RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryProp(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        throw Malformed(string.Format(CultureInfo.InvariantCulture, "expected {{\"{0}\":{{...}}}}, found {1}", property, Describe(root)));
    }

    /// <summary>The root object, which must hold at least one of the named properties.</summary>
    internal JsonElement RequireRootObject(params string[] anyOf)
    {
        var root = RootElement;
        if (root.ValueKind == JsonValueKind.Object && (anyOf.Length == 0 || anyOf.Any(p => root.TryProp(p, out var v) && v.ValueKind != JsonValueKind.Null)))
        {
            return root;
        }

        throw Malformed(string.Format(CultureInfo.InvariantCulture, "expected an object with {0}, found {1}", anyOf.Length == 0 ? "properties" : string.Join(" or ", anyOf.Select(p => "\"" + p + "\"")), Describe(root)));
    }

    /// <summary>
    /// This answer's body is not what the API documents. For a read that is MalformedResponse; for a
    /// write the server may have applied it, so it is MayHaveApplied, with what to check and no advice
    /// to retry.
    /// </summary>
    internal OnCallException Malformed(string detail, Exception? inner = null)
    {
        var text = Redact(string.Format(
            CultureInfo.InvariantCulture,
            "{0} answered {1} ({2}) with a body this module cannot read: {3} ({4} bytes).",
            Provider,
            Request,
            StatusCode,
            detail.TrimEnd('.'),
            _body.Length));
        if (Request.IsWrite)
        {
            return new OnCallException(OnCallErrorKind.InvalidData, "MayHaveApplied", text + " " + Request.MayHaveAppliedAdvice, Provider, Request.Path, inner)
            {
                StatusCode = StatusCode,
                Request = Request.ToString(),
                MayHaveApplied = true,
                RecommendedAction = Request.MayHaveAppliedAdvice,
            };
        }

        return new OnCallException(OnCallErrorKind.InvalidData, "MalformedResponse", text, Provider, Request.Path, inner)
        {
            StatusCode = StatusCode,
            Request = Request.ToString(),
        };
    }

    /// <summary>The same answer, taken as done (see <see cref="AlreadyDone"/>).</summary>
    internal ApiResponse AsAlreadyDone() =>
        new(Request, StatusCode, Array.Empty<byte>(), _readHeaders, Elapsed, Attempts, Provider) { AlreadyDone = true, Redact = Redact };

    // What a reader throws when a value is not what it expected; a bug of ours would be something else
    // (a NullReferenceException), and is left to surface as one.
    internal static bool IsReadingFailure(Exception ex) =>
        ex is JsonException or FormatException or OverflowException or InvalidCastException or ArgumentException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException;

    // Enough to recognise the shape without echoing a body that might hold anything.
    private static string Describe(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Object => root.EnumerateObject().Any()
            ? "an object with " + string.Join(", ", root.EnumerateObject().Take(5).Select(p => "\"" + Shorten(p.Name) + "\""))
            : "an empty object (or no body)",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    private static bool IsWhiteSpace(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string name) => name.Length > 40 ? name.Substring(0, 40) + "..." : name;

    private static JsonElement ParseConstant(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
