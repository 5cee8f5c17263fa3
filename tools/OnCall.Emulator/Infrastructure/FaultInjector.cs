using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace OnCall.Emulator;

/// <summary>
/// The kinds of misbehaviour the emulator can be told to show. The first five fire before the request is applied (the
/// emulator's state is untouched); the others let the endpoint apply it first, so a write has happened although its
/// answer is lost, cut or wrong: what a client must report as "may have applied" and never blindly repeat.
/// </summary>
public enum FaultKind
{
    /// <summary>Answer with a 5xx status and a small JSON body, before applying the request.</summary>
    ServerError,
    /// <summary>Answer 429 with Retry-After, before applying the request.</summary>
    TooManyRequests,
    /// <summary>VictorOps' throttling answer: 403 with {"message":"Too Many Requests"}, before applying the request.</summary>
    ThrottleForbidden,
    /// <summary>Wait before handling the request normally.</summary>
    Delay,
    /// <summary>Abort the TCP connection without an answer, before applying the request.</summary>
    DropConnection,
    /// <summary>Apply the request, then replace the body with text that is not JSON.</summary>
    MalformedBody,
    /// <summary>Apply the request, then send only the first half of the body (with a Content-Length that matches the half).</summary>
    TruncatedBody,
    /// <summary>Apply the request, then abort the TCP connection without an answer.</summary>
    DropAfterApply,
    /// <summary>
    /// Apply the request, then send the status line, a Content-Length for the whole answer and only half of it, and
    /// abort: the body is cut in transit.
    /// </summary>
    TruncateAfterApply,
    /// <summary>Apply the request, then throw its answer away and send a 5xx.</summary>
    ServerErrorAfterApply,
    /// <summary>Answer with one of the <see cref="HostileAnswer"/>s (see <see cref="FaultRule.Answer"/>).</summary>
    Hostile,
}

/// <summary>
/// Answers a hostile or broken server (or a proxy or login page in front of it) gives. Those built from the real answer
/// (<see cref="TruncatedJson"/>, <see cref="WrongTypes"/>, and the rate-limit headers on a 2xx) apply the request first;
/// the others are given in its place.
/// </summary>
public enum HostileAnswer
{
    /// <summary>200 with an HTML login page (text/html).</summary>
    Html,
    /// <summary>200 with the first half of the real JSON answer (Content-Length matches the half).</summary>
    TruncatedJson,
    /// <summary>
    /// 200 with the real answer in which every value has another JSON type: strings become objects, numbers strings,
    /// booleans strings, arrays strings; a root array becomes an object. Nothing a reader expects is where it looks.
    /// </summary>
    WrongTypes,
    /// <summary>200 with the body <c>null</c>.</summary>
    JsonNull,
    /// <summary>200 with a bare JSON string.</summary>
    BareString,
    /// <summary>200 with the vendor's own error shape ({"message"}, {"errors"}, {"error":{code,message}}).</summary>
    ErrorBodyWith200,
    /// <summary>204 and no body, where the endpoint answers with content.</summary>
    NoContent,
    /// <summary>200 with a JSON body of <see cref="FaultRule.BodyBytes"/> bytes (50 MB by default), streamed in chunks without a Content-Length.</summary>
    HugeBody,
    /// <summary>Retry-After: NaN (on <see cref="FaultRule.StatusCode"/>, 429 by default).</summary>
    RetryAfterNaN,
    /// <summary>Retry-After: 1e12 (seconds: more than TimeSpan can hold).</summary>
    RetryAfterHuge,
    /// <summary>Retry-After: Infinity.</summary>
    RetryAfterInfinity,
    /// <summary>X-RateLimit-Remaining: 0 and X-RateLimit-Reset: 1e300.</summary>
    RateLimitResetHuge,
    /// <summary>
    /// X-RateLimit-Remaining: 0 and X-RateLimit-Reset as an epoch time (seconds since 1970, an hour ahead) instead of
    /// seconds to wait: read as seconds it is 55 years; read as a time it is still longer than a runbook should wait.
    /// </summary>
    RateLimitResetEpoch,
    /// <summary>
    /// The request's auth headers (raw, unmasked) echoed back in a vendor error body and in an X-Echoed-Credentials
    /// header, with <see cref="FaultRule.StatusCode"/> (401 by default): a server or proxy that leaks what it was sent.
    /// </summary>
    EchoAuth,
}

/// <summary>
/// One armed fault. A rule fires for requests whose path matches <see cref="PathPattern"/> (a glob: '*' matches any run
/// of characters, including '/'; matching is case-insensitive) and, when set, whose method is <see cref="Method"/>.
/// It fires either a fixed number of times (<see cref="Remaining"/>) or for a share of requests (<see cref="Share"/>).
/// </summary>
public sealed class FaultRule
{
    private readonly Regex pattern;
    private readonly FaultKind[] choices;
    private int remaining;
    private int hits;

    internal FaultRule(FaultKind kind, string pathPattern, string? method, int count, double? share)
        : this([kind], pathPattern, method, count, share)
    {
    }

