using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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
public sealed partial class ApiClient : IDisposable
{
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("OnCall.CallState");

    private readonly Dictionary<Uri, RestClient> _clients = new();
    private readonly ApiClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    /// <summary>A pipeline to one vendor host; <paramref name="time"/> is the clock of the pacer, the retry waits and every "now" it reads (tests pass a fake one).</summary>
    internal ApiClient(VendorProfile profile, Uri baseUri, ApiClientOptions? options = null, TimeProvider? time = null)
    {
        Profile = profile;
        BaseUri = baseUri;
        _options = options ?? new ApiClientOptions();
        _time = time ?? TimeProvider.System;
        _pipeline = BuildPipeline(_options, _time);
        Pacer = Pacer.ForAccount(profile.AccountKey(baseUri), _time);
    }

    internal VendorProfile Profile { get; }

    public Uri BaseUri { get; }

    /// <summary>The account's pacer, shared with every other connection to the same account in this process.</summary>
    internal Pacer Pacer { get; }

    /// <summary>
    /// How long a call like <paramref name="request"/> would wait for its turn if it were sent now:
    /// zero when its bucket is free or it is not paced. For progress estimates only.
    /// </summary>
    internal TimeSpan EstimateWait(ApiRequest request) =>
        BucketOf(request, out _) is { } bucket ? Pacer.EstimateWait(bucket) : TimeSpan.Zero;

    /// <summary>The least spacing between two calls like <paramref name="request"/>; null when they are not paced.</summary>
    internal TimeSpan? PaceInterval(ApiRequest request) => BucketOf(request, out var pace) is null ? null : pace!.Interval;

    /// <summary>The request's pacing bucket on this connection's account, or null when it is not paced.</summary>
    private string? BucketOf(ApiRequest request, out PaceRule? pace)
    {
        pace = Profile.PaceFor(request);
        return pace is null ? null : (request.BaseUriOverride is { } other ? other.Authority + " " : string.Empty) + pace.Key;
    }

    /// <summary>Sends a request; a failure the vendor or the network reports is thrown as <see cref="OnCallException"/>.</summary>
    public async Task<ApiResponse> SendAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        var state = new CallState(request, sink, _time.GetTimestamp());
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
        var response = result.ToResponse(request, state.Attempts, Profile.Provider, _time.GetElapsedTime(state.Started), Redact);
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

        var bucket = BucketOf(request, out var pace);
        using var turn = bucket is null ? null : await Pacer.WaitTurnAsync(bucket, pace!.Interval, _options.MaxServerWait, cancellationToken).ConfigureAwait(false);
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

        var sent = _time.GetTimestamp();
        AttemptResult result;
        try
        {
            var restResponse = await ClientFor(request.BaseUriOverride ?? BaseUri).ExecuteAsync(restRequest, cancellationToken).ConfigureAwait(false);
            result = AttemptResult.From(restResponse, _time.GetElapsedTime(sent), Redact);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // RestSharp reports failures in the response; anything that escapes it is a failure in transit all the same.
            result = AttemptResult.Failed(Redact(ex.GetBaseException().Message), _time.GetElapsedTime(sent));
        }

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
            (long)result.Elapsed.TotalMilliseconds,
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

    private ResiliencePipeline<AttemptResult> BuildPipeline(ApiClientOptions options, TimeProvider time)
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
                if (result.AdvisedDelay(time.GetUtcNow()) is { } advised && advised > options.MaxServerWait)
                {
                    state.AdvisedTooLong = advised;
                    return new ValueTask<bool>(false);
                }

                return new ValueTask<bool>(true);
            },
            DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.AdvisedDelay(time.GetUtcNow())),
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

        // The builder's clock times the backoff waits, so a fake clock drives them in tests.
        return new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }.AddRetry(retry).Build();
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

    private string DescribeRequest(ApiRequest request, Uri uri)
    {
        var secret = new HashSet<string>(Profile.SecretHeaders, StringComparer.OrdinalIgnoreCase);
        var headers = string.Join(", ", Profile.AuthHeaders().Select(h => h.Key + ": " + (secret.Contains(h.Key) ? "****" : h.Value)));
        var body = request.Body is null ? string.Empty : " body " + Redact(request.Body as string ?? RawJson.Serialize(request.Body));
        return $"{request.Method} {uri} [{headers}]{body}";
    }

    private static string PathAndQuery(Uri uri) => uri.PathAndQuery;

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
        public CallState(ApiRequest request, IOperationSink sink, long started)
        {
            Request = request;
            Sink = sink;
            Started = started;
        }

        public ApiRequest Request { get; }

        public IOperationSink Sink { get; }

        public int Attempts { get; set; }

        /// <summary>When the call began, as a timestamp of the client's clock.</summary>
        public long Started { get; }

        /// <summary>An attempt failed in a way that may have reached the server (lost answer, 5xx, 408).</summary>
        public bool EarlierAttemptMayHaveApplied { get; set; }

        /// <summary>The wait the server asked for, when it was longer than the connection waits.</summary>
        public TimeSpan? AdvisedTooLong { get; set; }
    }
}
