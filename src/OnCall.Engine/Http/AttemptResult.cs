using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using RestSharp;

namespace OnCall.Engine.Http;

/// <summary>
/// What one attempt of a call brought back, read for the pipeline: the status, body and headers, a
/// failure in transit, the wait the server asked for, and the vendor's own words in an error body.
/// </summary>
internal sealed class AttemptResult
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public int StatusCode { get; private set; }

    public string Content { get; private set; } = string.Empty;

    public string? TransportFailure { get; private set; }

    public bool TimedOut { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public static AttemptResult Failed(string failure, TimeSpan elapsed) => new() { Elapsed = elapsed, TransportFailure = failure };

    public static AttemptResult From(RestResponse response, TimeSpan elapsed, Func<string, string> redact)
    {
        var result = new AttemptResult { Elapsed = elapsed, StatusCode = (int)response.StatusCode, Content = response.Content ?? string.Empty };
        foreach (var header in (response.Headers ?? Array.Empty<HeaderParameter>()).Concat(response.ContentHeaders ?? Array.Empty<HeaderParameter>()))
        {
            if (header.Name is not null)
            {
                result._headers[header.Name] = header.Value?.ToString() ?? string.Empty;
            }
        }

        if (response.ResponseStatus == ResponseStatus.TimedOut)
        {
            result.TimedOut = true;
            result.TransportFailure = "timed out";
        }
        else if (response.ResponseStatus != ResponseStatus.Completed || result.StatusCode == 0)
        {
            // A body cut short arrives as an error after the status line: the call failed in transit.
            result.TransportFailure = redact(response.ErrorException?.GetBaseException().Message ?? response.ErrorMessage ?? "the connection failed");
        }

        return result;
    }

    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

    public string Describe() => TransportFailure is not null
        ? (TimedOut ? "timed out" : "connection failed (" + TransportFailure + ")")
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
        if (string.IsNullOrWhiteSpace(Content))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(Content);
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
        new(request, StatusCode, Content, _headers, elapsed, attempts, provider) { Redact = redact };
}
