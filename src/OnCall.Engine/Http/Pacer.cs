using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Http;

/// <summary>
/// Client-side pacing: keeps calls in one bucket at least the rule's interval apart (VictorOps'
/// published 2/s per endpoint, 1/min for reporting), and holds a bucket back until the reset a
/// vendor announced in X-RateLimit-* headers (Datadog) once its remaining count reached zero.
/// Slots are reserved, so parallel callers queue fairly instead of racing.
/// </summary>
public sealed class Pacer
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Waits for this call's turn; returns how long it waited.</summary>
    public async Task<TimeSpan> WaitTurnAsync(string key, TimeSpan interval, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        TimeSpan wait;
        lock (bucket)
        {
            var now = _clock.Elapsed;
            var start = Max(now, Max(bucket.NextSlot, bucket.BlockedUntil));
            bucket.NextSlot = start + interval;
            wait = start - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        return wait;
    }

    /// <summary>How long a call in this bucket would wait now, for progress estimates.</summary>
    public TimeSpan EstimateWait(string key)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            return TimeSpan.Zero;
        }

        lock (bucket)
        {
            var wait = Max(bucket.NextSlot, bucket.BlockedUntil) - _clock.Elapsed;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Reads X-RateLimit-Remaining and X-RateLimit-Reset (seconds until reset) off an answer.</summary>
    public void Observe(string key, Func<string, string?> header)
    {
        var remaining = header("X-RateLimit-Remaining");
        var reset = header("X-RateLimit-Reset");
        if (remaining is null || reset is null
            || !long.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)
            || !double.TryParse(reset, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return;
        }

        if (left > 0 || seconds <= 0)
        {
            return;
        }

        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        lock (bucket)
        {
            bucket.BlockedUntil = Max(bucket.BlockedUntil, _clock.Elapsed + TimeSpan.FromSeconds(seconds));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Bucket
    {
        public TimeSpan NextSlot { get; set; }

        public TimeSpan BlockedUntil { get; set; }
    }
}
