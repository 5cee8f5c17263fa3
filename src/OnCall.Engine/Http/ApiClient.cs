using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Json;
using OnCall.Engine.Operations;
using Polly;
using Polly.Retry;

namespace OnCall.Engine.Http;

/// <summary>
/// The one HTTP pipeline every vendor goes through: HttpClient for the request (the answer read from
/// the stream, up to a limit, and its secrets masked before anything else sees it), client-side pacing,
/// a Polly retry that honours Retry-After and X-RateLimit-Reset, retries 429 (and a vendor's
/// throttling answer) for any method but 5xx, timeouts and dropped connections only for idempotent
/// calls; one verbose line per attempt; failures as <see cref="OnCallException"/>.
/// </summary>
public sealed partial class ApiClient : IDisposable
{

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly Dictionary<Uri, HttpClient> _clients = new();
    private readonly ApiClientOptions _options;
    private readonly TimeProvider _time;
    private Retrying? _retrying;

    /// <summary>A pipeline to one vendor host; <paramref name="time"/> is the clock of the pacer, the retry waits and every "now" it reads (tests pass a fake one).</summary>
    internal ApiClient(VendorProfile profile, Uri baseUri, ApiClientOptions? options = null, TimeProvider? time = null)
    {
        Profile = profile;
        BaseUri = baseUri;
        _options = options ?? new ApiClientOptions();
        _time = time ?? TimeProvider.System;
        Pacer = Pacer.ForAccount(profile.AccountKey(baseUri), _time);
    }

    internal VendorProfile Profile { get; }

    public Uri BaseUri { get; }

    /// <summary>Whether a call on this client has needed the retry pipeline (and so built it).</summary>
    internal bool RetryPipelineBuilt => Volatile.Read(ref _retrying) is not null;

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

        // Most calls are answered at the first attempt: the retry pipeline (Polly, built on first need) only
        // takes over from an answer worth retrying, which it sees as its own first attempt's.
        var result = await AttemptAsync(state, cancellationToken).ConfigureAwait(false);
        if (ShouldRetry(result, state))
        {
            result = await RetryAsync(result, state, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (result.TooLargeOver is not null && (result.StatusCode is >= 200 and < 300 || request.AcceptedStatuses.Contains(result.StatusCode)))
        {
            throw TooLarge(request, result);
        }

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

    private async ValueTask<AttemptResult> AttemptAsync(CallState state, CancellationToken cancellationToken)
    {
        var request = state.Request;
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
        HttpRequestMessage message;
        try
        {
            uri = BuildUri(request);
            message = BuildMessage(request, uri);
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

        if (state.Attempts == 1 && state.Sink.ShowsDebug())
        {
            // Built only for a reader: it reveals the auth headers to mask them and serialises the body again.
            state.Sink.WriteDebug(DescribeRequest(request, uri));
        }

        var sent = _time.GetTimestamp();
        AttemptResult result;
        using (message)
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // The timeout covers the whole answer, body included: a server that trickles is as stuck as one that is silent.
            timer.CancelAfter(request.Timeout ?? _options.Timeout);
            try
            {
                using var response = await ClientFor(request.BaseUriOverride ?? BaseUri).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
                var (body, tooLarge) = await ReadBodyAsync(response.Content, timer.Token).ConfigureAwait(false);
                result = AttemptResult.Answered(response, RedactBody(body), tooLarge, _time.GetElapsedTime(sent));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = AttemptResult.TimedOutAfter(_time.GetElapsedTime(sent));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A refused or dropped connection, or a body cut short after the status line: the call failed in transit.
                result = AttemptResult.Failed(Redact(ex.GetBaseException().Message), _time.GetElapsedTime(sent));
            }
        }

        if (bucket is not null)
        {
            // Before the turn ends: the next call in the bucket must see a block this answer announced.
            Pacer.Observe(bucket, result.Header, turn);
        }

        turn?.Dispose();
        cancellationToken.ThrowIfCancellationRequested();

        if (state.Sink.ShowsVerbose())
        {
            state.Sink.WriteVerbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1} -> {2} in {3} ms (attempt {4})",
                request.Method,
                PathAndQuery(uri),
                result.Describe(),
                (long)result.Elapsed.TotalMilliseconds,
                state.Attempts));
        }

