using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace OnCall.Emulator;

/// <summary>The kinds of misbehaviour the emulator can be told to show.</summary>
public enum FaultKind
{
    /// <summary>Answer with a 5xx status and a small JSON body.</summary>
    ServerError,
    /// <summary>Answer 429 with Retry-After.</summary>
    TooManyRequests,
    /// <summary>VictorOps' throttling answer: 403 with {"message":"Too Many Requests"}.</summary>
    ThrottleForbidden,
    /// <summary>Wait before handling the request normally.</summary>
    Delay,
    /// <summary>Abort the TCP connection without an answer.</summary>
    DropConnection,
    /// <summary>Handle normally, then replace the body with text that is not JSON.</summary>
    MalformedBody,
    /// <summary>Handle normally, then send only the first half of the body.</summary>
    TruncatedBody,
}

/// <summary>
/// One armed fault. A rule fires for requests whose path matches <see cref="PathPattern"/> (a glob: '*' matches any run
/// of characters, including '/'; matching is case-insensitive) and, when set, whose method is <see cref="Method"/>.
/// It fires either a fixed number of times (<see cref="Remaining"/>) or for a share of requests (<see cref="Share"/>).
/// </summary>
public sealed class FaultRule
{
    private readonly Regex pattern;
    private int remaining;
    private int hits;

    internal FaultRule(FaultKind kind, string pathPattern, string? method, int count, double? share)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathPattern);
        if (share is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), "A share is between 0 and 1.");
        }

        Kind = kind;
        PathPattern = pathPattern;
        Method = method;
        remaining = count;
        Share = share;
        pattern = new Regex(
            "^" + Regex.Escape(pathPattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public FaultKind Kind { get; }

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

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) && pattern.IsMatch(path);

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

    /// <summary>All delays that apply, then at most one other fault (the first armed wins).</summary>
    internal (TimeSpan Delay, FaultRule? Fault) Pick(string method, string path)
    {
        FaultRule[] snapshot;
        lock (sync)
        {
            snapshot = rules.ToArray();
        }

        var delay = TimeSpan.Zero;
        FaultRule? chosen = null;
        foreach (var rule in snapshot.Where(r => r.Matches(method, path)))
        {
            if (rule.Kind == FaultKind.Delay)
            {
                if (rule.TryFire(random))
                {
                    delay += rule.Delay;
                }
            }
            else if (chosen is null && rule.TryFire(random))
            {
                chosen = rule;
            }
        }

        return (delay, chosen);
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
