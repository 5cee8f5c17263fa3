using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OnCall.Engine.Http;

/// <summary>
/// What one attempt of a call brought back, read for the pipeline: the status, body and headers, a
/// failure in transit, the wait the server asked for, and the vendor's own words in an error body.
/// The body is the UTF-8 bytes as read from the stream (secrets already masked); the text is made
/// only when something asks for it.
/// </summary>
internal sealed class AttemptResult
{
    private HttpResponseHeaders? _headers;
    private HttpContentHeaders? _contentHeaders;
    private string? _content;

    public int StatusCode { get; private set; }

    /// <summary>The body as it came, UTF-8; empty when there was none or it was not read.</summary>
    public byte[] Body { get; private set; } = Array.Empty<byte>();

    public string Content => _content ??= Body.Length == 0 ? string.Empty : Encoding.UTF8.GetString(Body);

    /// <summary><see cref="Content"/>, for those that read it only when they must.</summary>
    public string ReadContent() => Content;

    public string? TransportFailure { get; private set; }

    public bool TimedOut { get; private set; }

    /// <summary>The body was longer than the connection reads (<see cref="ApiClientOptions.MaxAnswerBytes"/>): the limit, when it was.</summary>
    public long? TooLargeOver { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public static AttemptResult Failed(string failure, TimeSpan elapsed) => new() { Elapsed = elapsed, TransportFailure = failure };

    public static AttemptResult TimedOutAfter(TimeSpan elapsed) => new() { Elapsed = elapsed, TransportFailure = "timed out", TimedOut = true };

    public static AttemptResult Answered(HttpResponseMessage response, byte[] body, long? tooLargeOver, TimeSpan elapsed) => new()
    {
        Elapsed = elapsed,
        StatusCode = (int)response.StatusCode,
        Body = body,
        TooLargeOver = tooLargeOver,
        _headers = response.Headers,
        _contentHeaders = response.Content?.Headers,
    };

    /// <summary>A header of the answer (response or content header), its values joined; null when absent.</summary>
    public string? Header(string name)
    {
        if (_headers is not null && _headers.TryGetValues(name, out var values))
        {
            return string.Join(", ", values);
        }

        return _contentHeaders is not null && _contentHeaders.TryGetValues(name, out var content) ? string.Join(", ", content) : null;
    }

    /// <summary>Every header of the answer, names case-insensitive: built only when someone asks.</summary>
    public IReadOnlyDictionary<string, string> AllHeaders()
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in (_headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()).Concat(_contentHeaders ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            all[header.Key] = string.Join(", ", header.Value);
        }

        return all;
    }

    public string Describe() => TransportFailure is not null
        ? (TimedOut ? "timed out" : "connection failed (" + TransportFailure + ")")
        : TooLargeOver is { } limit
            ? StatusCode.ToString(CultureInfo.InvariantCulture) + ", answer longer than " + ApiClient.DescribeSize(limit) + ", not read"
            : StatusCode.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Retry-After (seconds or HTTP date), else on a 429 X-RateLimit-Reset, else none. Values no
    /// server means (NaN, Infinity, negative) are none; absurd ones are capped, never an exception.
    /// </summary>
    public TimeSpan? AdvisedDelay(DateTimeOffset now) =>
        ServerDelay.FromRetryAfter(Header("Retry-After"), now)
        ?? (StatusCode == 429 ? ServerDelay.FromReset(Header("X-RateLimit-Reset"), now) : null);

    /// <summary>The vendor's own words: Datadog {"errors":[...]}, VictorOps message/error, or the text.</summary>
    public string VendorMessage()
    {
        if (Body.Length == 0 || string.IsNullOrWhiteSpace(Content))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(Body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                {
                    return string.Join("; ", errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString()));
                }

                foreach (var name in new[] { "message", "error", "errorMessage", "detail", "description" })
                {
                    if (root.TryGetProperty(name, out var value))
                    {
                        return value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.ToString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the text.
        }

        var text = Content.Trim();
        return text.Length > 300 ? text.Substring(0, 300) + "..." : text;
    }

    public ApiResponse ToResponse(ApiRequest request, int attempts, OnCallProvider provider, TimeSpan elapsed, Func<string, string> redact) =>
        new(request, StatusCode, Body, AllHeaders, elapsed, attempts, provider) { Redact = redact };
}