        if (result.TransportFailure is not null || result.StatusCode >= 500 || result.StatusCode == 408)
        {
            state.EarlierAttemptMayHaveApplied = true;
        }

        return result;
    }

    /// <summary>
    /// The request, auth headers included. A header value that cannot be sent (a key with a line
    /// break) fails here, before anything leaves the machine, with a message that shows no key.
    /// </summary>
    private HttpRequestMessage BuildMessage(ApiRequest request, Uri uri)
    {
        var message = new HttpRequestMessage(ToMethod(request.Method), uri);
        try
        {
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

                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            message.Headers.TryAddWithoutValidation("Accept", "application/json");
            if (request.Body is not null)
            {
                var json = request.Body as string ?? RawJson.Serialize(request.Body);
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
                message.Content.Headers.ContentType = JsonContentType;
            }

            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the body from the stream, at most <see cref="ApiClientOptions.MaxAnswerBytes"/> of it: a
    /// longer one is left unread (the connection is dropped with the response) and reported by its
    /// limit. A declared length is read straight into an array of that size; a body without one is
    /// read in pooled chunks and copied once into an array of its size.
    /// </summary>
    private async Task<(byte[] Body, long? TooLargeOver)> ReadBodyAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxAnswerBytes;
        if (content is null)
        {
            return (Array.Empty<byte>(), null);
        }

        var declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            return (Array.Empty<byte>(), limit);
        }

        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        if (declared is { } length)
        {
            var exact = length == 0 ? Array.Empty<byte>() : new byte[length];
            for (var filled = 0; filled < exact.Length;)
            {
                var read = await stream.ReadAsync(exact, filled, exact.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException(string.Format(CultureInfo.InvariantCulture, "the answer ended after {0} of the {1} bytes it announced", filled, exact.Length));
                }

                filled += read;
            }

            return (WithoutByteOrderMark(exact), null);
        }

        const int ChunkSize = 64 * 1024;
        var chunks = new List<byte[]>();
        var total = 0L;
        try
        {
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                chunks.Add(chunk);
                var used = 0;
                while (used < chunk.Length)
                {
                    var read = await stream.ReadAsync(chunk, used, chunk.Length - used, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return (WithoutByteOrderMark(Join(chunks, total + used)), null);
                    }

                    used += read;
                    if (total + used > limit)
                    {
                        return (Array.Empty<byte>(), limit);
                    }
                }

                total += used;
            }
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    private static byte[] Join(List<byte[]> chunks, long length)
    {
        var body = new byte[length];
        var at = 0;
        foreach (var chunk in chunks)
        {
            var count = (int)Math.Min(chunk.Length, length - at);
            Buffer.BlockCopy(chunk, 0, body, at, count);
            at += count;
        }

        return body;
    }

    // JSON readers take no byte order mark; some servers on Windows send one.
    private static byte[] WithoutByteOrderMark(byte[] body) =>
        body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? body.Skip(3).ToArray() : body;

    /// <summary>"32 MB", "512 KB": a limit as a person reads it.</summary>
    internal static string DescribeSize(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1024 && bytes % 1024 == 0 ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";

    /// <summary>Visible ASCII, with spaces only inside (HTTP trims them at the ends, which would change the key).</summary>
    internal static bool IsSendableHeaderValue(string value) =>
        value.Length > 0 && value.All(c => c >= 0x20 && c <= 0x7E) && value[0] != ' ' && value[value.Length - 1] != ' ';

    /// <summary>Whether an attempt's answer is worth another attempt; a server's wait longer than the connection allows is noted on the call instead.</summary>
    private bool ShouldRetry(AttemptResult result, CallState state)
    {
        if (_options.MaxRetries <= 0 || !IsRetryable(result, state.Request))
        {
            return false;
        }

        // A server asking for a longer wait than the connection allows is not waited for: the
        // call fails now, saying how long it asked, rather than parking a runbook for a day.
        if (result.AdvisedDelay(_time.GetUtcNow()) is { } advised && advised > _options.MaxServerWait)
        {
            state.AdvisedTooLong = advised;
            return false;
        }

        return true;
    }

    /// <summary>The retries after a first attempt's <paramref name="first"/> answer, which the pipeline takes as its own first outcome.</summary>
    private async Task<AttemptResult> RetryAsync(AttemptResult first, CallState state, CancellationToken cancellationToken)
    {
        var retrying = LazyInitializer.EnsureInitialized(ref _retrying, () => new Retrying(this))!;
        state.FirstAnswer = first;
        return await retrying.RunAsync(state, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The Polly retry pipeline, kept apart so that a call answered at its first attempt neither builds it
    /// nor loads Polly (a cold process's first command pays for its JIT only when something is retried).
    /// </summary>
    private sealed class Retrying
    {
        private static readonly ResiliencePropertyKey<CallState> StateKey = new("OnCall.CallState");
        private readonly ApiClient _client;
        private readonly ResiliencePipeline<AttemptResult> _pipeline;

        public Retrying(ApiClient client)
        {
            _client = client;
            var options = client._options;
            var retry = new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result is { } result && client.ShouldRetry(result, args.Context.Properties.GetValue(StateKey, null!))),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.AdvisedDelay(client._time.GetUtcNow())),
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
            _pipeline = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = client._time }.AddRetry(retry).Build();
        }

        public async Task<AttemptResult> RunAsync(CallState state, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(StateKey, state);
            try
            {
                return await _pipeline.ExecuteAsync(
                    static (ctx, self) =>
                    {
                        var call = ctx.Properties.GetValue(StateKey, null!);

                        // The first outcome is the attempt already made.
                        if (call.FirstAnswer is { } answered)
                        {
                            call.FirstAnswer = null;
                            return new ValueTask<AttemptResult>(answered);
                        }

                        return self._client.AttemptAsync(call, ctx.CancellationToken);
                    },
                    context,
                    this).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
    }

    private bool IsRetryable(AttemptResult result, ApiRequest request)
    {
        if (result.TransportFailure is not null)
        {
            return request.IsIdempotent;
        }

        if (Profile.IsThrottled(result.StatusCode, result.ReadContent))
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

    private HttpClient ClientFor(Uri baseUri)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(baseUri, out var client))
            {
                var handler = new HttpClientHandler
                {
                    // Any HTTP answer is an answer: a redirect is reported by its status, never followed with the keys.
                    AllowAutoRedirect = false,
                    UseCookies = false,
                };
                if (_options.Proxy is not null)
                {
                    handler.Proxy = _options.Proxy;
                    handler.UseProxy = true;
                }

                if (handler.SupportsAutomaticDecompression)
                {
                    handler.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
                }

                // Each attempt has its own timeout (the linked token in AttemptAsync); the client's own would only race it.
                client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                _clients[baseUri] = client;
            }

            return client;
        }
    }

    private static HttpMethod ToMethod(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "PATCH" => Patch,
        "DELETE" => HttpMethod.Delete,
        "HEAD" => HttpMethod.Head,
        "OPTIONS" => HttpMethod.Options,
        _ => throw new OnCallException(OnCallErrorKind.InvalidArgument, "UnsupportedMethod", $"'{method}' is not an HTTP method this module sends."),
    };

    private static readonly HttpMethod Patch = new("PATCH");

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

        /// <summary>The first attempt's answer, until the retry pipeline has taken it as its first outcome.</summary>
        public AttemptResult? FirstAnswer { get; set; }
    }
}
