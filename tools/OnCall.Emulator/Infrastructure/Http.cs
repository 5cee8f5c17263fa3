using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace OnCall.Emulator.Infrastructure;

internal enum Vendor
{
    None,
    VictorOps,
    Datadog,
    ZStack,
}

/// <summary>Small helpers every vendor's endpoints share: vendor detection, raw path parameters, JSON answers.</summary>
internal static class Http
{
    internal const string BodyItem = "emulator.body";

    internal static Vendor VendorOf(PathString path)
    {
        if (path.StartsWithSegments("/api-public", StringComparison.Ordinal) || path.StartsWithSegments("/api-reporting", StringComparison.Ordinal))
        {
            return Vendor.VictorOps;
        }

        if (path.StartsWithSegments("/api/v2", StringComparison.Ordinal))
        {
            return Vendor.Datadog;
        }

        return path.StartsWithSegments("/api/v1", StringComparison.Ordinal) ? Vendor.ZStack : Vendor.None;
    }

    /// <summary>
    /// A route parameter taken from the raw request target and percent-decoded exactly once. Route values from the
    /// router keep %2F encoded but have other escapes already decoded, so neither they nor a second decode would be
    /// exact; the raw target is the only faithful source.
    /// </summary>
    internal static string Param(this HttpContext context, string name) =>
        Uri.UnescapeDataString(RawParam(context, name));

    internal static string RawParam(this HttpContext context, string name)
    {
        var raw = RawPath(context).Split('/');
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            var segments = endpoint.RoutePattern.PathSegments;
            for (var i = 0; i < segments.Count; i++)
            {
                if (segments[i].Parts.OfType<Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart>().Any(p => p.Name == name)
                    && i + 1 < raw.Length)
                {
                    return raw[i + 1];
                }
            }
        }

        return context.Request.RouteValues.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
    }

    internal static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return context.Request.Path.Value ?? "/";
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    internal static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";

    internal static string Body(this HttpContext context) =>
        context.Items.TryGetValue(BodyItem, out var body) && body is string text ? text : string.Empty;

    /// <summary>The request body as JSON, or null when it is empty or not JSON.</summary>
    internal static JsonNode? JsonBody(this HttpContext context)
    {
        var text = context.Body();
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Query(this HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        return values.Count == 0 ? null : values[0];
    }

    internal static IResult Json(JsonNode? node, int status = StatusCodes.Status200OK, string contentType = "application/json") =>
        Results.Text(node?.ToJsonString() ?? "null", contentType, System.Text.Encoding.UTF8, status);

    internal static IResult VoError(int status, string message) => Json(new JsonObject { ["message"] = message }, status);

    internal static IResult DdError(int status, string message) =>
        Json(new JsonObject { ["errors"] = new JsonArray(message) }, status);

    // GUESS: ZStack documents no error body (zstack.md 0); {"error":{"code","message"}} is the emulator's own.
    internal static IResult ZsError(int status, string code, string message) =>
        Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, status);

    internal static JsonArray ToJsonArray(this IEnumerable<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }

    internal static JsonArray Strings(IEnumerable<string> items) => items.Select(s => (JsonNode?)JsonValue.Create(s)).ToJsonArray();

    internal static string Iso(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string IsoLocal(DateTimeOffset value, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(value, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    internal static string IsoMillis(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static bool TryParseTime(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    internal static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A JSON number (or numeric string) as an int; null when absent or not an integer, so a sloppy body gets a 400, not a 500.</summary>
    internal static int? AsInt(this JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        return value.TryGetValue<string>(out var s) ? Int(s) : null;
    }

    internal static bool? AsBool(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    internal static string? Str(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
