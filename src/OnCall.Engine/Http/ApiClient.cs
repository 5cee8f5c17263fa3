using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Json;
using Polly;
using Polly.Retry;
using RestSharp;

namespace OnCall.Engine.Http;

/// <summary>
/// The one HTTP pipeline every vendor goes through: RestSharp for the request, client-side pacing,
/// a Polly retry that honours Retry-After and X-RateLimit-Reset, retries 429 (and a vendor's
/// throttling answer) for any method but 5xx, timeouts and dropped connections only for idempotent
/// calls; one verbose line per attempt; failures as <see cref="OnCallException"/>.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("OnCall.CallState");

    private readonly Dictionary<Uri, RestClient> _clients = new();
    private readonly ApiClientOptions _options;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    public ApiClient(VendorProfile profile, Uri baseUri, ApiClientOptions? options = null)
    {
        Profile = profile;
        BaseUri = baseUri;
        _options = options ?? new ApiClientOptions();
        _pipeline = BuildPipeline(_options);
        Pacer = Pacer.ForAccount(profile.AccountKey(baseUri));
    }

    public VendorProfile Profile { get; }

    public Uri BaseUri { get; }

    /// <summary>The account's pacer, shared with every other connection to the same account in this process.</summary>
    internal Pacer Pacer { get; }

    /// <summary>Sends a request; a failure the vendor or the network reports is thrown as <see cref="OnCallException"/>.</summary>
    public async Task<ApiResponse> SendAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        var state = new CallState(request, sink);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        AttemptResult result;
        try
        {
            result = await _pipeline.ExecuteAsync(static (ctx, self) => self.AttemptAsync(ctx), context, this).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var response = result.ToResponse(request, state.Attempts, Profile.Provider, state.Clock.Elapsed, Redact);
        if (response.IsSuccess || request.AcceptedStatuses.Contains(response.StatusCode))
        {
            return response;
        }

        if (response.StatusCode == 404 && state.EarlierAttemptMayHaveApplied && request.TreatsGoneOnRetryAsDone)
        {
            // The attempt whose answer was lost did it: what was to be removed is gone, as asked.
            sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: 404 on attempt {1}, after an attempt that may have reached the server; it is gone, so the request is done.", request, state.Attempts));
            return response.AsAlreadyDone();
        }

        throw Failure(request, result, state);
    }

    public void Dispose()
    {
        lock (_clients)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }

    /// <summary>Where the request goes, query included: what the verbose line shows.</summary>
    public Uri BuildUri(ApiRequest request)
    {
        var root = (request.BaseUriOverride ?? BaseUri).AbsoluteUri.TrimEnd('/');
        var builder = new StringBuilder(root).Append(request.Path);
        var separator = '?';
        foreach (var pair in request.Query)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
            separator = '&';
        }

        return new Uri(builder.ToString());
    }

    private async ValueTask<AttemptResult> AttemptAsync(ResilienceContext context)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        var request = state.Request;
        var cancellationToken = context.CancellationToken;
        state.Attempts++;

        var pace = Profile.PaceFor(request);
        var bucket = pace is null ? null : (request.BaseUriOverride is { } other ? other.Authority + " " : string.Empty) + pace.Key;
        using var turn = pace is null ? null : await Pacer.WaitTurnAsync(bucket!, pace.Interval, _options.MaxServerWait, cancellationToken).ConfigureAwait(false);
        if (turn?.Refused is { } blocked)
        {
            throw ThrottledTooLong(request, blocked, state.Attempts, answered: false);
        }

        if (turn is not null && turn.Waited >= TimeSpan.FromSeconds(1))
        {
            state.Sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} {1}: waited {2:0.0} s for the {3} rate limit", request.Method, request.Path, turn.Waited.TotalSeconds, Profile.Provider));
        }

        Uri uri;
        RestRequest restRequest;
        try
        {
            uri = BuildUri(request);
            restRequest = BuildRestRequest(request, uri);
        }
        catch (Exception ex) when (ex is not OnCallException and not OperationCanceledException)
        {
            // Nothing left the machine. The original exception is not kept: its text may quote a header.
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "InvalidRequest",
                $"Could not build {request} ({ex.GetType().Name}: {Redact(ex.GetBaseException().Message)}); nothing was sent.",
                Profile.Provider,
                request.Path)
            {
                Request = request.ToString(),
            };
        }
        if (state.Attempts == 1)
        {
            state.Sink.WriteDebug(DescribeRequest(request, uri));
        }

        var watch = Stopwatch.StartNew();
        AttemptResult result;
        try
        {
            var restResponse = await ClientFor(request.BaseUriOverride ?? BaseUri).ExecuteAsync(restRequest, cancellationToken).ConfigureAwait(false);
            result = AttemptResult.From(restResponse, watch.Elapsed, Redact);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // RestSharp reports failures in the response; anything that escapes it is a failure in transit all the same.
            result = AttemptResult.Failed(Redact(ex.GetBaseException().Message), watch.Elapsed);
        }

        watch.Stop();
        if (bucket is not null)
        {
            // Before the turn ends: the next call in the bucket must see a block this answer announced.
            Pacer.Observe(bucket, result.Header);
        }

        turn?.Dispose();
        cancellationToken.ThrowIfCancellationRequested();

        state.Sink.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "{0} {1} -> {2} in {3} ms (attempt {4})",
            request.Method,
            PathAndQuery(uri),
            result.Describe(),
            (long)watch.Elapsed.TotalMilliseconds,
            state.Attempts));
        if (result.TransportFailure is not null || result.StatusCode >= 500 || result.StatusCode == 408)
        {
            state.EarlierAttemptMayHaveApplied = true;
        }

        return result;
    }

    /// <summary>
    /// The RestSharp request, auth headers included. A header value that cannot be sent (a key with a
    /// line break) fails here, before anything leaves the machine, with a message that shows no key.
    /// </summary>
    private RestRequest BuildRestRequest(ApiRequest request, Uri uri)
    {
        var restRequest = new RestRequest(uri, ToMethod(request.Method)) { Timeout = request.Timeout ?? _options.Timeout };
        foreach (var header in Profile.AuthHeaders())
        {
            if (!IsSendableHeaderValue(header.Value))
            {
                throw new OnCallException(
                    OnCallErrorKind.InvalidArgument,
                    "InvalidKey",
                    $"The {header.Key} of the {Profile.Provider} connection holds a character that cannot be sent in an HTTP header (a line break, a tab, another control character or a non-ASCII letter); nothing was sent. The key is not shown.",
                    null,
                    header.Key)
                {
                    Request = request.ToString(),
                    RecommendedAction = "Connect again with the key as it is, without the line break or spaces a file or a copy added (for example (Get-Content key.txt -Raw).Trim()).",
                };
            }

            restRequest.AddHeader(header.Key, header.Value);
        }

        restRequest.AddHeader("Accept", "application/json");
        if (request.Body is not null)
        {
            var json = request.Body as string ?? RawJson.Serialize(request.Body);
            restRequest.AddStringBody(json, DataFormat.Json);
        }

        return restRequest;
    }

    /// <summary>Visible ASCII, with spaces only inside (HTTP trims them at the ends, which would change the key).</summary>
    internal static bool IsSendableHeaderValue(string value) =>
        value.Length > 0 && value.All(c => c >= 0x20 && c <= 0x7E) && value[0] != ' ' && value[value.Length - 1] != ' ';

    private ResiliencePipeline<AttemptResult> BuildPipeline(ApiClientOptions options)
    {
        var retry = new RetryStrategyOptions<AttemptResult>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args =>
            {
                if (options.MaxRetries <= 0 || args.Outcome.Result is not { } result)
                {
                    return new ValueTask<bool>(false);
                }

                var state = args.Context.Properties.GetValue(StateKey, null!);
                if (!IsRetryable(result, state.Request))
                {
                    return new ValueTask<bool>(false);
                }

                // A server asking for a longer wait than the connection allows is not waited for: the
                // call fails now, saying how long it asked, rather than parking a runbook for a day.
                if (result.AdvisedDelay(DateTimeOffset.UtcNow) is { } advised && advised > options.MaxServerWait)
                {
                    state.AdvisedTooLong = advised;
                    return new ValueTask<bool>(false);
                }

                return new ValueTask<bool>(true);
            },
            DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.AdvisedDelay(DateTimeOffset.UtcNow)),
            OnRetry = args =>
            {
                var state = args.Context.Properties.GetValue(StateKey, null!);
                state.Sink.WriteVerbose(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} {1}: {2}; retrying in {3:0.0} s",
                    state.Request.Method,
                    state.Request.Path,
                    args.Outcome.Result?.Describe() ?? "failed",
                    args.RetryDelay.TotalSeconds));
                return default;
            },
        };

        return new ResiliencePipelineBuilder<AttemptResult>().AddRetry(retry).Build();
    }

    private bool IsRetryable(AttemptResult result, ApiRequest request)
    {
        if (result.TransportFailure is not null)
        {
            return request.IsIdempotent;
        }

        if (Profile.IsThrottled(result.StatusCode, result.Content))
        {
            return true;
        }

        return request.IsIdempotent && (result.StatusCode >= 500 || result.StatusCode == 408);
    }

    private OnCallException Failure(ApiRequest request, AttemptResult result, CallState state)
    {
        var provider = Profile.Provider;
        var call = request.ToString();
        var attempts = state.Attempts;
        var vendorMessage = Redact(result.VendorMessage());

        // Nothing says whether a write that was not answered, or answered 5xx, took effect; one that is
        // not safe to repeat was sent once, and the failure says so with what to check, never "retry".
        var mayHaveApplied = !request.IsIdempotent && (result.TransportFailure is not null || result.StatusCode >= 500 || result.StatusCode == 408);

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
                RecommendedAction = mayHaveApplied ? request.MayHaveAppliedAdvice : "Check the network path and -BaseUri/-Proxy of the connection, then try again.",
            };
        }

        var status = result.StatusCode;
        var detail = string.IsNullOrEmpty(vendorMessage) ? string.Empty : ": " + vendorMessage;
        if (Profile.IsThrottled(status, result.Content))
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
            404 => (OnCallErrorKind.NotFound, "NotFound", (string?)"Check the name or id; Get-OnCallTeam and Get-OnCallTeamMember list what exists."),
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
        var until = advised >= ServerDelay.Longest ? null : (DateTimeOffset?)DateTimeOffset.UtcNow.Add(advised);
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

    private string DescribeRequest(ApiRequest request, Uri uri)
    {
        var secret = new HashSet<string>(Profile.SecretHeaders, StringComparer.OrdinalIgnoreCase);
        var headers = string.Join(", ", Profile.AuthHeaders().Select(h => h.Key + ": " + (secret.Contains(h.Key) ? "****" : h.Value)));
        var body = request.Body is null ? string.Empty : " body " + Redact(request.Body as string ?? RawJson.Serialize(request.Body));
        return $"{request.Method} {uri} [{headers}]{body}";
    }

    private static string PathAndQuery(Uri uri) => uri.PathAndQuery;

    private static string StatusText(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : string.Empty;

    private RestClient ClientFor(Uri baseUri)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(baseUri, out var client))
            {
                var options = new RestClientOptions(baseUri)
                {
                    Proxy = _options.Proxy,
                    UserAgent = _options.UserAgent,
                    ThrowOnAnyError = false,
                    FollowRedirects = false,
                    Timeout = _options.Timeout,

                    // Any HTTP answer is an answer: the status decides, not RestSharp's idea of success.
                    CalculateResponseStatus = _ => ResponseStatus.Completed,
                };
                client = new RestClient(options);
                _clients[baseUri] = client;
            }

            return client;
        }
    }

    private static Method ToMethod(string method) => method switch
    {
        "GET" => Method.Get,
        "POST" => Method.Post,
        "PUT" => Method.Put,
        "PATCH" => Method.Patch,
        "DELETE" => Method.Delete,
        "HEAD" => Method.Head,
        "OPTIONS" => Method.Options,
        _ => throw new OnCallException(OnCallErrorKind.InvalidArgument, "UnsupportedMethod", $"'{method}' is not an HTTP method this module sends."),
    };

    private sealed class CallState
    {
        public CallState(ApiRequest request, IOperationSink sink)
        {
            Request = request;
            Sink = sink;
        }

        public ApiRequest Request { get; }

        public IOperationSink Sink { get; }

        public int Attempts { get; set; }

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        /// <summary>An attempt failed in a way that may have reached the server (lost answer, 5xx, 408).</summary>
        public bool EarlierAttemptMayHaveApplied { get; set; }

        /// <summary>The wait the server asked for, when it was longer than the connection waits.</summary>
        public TimeSpan? AdvisedTooLong { get; set; }
    }

    private sealed class AttemptResult
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
}
