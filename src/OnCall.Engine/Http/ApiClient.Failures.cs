using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace OnCall.Engine.Http;

// Failure mapping and redaction: how an answer that is not a success, or no answer at all, becomes one
// OnCallException a person can act on, with no secret (nor a recognisable piece of one) in it.
public sealed partial class ApiClient
{
    private OnCallException Failure(ApiRequest request, AttemptResult result, CallState state)
    {
        var failure = Describe(request, result, state);
        if (failure.MayHaveApplied || !request.IsWrite || !state.EarlierAttemptMayHaveApplied)
        {
            return failure;
        }

        // The last answer was a refusal (throttled, 401, 403), but an earlier attempt's answer was lost:
        // that one may have done it.
        return new OnCallException(failure.Kind, "MayHaveApplied", failure.Message + " An earlier attempt got no answer. " + request.MayHaveAppliedAdvice, failure.Provider, request.Path)
        {
            StatusCode = failure.StatusCode,
            Request = failure.Request,
            MayHaveApplied = true,
            RecommendedAction = request.MayHaveAppliedAdvice,
        };
    }

    private OnCallException Describe(ApiRequest request, AttemptResult result, CallState state)
    {
        var provider = Profile.Provider;
        var call = request.ToString();
        var attempts = state.Attempts;
        var vendorMessage = Redact(result.VendorMessage());

        // Nothing says whether a write that was not answered, or answered 5xx, took effect: one that is not
        // safe to repeat was sent once, and an idempotent one (PUT, DELETE) may have been done by any of
        // its attempts before every answer was lost. The failure says so with what to check, never "retry".
        var lostThisTime = result.TransportFailure is not null || result.StatusCode >= 500 || result.StatusCode == 408;
        var mayHaveApplied = request.IsWrite && (lostThisTime || state.EarlierAttemptMayHaveApplied);

        if (result.TransportFailure is not null)
        {
            var timedOut = result.TimedOut;
            var message = timedOut
                ? $"{provider} did not answer {call} within {(request.Timeout ?? _options.Timeout).TotalSeconds:0.#} s ({attempts} attempt(s))."
                : $"Could not reach {provider} at {(request.BaseUriOverride ?? BaseUri).Host} for {call}: {result.TransportFailure} ({attempts} attempt(s)).";
            return new OnCallException(timedOut ? OnCallErrorKind.Timeout : OnCallErrorKind.Connection, mayHaveApplied ? "MayHaveApplied" : timedOut ? "Timeout" : "ConnectionFailed", mayHaveApplied ? message + " " + request.MayHaveAppliedAdvice : message, provider, request.Path)
            {
                Request = call,
                MayHaveApplied = mayHaveApplied,
                RecommendedAction = mayHaveApplied ? request.MayHaveAppliedAdvice : null,
            };
        }

        var status = result.StatusCode;
        var detail = string.IsNullOrEmpty(vendorMessage) ? string.Empty : ": " + vendorMessage;
        if (Profile.IsThrottled(status, result.ReadContent))
        {
            if (state.AdvisedTooLong is { } advised)
            {
                return ThrottledTooLong(request, advised, attempts, answered: true, status);
            }

            return new OnCallException(OnCallErrorKind.Throttled, "Throttled", $"{provider} kept refusing {call} as too many requests ({status}) after {attempts} attempts{detail}.", provider, request.Path)
            {
                StatusCode = status,
                Request = call,
                RecommendedAction = "Wait a minute and try again, or spread the work out.",
            };
        }

        if (status is 401 or 403)
        {
            return new OnCallException(
                Profile.RefusalKind(status),
                status == 401 ? "Unauthorized" : "Forbidden",
                $"{provider} refused the credentials for {call} ({status}{detail}). {Profile.AuthHint}{Profile.RefusalDetail(status, request)}",
                provider,
                request.Path)
            {
                StatusCode = status,
                Request = call,
                RecommendedAction = Profile.AuthHint,
            };
        }

        (OnCallErrorKind kind, string reason, string? action) = status switch
        {
            404 => (OnCallErrorKind.NotFound, "NotFound", (string?)null),
            409 => (OnCallErrorKind.Conflict, "Conflict", null),
            400 or 422 => (OnCallErrorKind.InvalidArgument, "BadRequest", null),
            >= 500 => (OnCallErrorKind.ServerError, "ServerError", "The vendor had a problem; try again later."),
            _ => (OnCallErrorKind.InvalidOperation, "HttpError", null),
        };

        var text = $"{provider} answered {call} with {status} {StatusText(status)}{detail}.";
        if (state.AdvisedTooLong is { } wait)
        {
            text += $" It asked to wait {ServerDelay.Describe(wait)} before another try, longer than this connection waits.";
        }

        if (mayHaveApplied)
        {
            reason = "MayHaveApplied";
            text += " " + request.MayHaveAppliedAdvice;
            action = request.MayHaveAppliedAdvice;
        }

        return new OnCallException(kind, reason, text, provider, request.Path)
        {
            StatusCode = status,
            Request = call,
            RecommendedAction = action,
            MayHaveApplied = mayHaveApplied,
        };
    }