    internal FaultRule(IReadOnlyList<FaultKind> kinds, string pathPattern, string? method, int count, double? share)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathPattern);
        ArgumentNullException.ThrowIfNull(kinds);
        if (share is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), "A share is between 0 and 1.");
        }

        if (kinds.Count == 0)
        {
            throw new ArgumentException("A rule needs at least one kind of fault.", nameof(kinds));
        }

        choices = [.. kinds];
        Kind = choices[0];
        PathPattern = pathPattern;
        Method = method;
        remaining = count;
        Share = share;
        pattern = new Regex(
            "^" + Regex.Escape(pathPattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>The kind of fault; for a mixed rule, the first of <see cref="Kinds"/>.</summary>
    public FaultKind Kind { get; }

    /// <summary>The kinds a firing picks from, evenly (one for an ordinary rule).</summary>
    public IReadOnlyList<FaultKind> Kinds => choices;

    public string PathPattern { get; }

    public string? Method { get; }

    /// <summary>Firings left for a counted rule; ignored when <see cref="Share"/> is set.</summary>
    public int Remaining => Volatile.Read(ref remaining);

    /// <summary>The probability of firing for each matching request, when the rule is share-based.</summary>
    public double? Share { get; }

    /// <summary>How many times the rule has fired.</summary>
    public int Hits => Volatile.Read(ref hits);

    public int StatusCode { get; init; } = 500;

    public int RetryAfterSeconds { get; init; } = 1;

    public TimeSpan Delay { get; init; }

    /// <summary>Sends Retry-After: <see cref="RetryAfterSeconds"/> with a 5xx too, as a server that knows it will be back soon does.</summary>
    public bool RetryAfterOnServerError { get; init; }

    /// <summary>What a <see cref="FaultKind.Hostile"/> rule answers.</summary>
    public HostileAnswer? Answer { get; init; }

    /// <summary>The size of a <see cref="HostileAnswer.HugeBody"/>.</summary>
    public long BodyBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>How many of the rule's firings were of each kind (a mixed rule picks one per firing).</summary>
    public IReadOnlyDictionary<FaultKind, int> HitsByKind
    {
        get
        {
            lock (choices)
            {
                return new Dictionary<FaultKind, int>(hitsByKind);
            }
        }
    }

    private readonly Dictionary<FaultKind, int> hitsByKind = [];

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) && pattern.IsMatch(path);

    /// <summary>The kind this firing shows: the rule's own, or one of a mixed rule's picked at random.</summary>
    internal FaultKind Choose(Random random)
    {
        FaultKind kind;
        if (choices.Length == 1)
        {
            kind = choices[0];
        }
        else
        {
            lock (random)
            {
                kind = choices[random.Next(choices.Length)];
            }
        }

        lock (choices)
        {
            hitsByKind[kind] = hitsByKind.GetValueOrDefault(kind) + 1;
        }

        return kind;
    }

    // Counted rules are consumed atomically so that parallel requests never take more firings than were armed.
    internal bool TryFire(Random random)
    {
        if (Share is { } share)
        {
            bool fire;
            lock (random)
            {
                fire = random.NextDouble() < share;
            }

            if (fire)
            {
                Interlocked.Increment(ref hits);
            }

            return fire;
        }

        while (true)
        {
            var left = Volatile.Read(ref remaining);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref remaining, left - 1, left) == left)
            {
                Interlocked.Increment(ref hits);
                return true;
            }
        }
    }
}

