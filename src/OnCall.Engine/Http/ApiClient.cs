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
    }

    public VendorProfile Profile { get; }

    public Uri BaseUri { get; }

    public Pacer Pacer { get; } = new();

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
        var response = result.ToResponse(request, state.Attempts, Profile.Provider, state.Clock.Elapsed);
        if (response.IsSuccess || request.AcceptedStatuses.Contains(response.StatusCode))
        {
            return response;
        }

        throw Failure(request, result, state.Attempts);
    }

    /// <summary>Sends a request and parses its JSON body.</summary>
    public async Task<JsonDocument> SendJsonAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        var response = await SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        return response.ParseDocument();
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
        using var turn = pace is null ? null : await Pacer.WaitTurnAsync(pace.Key, pace.Interval, cancellationToken).ConfigureAwait(false);
        if (turn is not null && turn.Waited >= TimeSpan.FromSeconds(1))
        {
            state.Sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} {1}: waited {2:0.0} s for the {3} rate limit", request.Method, request.Path, turn.Waited.TotalSeconds, Profile.Provider));
        }

        var uri = BuildUri(request);
        var restRequest = new RestRequest(uri, ToMethod(request.Method)) { Timeout = request.Timeout ?? _options.Timeout };
        foreach (var header in Profile.AuthHeaders())
        {
            restRequest.AddHeader(header.Key, header.Value);
        }

        restRequest.AddHeader("Accept", "application/json");
        if (request.Body is not null)
        {
            var json = request.Body as string ?? RawJson.Serialize(request.Body);
            restRequest.AddStringBody(json, DataFormat.Json);
        }

        if (state.Attempts == 1)
        {
            state.Sink.WriteDebug(DescribeRequest(request, uri));
        }

        var watch = Stopwatch.StartNew();
        var restResponse = await ClientFor(request.BaseUriOverride ?? BaseUri).ExecuteAsync(restRequest, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        turn?.Dispose();
        cancellationToken.ThrowIfCancellationRequested();

        var result = AttemptResult.From(restResponse, watch.Elapsed);
        if (pace is not null)
        {
            Pacer.Observe(pace.Key, result.Header);
        }
        else
        {
            Pacer.Observe(request.Method + " " + request.Path, result.Header);
        }

        state.Sink.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "{0} {1} -> {2} in {3} ms (attempt {4})",
            request.Method,
            PathAndQuery(uri),
            result.Describe(),
            (long)watch.Elapsed.TotalMilliseconds,
            state.Attempts));
        return result;
    }

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
                return new ValueTask<bool>(IsRetryable(result, state.Request));
            },
            DelayGenerator = args =>
            {
                var advised = args.Outcome.Result?.AdvisedDelay();
                if (advised is { } delay)
                {
                    return new ValueTask<TimeSpan?>(delay > options.MaxDelay ? options.MaxDelay : delay);
                }

                return new ValueTask<TimeSpan?>((TimeSpan?)null);
            },
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

    private OnCallException Failure(ApiRequest request, AttemptResult result, int attempts)
    {
        var provider = Profile.Provider;
        var call = request.ToString();
        var vendorMessage = Redact(result.VendorMessage());
        var mayHaveApplied = !request.IsIdempotent && (result.TransportFailure is not null || result.StatusCode >= 500);

        if (result.TransportFailure is not null)
        {
            var timedOut = result.TimedOut;
            var message = timedOut
                ? $"{provider} did not answer {call} within {(request.Timeout ?? _options.Timeout).TotalSeconds:0} s ({attempts} attempt(s))."
                : $"Could not reach {provider} at {BaseUri.Host} for {call}: {Redact(result.TransportFailure)} ({attempts} attempt(s)).";
            if (mayHaveApplied)
            {
                message += " The request may have reached the server: it was not sent again, so check whether it took effect before repeating it.";
            }

            return new OnCallException(timedOut ? OnCallErrorKind.Timeout : OnCallErrorKind.Connection, timedOut ? "Timeout" : "ConnectionFailed", message, provider, request.Path)
            {
                Request = call,
                MayHaveApplied = mayHaveApplied,
                RecommendedAction = "Check the network path and -BaseUri/-Proxy of the connection, then try again.",
            };
        }

        var status = result.StatusCode;
        var detail = string.IsNullOrEmpty(vendorMessage) ? string.Empty : ": " + vendorMessage;
        if (Profile.IsThrottled(status, result.Content))
        {
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

        var text = $"{provider} answered {call} with {status} {StatusText(status)}{detail}";
        if (mayHaveApplied)
        {
            text += ". The request may have been applied: it was not sent again, so check before repeating it";
        }

        return new OnCallException(kind, reason, text + ".", provider, request.Path)
        {
            StatusCode = status,
            Request = call,
            RecommendedAction = action,
            MayHaveApplied = mayHaveApplied,
        };
    }

    // A vendor could echo a header back in an error body; never let a key reach a message.
    private string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var header in Profile.AuthHeaders())
        {
            var value = header.Value.StartsWith("Bearer ", StringComparison.Ordinal) ? header.Value.Substring(7) : header.Value;
            if (value.Length >= 4)
            {
                text = text.Replace(value, "****");
            }
        }

        return text;
    }

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
    }

    private sealed class AttemptResult
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

        public int StatusCode { get; private set; }

        public string Content { get; private set; } = string.Empty;

        public string? TransportFailure { get; private set; }

        public bool TimedOut { get; private set; }

        public TimeSpan Elapsed { get; private set; }

        public static AttemptResult From(RestResponse response, TimeSpan elapsed)
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
                result.TransportFailure = response.ErrorException?.GetBaseException().Message ?? response.ErrorMessage ?? "the connection failed";
            }

            return result;
        }

        public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

        public string Describe() => TransportFailure is not null
            ? (TimedOut ? "timed out" : "connection failed (" + TransportFailure + ")")
            : StatusCode.ToString(CultureInfo.InvariantCulture);

        /// <summary>Retry-After (seconds or HTTP date), else X-RateLimit-Reset (seconds), else none.</summary>
        public TimeSpan? AdvisedDelay()
        {
            var retryAfter = Header("Retry-After");
            if (retryAfter is not null)
            {
                if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(Math.Max(0, seconds));
                }

                if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                {
                    var delay = when - DateTimeOffset.UtcNow;
                    return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
                }
            }

            if (StatusCode == 429 && double.TryParse(Header("X-RateLimit-Reset"), NumberStyles.Float, CultureInfo.InvariantCulture, out var reset))
            {
                return TimeSpan.FromSeconds(Math.Max(0, reset));
            }

            return null;
        }

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

        public ApiResponse ToResponse(ApiRequest request, int attempts, OnCallProvider provider, TimeSpan elapsed) =>
            new(request, StatusCode, Content, _headers, elapsed, attempts, provider);
    }
}
