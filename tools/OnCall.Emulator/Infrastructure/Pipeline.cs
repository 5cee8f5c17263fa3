using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OnCall.Emulator.Infrastructure;

/// <summary>
/// The emulator's middleware, outermost first: record, route on the exact path, inject faults, authenticate, then
/// (after routing) rate-limit.
/// Faults come before authentication because a flaky network or proxy misbehaves whatever the credentials.
/// </summary>
internal sealed class Pipeline(EmulatorServer server)
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-VO-Api-Key", "X-VO-Api-Id", "DD-API-KEY", "DD-APPLICATION-KEY", "Authorization",
    };

    private const string FaultItem = "emulator.fault";
    private const string AbortedItem = "emulator.aborted";
    private const string RecordItem = "emulator.record";

    public async Task Record(HttpContext context, RequestDelegate next)
    {
        var timestamp = server.Options.TimeProvider.GetUtcNow();
        var path = context.Request.Path.Value ?? "/";
        context.Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, false, 4096, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        context.Request.Body.Position = 0;
        context.Items[Http.BodyItem] = body;

        // Recorded as the answer starts, not after the pipeline returns: a client that has its answer must find
        // the request in Requests already. Aborted and failed requests are recorded in the finally block.
        var recorded = 0;
        void RecordOnce()
        {
            if (Interlocked.Exchange(ref recorded, 1) == 0)
            {
                server.Record(Snapshot(context, path, body, timestamp));
            }
        }

        context.Items[RecordItem] = (Action)RecordOnce;
        context.Response.OnStarting(() =>
        {
            RecordOnce();
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        catch (Exception error) when (error is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in an endpoint should look like a vendor's 500, and be recorded as one, not vanish into Kestrel.
            await Write(context, StatusCodes.Status500InternalServerError, ErrorBody(Http.VendorOf(context.Request.Path), "Internal Server Error: " + error.Message));
        }
        finally
        {
            RecordOnce();
        }
    }

    private static RecordedRequest Snapshot(HttpContext context, string path, string body, DateTimeOffset timestamp)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = SecretHeaders.Contains(header.Key) ? "****" : header.Value.ToString();
        }

        var aborted = context.Items.ContainsKey(AbortedItem);
        return new RecordedRequest(
            context.Request.Method,
            path,
            context.Request.QueryString.Value ?? string.Empty,
            body,
            headers,
            aborted ? 0 : context.Response.StatusCode,
            timestamp)
        {
            RawTarget = Http.RawTarget(context),
            Fault = context.Items.TryGetValue(FaultItem, out var fault) ? fault as string : null,
            Aborted = aborted,
        };
    }

    public async Task Faults(HttpContext context, RequestDelegate next)
    {
        var (delay, fault) = server.Faults.Pick(context.Request.Method, context.Request.Path.Value ?? "/");
        if (delay > TimeSpan.Zero)
        {
            context.Items[FaultItem] = nameof(FaultKind.Delay);
            await Task.Delay(delay, context.RequestAborted);
        }

        if (fault is null)
        {
            await next(context);
            return;
        }

        context.Items[FaultItem] = fault.Kind.ToString();
        var vendor = Http.VendorOf(context.Request.Path);
        switch (fault.Kind)
        {
            case FaultKind.DropConnection:
                context.Items[AbortedItem] = true;

                // Record first: the client sees the reset at once and may look at Requests straight away.
                (context.Items[RecordItem] as Action)?.Invoke();
                context.Abort();
                return;
            case FaultKind.ServerError:
                await Write(context, fault.StatusCode, ErrorBody(vendor, fault.StatusCode == 503 ? "Service Unavailable" : "Internal Server Error"));
                return;
            case FaultKind.TooManyRequests:
                server.RateLimits.CountTooManyRequests();
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                if (vendor == Vendor.Datadog)
                {
                    // Datadog clients wait on X-RateLimit-Reset, so an injected 429 carries the whole header set.
                    var h = context.Response.Headers;
                    h["X-RateLimit-Limit"] = server.RateLimits.DatadogLimit.ToString(CultureInfo.InvariantCulture);
                    h["X-RateLimit-Period"] = server.RateLimits.DatadogPeriodSeconds.ToString(CultureInfo.InvariantCulture);
                    h["X-RateLimit-Remaining"] = "0";
                    h["X-RateLimit-Reset"] = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    h["X-RateLimit-Name"] = "injected";
                }

                await Write(context, StatusCodes.Status429TooManyRequests, ErrorBody(vendor, "Too Many Requests"));
                return;
            case FaultKind.ThrottleForbidden:
                server.RateLimits.CountThrottleForbidden();
                await Write(context, StatusCodes.Status403Forbidden, new JsonObject { ["message"] = "Too Many Requests" });
                return;
            case FaultKind.MalformedBody:
            case FaultKind.TruncatedBody:
                await CorruptBody(context, next, fault.Kind);
                return;
            default:
                await next(context);
                return;
        }
    }

    public static async Task Authenticate(HttpContext context, RequestDelegate next)
    {
        var headers = context.Request.Headers;
        switch (Http.VendorOf(context.Request.Path))
        {
            case Vendor.VictorOps:
                {
                    var id = headers["X-VO-Api-Id"].ToString();
                    var key = headers["X-VO-Api-Key"].ToString();
                    if (id.Length == 0 || key.Length == 0)
                    {
                        await Write(context, StatusCodes.Status401Unauthorized, new JsonObject { ["message"] = "Unauthorized" });
                        return;
                    }

                    var readOnly = key == DemoCredentials.VictorOpsReadOnlyApiKey;
                    if (id != DemoCredentials.VictorOpsApiId || (key != DemoCredentials.VictorOpsApiKey && !readOnly))
                    {
                        await Write(context, StatusCodes.Status403Forbidden, new JsonObject { ["message"] = "Forbidden" });
                        return;
                    }

                    if (readOnly && !HttpMethods.IsGet(context.Request.Method))
                    {
                        await Write(context, StatusCodes.Status403Forbidden, new JsonObject { ["message"] = "Forbidden: this API key is read-only" });
                        return;
                    }

                    break;
                }

            case Vendor.Datadog:
                if (headers["DD-API-KEY"].ToString() != DemoCredentials.DatadogApiKey
                    || headers["DD-APPLICATION-KEY"].ToString() != DemoCredentials.DatadogApplicationKey)
                {
                    await Write(context, StatusCodes.Status403Forbidden, new JsonObject { ["errors"] = new JsonArray("Forbidden") });
                    return;
                }

                break;
            case Vendor.ZStack:
                if (headers.Authorization.ToString() != "Bearer " + DemoCredentials.ZStackToken)
                {
                    await Write(context, StatusCodes.Status401Unauthorized, ZsErrorBody("UNAUTHORIZED", "Authentication required"));
                    return;
                }

                break;
            default:
                break;
        }

        await next(context);
    }

    /// <summary>
    /// Routes on the path exactly as sent. Kestrel decodes %2E before removing dot segments, so a team named ".."
    /// sent as %2E%2E would otherwise climb to another endpoint; a real API compares the segment, so this does too.
    /// Literal dot segments are left to Kestrel's normalisation, as any server would treat them.
    /// </summary>
    public static Task ExactPath(HttpContext context, RequestDelegate next)
    {
        var raw = Http.RawPath(context);
        var segments = raw.Split('/');
        if (raw.Contains('%', StringComparison.Ordinal) && !segments.Any(s => s is "." or ".."))
        {
            context.Request.Path = new PathString(raw);
        }

        return next(context);
    }

    public async Task Limit(HttpContext context, RequestDelegate next)
    {
        var limits = server.RateLimits;
        var vendor = Http.VendorOf(context.Request.Path);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "/";
        var key = context.Request.Method + " " + route;
        if (vendor == Vendor.VictorOps)
        {
            if (limits.VictorOpsReporting && context.Request.Path.StartsWithSegments("/api-reporting/v2/incidents", StringComparison.Ordinal)
                && limits.TryReporting() is { } wait)
            {
                await TooMany(context, wait, new JsonObject { ["message"] = "Too Many Requests" });
                return;
            }

            if (limits.VictorOps && !limits.TryVictorOps(key))
            {
                await TooMany(context, 1, new JsonObject { ["message"] = "Too Many Requests" });
                return;
            }
        }
        else if (vendor == Vendor.Datadog && limits.Datadog)
        {
            // Datadog names its limits by API family; the route shape stands in for that here.
            var name = RateLimitName(route);
            var (allowed, limit, period, remaining, reset) = limits.TryDatadog(name);
            var h = context.Response.Headers;
            h["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            h["X-RateLimit-Period"] = period.ToString(CultureInfo.InvariantCulture);
            h["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            h["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
            h["X-RateLimit-Name"] = name;
            if (!allowed)
            {
                await TooMany(context, reset, new JsonObject { ["errors"] = new JsonArray("Too many requests") });
                return;
            }
        }

        await next(context);
    }

    internal static string RateLimitName(string route)
    {
        var builder = new StringBuilder();
        foreach (var part in route.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith('{') || part == "api" || part == "v2")
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(part.Replace('-', '_'));
        }

        return builder.Length == 0 ? "default" : builder.ToString();
    }

    private async Task TooMany(HttpContext context, int retryAfter, JsonObject body)
    {
        server.RateLimits.CountTooManyRequests();
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await Write(context, StatusCodes.Status429TooManyRequests, body);
    }

    private static async Task CorruptBody(HttpContext context, RequestDelegate next, FaultKind kind)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var bytes = buffer.ToArray();
        byte[] answer = kind == FaultKind.TruncatedBody
            ? bytes.AsSpan(0, bytes.Length / 2).ToArray()
            : Encoding.UTF8.GetBytes("{\"data\": [ <html>502 Bad Gateway</html>");
        context.Response.ContentLength = answer.Length;
        if (string.IsNullOrEmpty(context.Response.ContentType))
        {
            context.Response.ContentType = "application/json";
        }

        await original.WriteAsync(answer, context.RequestAborted);
    }

    private static JsonObject ErrorBody(Vendor vendor, string message) => vendor switch
    {
        Vendor.Datadog => new JsonObject { ["errors"] = new JsonArray(message) },
        Vendor.ZStack => ZsErrorBody("INTERNAL_ERROR", message),
        _ => new JsonObject { ["message"] = message },
    };

    private static JsonObject ZsErrorBody(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task Write(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
