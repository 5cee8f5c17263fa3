using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
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
        var id = server.NextRequestId();
        context.Items[WriteLedger.RequestIdItem] = id;
        server.NoteArrival(new ArrivedRequest(id, context.Request.Method, path, timestamp));
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
            Id = context.Items.TryGetValue(WriteLedger.RequestIdItem, out var id) && id is long n ? n : 0,
            RawTarget = Http.RawTarget(context),
            Fault = context.Items.TryGetValue(FaultItem, out var fault) ? fault as string : null,
            Aborted = aborted,
        };
    }

    public async Task Faults(HttpContext context, RequestDelegate next)
    {
        var (delay, fault, kind) = server.Faults.Pick(context.Request.Method, context.Request.Path.Value ?? "/");
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

        context.Items[FaultItem] = kind == FaultKind.Hostile ? kind + ":" + fault.Answer : kind.ToString();
        var vendor = Http.VendorOf(context.Request.Path);
        switch (kind)
        {
            case FaultKind.DropConnection:
                Abort(context);
                return;
            case FaultKind.ServerError:
                await ServerError(context, fault, vendor);
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
                await CorruptBody(context, next, kind);
                return;
            case FaultKind.DropAfterApply:
                await Apply(context, next);
                Abort(context);
                return;
            case FaultKind.TruncateAfterApply:
                {
                    var answer = await Apply(context, next);

                    // Promise the whole answer (at least a little, when it was empty), send half, and hang up.
                    context.Response.ContentLength = Math.Max(answer.Length, 2);
                    await context.Response.Body.WriteAsync(answer.AsMemory(0, answer.Length / 2), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    context.Abort();
                    return;
                }

            case FaultKind.ServerErrorAfterApply:
                await Apply(context, next);
                context.Response.Clear();
                await ServerError(context, fault, vendor);
                return;
            case FaultKind.Hostile:
                await Hostile(context, next, fault, vendor);
                return;
            default:
                await next(context);
                return;
        }
    }

    public async Task Authenticate(HttpContext context, RequestDelegate next)
    {
        var accepted = server.Options.Credentials;
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

                    var readOnly = key == accepted.VictorOpsReadOnlyApiKey;
                    if (id != accepted.VictorOpsApiId || (key != accepted.VictorOpsApiKey && !readOnly))
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
                if (headers["DD-API-KEY"].ToString() != accepted.DatadogApiKey
                    || headers["DD-APPLICATION-KEY"].ToString() != accepted.DatadogApplicationKey)
                {
                    await Write(context, StatusCodes.Status403Forbidden, new JsonObject { ["errors"] = new JsonArray("Forbidden") });
                    return;
                }

                break;
            case Vendor.ZStack:
                if (headers.Authorization.ToString() != "Bearer " + accepted.ZStackToken)
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
        var bytes = await Apply(context, next);
        byte[] answer = kind == FaultKind.TruncatedBody
            ? bytes.AsSpan(0, bytes.Length / 2).ToArray()
            : Encoding.UTF8.GetBytes("{\"data\": [ <html>502 Bad Gateway</html>");
        await WriteBytes(context, answer);
    }

    /// <summary>
    /// Runs the rest of the pipeline (authentication, limits, the endpoint: the request is applied) with the answer
    /// caught in memory instead of sent, and returns the caught body. Status and headers stay set on the response,
    /// which has not started.
    /// </summary>
    private static async Task<byte[]> Apply(HttpContext context, RequestDelegate next)
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

        return buffer.ToArray();
    }

    /// <summary>Aborts the connection without an answer, recording the request first: the client sees the reset at once and may look at Requests straight away.</summary>
    private static void Abort(HttpContext context)
    {
        context.Items[AbortedItem] = true;
        (context.Items[RecordItem] as Action)?.Invoke();
        context.Abort();
    }

    private static async Task ServerError(HttpContext context, FaultRule fault, Vendor vendor)
    {
        if (fault.RetryAfterOnServerError)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        await Write(context, fault.StatusCode, ErrorBody(vendor, fault.StatusCode == 503 ? "Service Unavailable" : "Internal Server Error"));
    }

    private async Task Hostile(HttpContext context, RequestDelegate next, FaultRule fault, Vendor vendor)
    {
        switch (fault.Answer)
        {
            case HostileAnswer.Html:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/html; charset=utf-8";
                await WriteBytes(context, Encoding.UTF8.GetBytes(LoginPage));
                return;
            case HostileAnswer.TruncatedJson:
                await CorruptBody(context, next, FaultKind.TruncatedBody);
                return;
            case HostileAnswer.WrongTypes:
                {
                    var real = await Apply(context, next);
                    JsonNode? parsed;
                    try
                    {
                        parsed = JsonNode.Parse(real);
                    }
                    catch (JsonException)
                    {
                        parsed = null;
                    }

                    context.Response.StatusCode = StatusCodes.Status200OK;
                    await WriteBytes(context, Encoding.UTF8.GetBytes(WrongTypes(parsed).ToJsonString()));
                    return;
                }

            case HostileAnswer.JsonNull:
                context.Response.StatusCode = StatusCodes.Status200OK;
                await WriteBytes(context, "null"u8.ToArray());
                return;
            case HostileAnswer.BareString:
                context.Response.StatusCode = StatusCodes.Status200OK;
                await WriteBytes(context, "\"OK\""u8.ToArray());
                return;
            case HostileAnswer.ErrorBodyWith200:
                await Write(context, StatusCodes.Status200OK, ErrorBody(vendor, "Internal error: the request could not be completed"));
                return;
            case HostileAnswer.NoContent:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case HostileAnswer.HugeBody:
                await StreamHugeBody(context, fault.BodyBytes);
                return;
            case HostileAnswer.EchoAuth:
                await EchoAuth(context, fault, vendor);
                return;
            default:
                await HostileHeaders(context, next, fault, vendor);
                return;
        }
    }

    /// <summary>Hostile rate-limit or retry headers: on a 2xx around the real answer, otherwise on the vendor's error body.</summary>
    private async Task HostileHeaders(HttpContext context, RequestDelegate next, FaultRule fault, Vendor vendor)
    {
        byte[]? real = null;
        var success = fault.StatusCode is >= 200 and < 300;
        if (success)
        {
            real = await Apply(context, next);
        }

        var h = context.Response.Headers;
        switch (fault.Answer)
        {
            case HostileAnswer.RetryAfterNaN:
                h.RetryAfter = "NaN";
                break;
            case HostileAnswer.RetryAfterHuge:
                h.RetryAfter = "1e12";
                break;
            case HostileAnswer.RetryAfterInfinity:
                h.RetryAfter = "Infinity";
                break;
            default:
                h["X-RateLimit-Limit"] = "100";
                h["X-RateLimit-Period"] = "60";
                h["X-RateLimit-Remaining"] = "0";
                h["X-RateLimit-Name"] = "hostile";
                h["X-RateLimit-Reset"] = fault.Answer == HostileAnswer.RateLimitResetHuge
                    ? "1e300"
                    : (server.Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() + 3600).ToString(CultureInfo.InvariantCulture);
                break;
        }

        if (real is not null)
        {
            await WriteBytes(context, real);
            return;
        }

        if (fault.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            server.RateLimits.CountTooManyRequests();
        }

        await Write(context, fault.StatusCode, ErrorBody(vendor, fault.StatusCode == 429 ? "Too Many Requests" : "Service Unavailable"));
    }

    /// <summary>The request's credentials, unmasked, back in the body and in a header.</summary>
    private static async Task EchoAuth(HttpContext context, FaultRule fault, Vendor vendor)
    {
        var sent = context.Request.Headers
            .Where(header => SecretHeaders.Contains(header.Key))
            .Select(header => header.Key + "=" + header.Value.ToString());
        var text = "Credentials not accepted: " + string.Join("; ", sent);
        context.Response.Headers["X-Echoed-Credentials"] = new string(text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
        if (fault.StatusCode is 429 or >= 500)
        {
            context.Response.Headers.RetryAfter = "0";
        }

        await Write(context, fault.StatusCode, ErrorBody(vendor, text));
    }

    /// <summary>A JSON object of <paramref name="size"/> bytes, written in chunks from one buffer: the emulator never holds it.</summary>
    private static async Task StreamHugeBody(HttpContext context, long size)
    {
        var head = "{\"padding\":\""u8.ToArray();
        var tail = "\",\"end\":true}"u8.ToArray();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var body = context.Response.Body;
        try
        {
            await body.WriteAsync(head, context.RequestAborted);
            for (var left = size - head.Length - tail.Length; left > 0; left -= Filler.Length)
            {
                await body.WriteAsync(Filler.AsMemory(0, (int)Math.Min(left, Filler.Length)), context.RequestAborted);
            }

            await body.WriteAsync(tail, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client stopped reading, as a careful one should: nothing more to send.
        }
        catch (IOException)
        {
            // The same, seen as a reset connection.
        }
    }

    /// <summary>
    /// The answer with every value of another JSON type. Objects stay objects so a reader walks into them and finds
    /// nothing where it looks; everything else changes kind.
    /// </summary>
    internal static JsonNode WrongTypes(JsonNode? node) => node switch
    {
        JsonObject o => WrongObject(o),
        _ => new JsonObject { ["unexpected"] = "object" },
    };

    private static JsonObject WrongObject(JsonObject source)
    {
        var result = new JsonObject();
        foreach (var (name, value) in source.ToList())
        {
            result[name] = value switch
            {
                null => null,
                JsonObject inner => WrongObject(inner),
                JsonArray => JsonValue.Create("not a list"),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => new JsonObject { ["unexpected"] = "object" },
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create("not a number"),
                _ => JsonValue.Create("not a boolean"),
            };
        }

        return result;
    }

    private static async Task WriteBytes(HttpContext context, byte[] answer)
    {
        context.Response.ContentLength = answer.Length;
        if (string.IsNullOrEmpty(context.Response.ContentType))
        {
            context.Response.ContentType = "application/json";
        }

        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    private const string LoginPage =
        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body><form method=\"post\" action=\"/login\">"
        + "<input name=\"user\"><input name=\"password\" type=\"password\"><button>Sign in</button></form></body></html>\n";

    private static readonly byte[] Filler = CreateFiller();

    private static byte[] CreateFiller()
    {
        var filler = new byte[64 * 1024];
        Array.Fill(filler, (byte)'x');
        return filler;
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