/// <summary>Arms faults on an emulator. Rules stay until they are used up or <see cref="Clear"/> is called.</summary>
public sealed class FaultInjector
{
    private readonly Lock sync = new();
    private readonly List<FaultRule> rules = [];
    private readonly Random random = new(1234);

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (sync)
            {
                return rules.ToArray();
            }
        }
    }

    /// <summary>The next <paramref name="count"/> matching requests get a 5xx.</summary>
    public FaultRule ServerError(string pathPattern, int count = 1, int statusCode = 500, string? method = null) =>
        Add(new FaultRule(FaultKind.ServerError, pathPattern, method, count, null) { StatusCode = Check5xx(statusCode) });

    /// <summary>A share (0..1) of matching requests get a 5xx, for as long as the rule is armed.</summary>
    public FaultRule ServerErrorShare(string pathPattern, double share, int statusCode = 503, string? method = null) =>
        Add(new FaultRule(FaultKind.ServerError, pathPattern, method, 0, share) { StatusCode = Check5xx(statusCode) });

    public FaultRule TooManyRequests(string pathPattern, int retryAfterSeconds = 1, int count = 1, string? method = null) =>
        Add(new FaultRule(FaultKind.TooManyRequests, pathPattern, method, count, null) { StatusCode = 429, RetryAfterSeconds = retryAfterSeconds });

    /// <summary>VictorOps-style throttling: 403 with {"message":"Too Many Requests"}.</summary>
    public FaultRule ThrottleForbidden(string pathPattern, int count = 1, string? method = null) =>
        Add(new FaultRule(FaultKind.ThrottleForbidden, pathPattern, method, count, null) { StatusCode = 403 });

    public FaultRule Slow(string pathPattern, TimeSpan delay, int count = int.MaxValue, string? method = null) =>
        Add(new FaultRule(FaultKind.Delay, pathPattern, method, count, null) { Delay = delay });

    public FaultRule DropConnection(string pathPattern, int count = 1, string? method = null) =>
        Add(new FaultRule(FaultKind.DropConnection, pathPattern, method, count, null));

    public FaultRule MalformedBody(string pathPattern, int count = 1, string? method = null) =>
        Add(new FaultRule(FaultKind.MalformedBody, pathPattern, method, count, null));

    public FaultRule TruncatedBody(string pathPattern, int count = 1, string? method = null) =>
        Add(new FaultRule(FaultKind.TruncatedBody, pathPattern, method, count, null));

    /// <summary>The next matching requests are applied, then their connection is aborted without an answer.</summary>
    public FaultRule DropAfterApply(string pathPattern, int count = 1, string? method = null) =>
        Add(new FaultRule(FaultKind.DropAfterApply, pathPattern, method, count, null));

    /// <summary>The next matching requests are applied, then half their answer is sent and the connection aborted.</summary>
    public FaultRule TruncateAfterApply(string pathPattern, int count = 1, string? method = null) =>
        Add(new FaultRule(FaultKind.TruncateAfterApply, pathPattern, method, count, null));

    /// <summary>The next matching requests are applied, then answered with a 5xx instead of their answer.</summary>
    public FaultRule ServerErrorAfterApply(string pathPattern, int count = 1, int statusCode = 500, string? method = null) =>
        Add(new FaultRule(FaultKind.ServerErrorAfterApply, pathPattern, method, count, null) { StatusCode = Check5xx(statusCode) });

    /// <summary>
    /// The next matching requests get a hostile answer. <paramref name="statusCode"/> is the status of the header and
    /// echo answers (429 and 401 by default; a 2xx sends the real answer with the headers added).
    /// </summary>
    public FaultRule Hostile(string pathPattern, HostileAnswer answer, int count = 1, string? method = null, int? statusCode = null) =>
        Add(new FaultRule(FaultKind.Hostile, pathPattern, method, count, null)
        {
            Answer = answer,
            StatusCode = statusCode ?? (answer == HostileAnswer.EchoAuth ? 401 : 429),
            RetryAfterSeconds = 0,
        });

    /// <summary>
    /// A share (0..1) of matching requests get a fault, each firing picking one of <paramref name="kinds"/> evenly.
    /// 5xx answers (before or after applying) carry <paramref name="statusCode"/> and, with 429s, Retry-After:
    /// <paramref name="retryAfterSeconds"/>; delays last <paramref name="delay"/>.
    /// </summary>
    public FaultRule Mix(string pathPattern, double share, IReadOnlyList<FaultKind> kinds, int statusCode = 503, int retryAfterSeconds = 0, TimeSpan? delay = null, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Contains(FaultKind.Hostile))
        {
            throw new ArgumentException("Hostile answers are armed one kind at a time (Hostile).", nameof(kinds));
        }

        return Add(new FaultRule(kinds, pathPattern, method, 0, share)
        {
            StatusCode = Check5xx(statusCode),
            RetryAfterSeconds = retryAfterSeconds,
            RetryAfterOnServerError = true,
            Delay = delay ?? TimeSpan.FromMilliseconds(50),
        });
    }

    public void Remove(FaultRule rule)
    {
        lock (sync)
        {
            rules.Remove(rule);
        }
    }

    public void Clear()
    {
        lock (sync)
        {
            rules.Clear();
        }
    }

    /// <summary>All delays that apply, then at most one other fault (the first armed wins), with the kind it fired as.</summary>
    internal (TimeSpan Delay, FaultRule? Fault, FaultKind Kind) Pick(string method, string path)
    {
        FaultRule[] snapshot;
        lock (sync)
        {
            snapshot = rules.ToArray();
        }

        var delay = TimeSpan.Zero;
        FaultRule? chosen = null;
        var chosenKind = FaultKind.Delay;
        foreach (var rule in snapshot.Where(r => r.Matches(method, path)))
        {
            if (rule.Kind == FaultKind.Delay && rule.Kinds.Count == 1)
            {
                if (rule.TryFire(random))
                {
                    rule.Choose(random);
                    delay += rule.Delay;
                }
            }
            else if (chosen is null && rule.TryFire(random))
            {
                var kind = rule.Choose(random);
                if (kind == FaultKind.Delay)
                {
                    // A mixed rule that picked a delay slows the request down and lets it through.
                    delay += rule.Delay;
                }
                else
                {
                    chosen = rule;
                    chosenKind = kind;
                }
            }
        }

        return (delay, chosen, chosenKind);
    }

    private FaultRule Add(FaultRule rule)
    {
        lock (sync)
        {
            rules.Add(rule);
        }

        return rule;
    }

    private static int Check5xx(int status) =>
        status is >= 500 and <= 599 ? status : throw new ArgumentOutOfRangeException(nameof(status), "A server error is 5xx.");
}