    /// <summary>Throttled, with the wait the server asked for: more than the connection waits (ApiClientOptions.MaxServerWait).</summary>
    private OnCallException ThrottledTooLong(ApiRequest request, TimeSpan advised, int attempts, bool answered, int? status = null)
    {
        var provider = Profile.Provider;
        var until = advised >= ServerDelay.Longest ? null : (DateTimeOffset?)_time.GetUtcNow().Add(advised);
        var when = until is { } time ? string.Format(CultureInfo.InvariantCulture, " (until {0:yyyy-MM-dd HH:mm:ss}Z)", time.UtcDateTime) : string.Empty;
        var message = answered
            ? $"{provider} refused {request} as too many requests ({status}) and asked to wait {ServerDelay.Describe(advised)}{when}, longer than the {_options.MaxServerWait.TotalSeconds:0} s this connection waits; it was not sent again ({attempts} attempt(s))."
            : $"{provider} said its rate limit for {request} resets in {ServerDelay.Describe(advised)}{when}, longer than the {_options.MaxServerWait.TotalSeconds:0} s this connection waits; nothing was sent.";
        return new OnCallException(OnCallErrorKind.Throttled, "Throttled", message, provider, request.Path)
        {
            StatusCode = status,
            Request = request.ToString(),
            RecommendedAction = until is { } t
                ? string.Format(CultureInfo.InvariantCulture, "Try again after {0:HH:mm:ss}Z, or spread the work out.", t.UtcDateTime)
                : "The server asked for a wait no runbook can make; check the gateway or proxy in front of the vendor.",
        };
    }

    /// <summary>
    /// An answer longer than the connection reads: a body this module cannot read, so MalformedResponse
    /// for a read (as README's Errors table says); for a write the server did answer, so it may have
    /// applied it: MayHaveApplied, with what to check.
    /// </summary>
    private OnCallException TooLarge(ApiRequest request, AttemptResult result)
    {
        var provider = Profile.Provider;
        var text = $"{provider} answered {request} ({result.StatusCode}) with a body longer than the {DescribeSize(result.TooLargeOver ?? 0)} this module reads; it was not read on.";
        if (request.IsWrite)
        {
            return new OnCallException(OnCallErrorKind.InvalidData, "MayHaveApplied", text + " " + request.MayHaveAppliedAdvice, provider, request.Path)
            {
                StatusCode = result.StatusCode,
                Request = request.ToString(),
                MayHaveApplied = true,
                RecommendedAction = request.MayHaveAppliedAdvice,
            };
        }

        return new OnCallException(OnCallErrorKind.InvalidData, "MalformedResponse", text, provider, request.Path)
        {
            StatusCode = result.StatusCode,
            Request = request.ToString(),
            RecommendedAction = "Ask for less (a shorter window, a filter, a smaller page), or check the proxy or gateway in front of the vendor.",
        };
    }

    // A vendor could echo a header back in an error body, and a transport error could quote a header
    // or a proxy's password: never let a secret, or a recognisable piece of one, reach a message.
    internal string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in SecretFragments())
        {
            text = text.Replace(secret, "****");
        }

        return text;
    }

    /// <summary>
    /// An answer's body with the connection's secrets masked, before anything reads it: a server (or
    /// proxy) that echoes the request's keys back, even with a 200, must not put them in an object,
    /// its Raw, Invoke-OnCallApi's output, a verbose line or an error. The common case (no secret in
    /// it) is a byte search and returns the same array.
    /// </summary>
    internal byte[] RedactBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return body;
        }

        var fragments = SecretFragmentBytes();
        var found = false;
        foreach (var fragment in fragments)
        {
            if (body.AsSpan().IndexOf(fragment) >= 0)
            {
                found = true;
                break;
            }
        }

        return found ? Encoding.UTF8.GetBytes(Redact(Encoding.UTF8.GetString(body))) : body;
    }

    private byte[][]? _secretFragmentBytes;

    // The fragments as UTF-8, made once per client: the secrets of a connection do not change while it lives.
    private byte[][] SecretFragmentBytes() =>
        _secretFragmentBytes ??= SecretFragments().Select(Encoding.UTF8.GetBytes).ToArray();

    // The whole secrets, and their pieces between blanks and control characters (a message may quote a
    // key cut at its line break), longest first so a piece never leaves the rest of a longer one.
    private List<string> SecretFragments()
    {
        var secrets = Profile.AuthHeaders()
            .Select(h => h.Value.StartsWith("Bearer ", StringComparison.Ordinal) ? h.Value.Substring(7) : h.Value)
            .ToList();
        if ((_options.Proxy as WebProxy)?.Credentials is NetworkCredential { Password.Length: > 0 } proxy)
        {
            secrets.Add(proxy.Password);
        }

        return secrets
            .SelectMany(s => new[] { s, s.Trim() }.Concat(s.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries)).Concat(s.Split(ControlCharacters, StringSplitOptions.RemoveEmptyEntries)))
            .Where(s => s.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToList();
    }

    private static readonly char[] ControlCharacters = Enumerable.Range(0, 32).Select(i => (char)i).Append((char)127).ToArray();

    private static string StatusText(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : string.Empty;
}
