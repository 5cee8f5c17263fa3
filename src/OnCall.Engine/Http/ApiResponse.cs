using System;
using System.Collections.Generic;
using System.Text.Json;
using OnCall.Engine.Json;

namespace OnCall.Engine.Http;

/// <summary>A vendor's answer, read whole.</summary>
public sealed class ApiResponse
{
    public ApiResponse(ApiRequest request, int statusCode, string content, IReadOnlyDictionary<string, string> headers, TimeSpan elapsed, int attempts, OnCallProvider provider)
    {
        Request = request;
        StatusCode = statusCode;
        Content = content;
        Headers = headers;
        Elapsed = elapsed;
        Attempts = attempts;
        Provider = provider;
    }

    public ApiRequest Request { get; }

    public int StatusCode { get; }

    public string Content { get; }

    /// <summary>Response headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public TimeSpan Elapsed { get; }

    public int Attempts { get; }

    public OnCallProvider Provider { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Parses the body; an empty body reads as an empty object.</summary>
    public JsonDocument ParseDocument()
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(Content) ? "{}" : Content);
        }
        catch (JsonException ex)
        {
            throw MalformedBody(ex);
        }
    }

    /// <summary>The body as plain dictionaries, arrays and scalars (null for an empty body).</summary>
    public object? ReadPlain()
    {
        if (string.IsNullOrWhiteSpace(Content))
        {
            return null;
        }

        using var document = ParseDocument();
        return RawJson.ToPlain(document.RootElement);
    }

    /// <summary>Binds the body to T with the shared tolerant options.</summary>
    public T Read<T>()
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(Content) ? "{}" : Content, JsonDefaults.Options);
            return value ?? throw MalformedBody(null);
        }
        catch (JsonException ex)
        {
            throw MalformedBody(ex);
        }
    }

    private OnCallException MalformedBody(Exception? inner) =>
        new(OnCallErrorKind.InvalidData, "MalformedResponse",
            $"{Provider} answered {Request} with a body this module cannot read ({Content.Length} characters{(inner is null ? string.Empty : ": " + inner.Message)}).",
            Provider, Request.Path, inner)
        {
            StatusCode = StatusCode,
            Request = Request.ToString(),
            RecommendedAction = "Retry the command; if it persists, run it with -Debug and report the answer.",
        };
}
