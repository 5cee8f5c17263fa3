using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Http;

/// <summary>
/// Client-side pacing. Calls in one bucket go one at a time, each starting at least the rule's
/// interval after the previous one came back (VictorOps' published 2/s per endpoint, 1/min for
/// reporting). Spacing from the answer rather than from the send keeps a slow first call (a cold
/// connection) from letting three calls into one of the vendor's seconds; at VictorOps' latencies it
/// costs nothing, since an answer takes far less than the interval. A bucket is also held back until
/// the reset a vendor announced in X-RateLimit-* headers (Datadog) once its remaining count hit zero.
/// </summary>
public sealed class Pacer
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Waits for this call's turn; dispose the turn when the answer has arrived.</summary>
    public async Task<PaceTurn> WaitTurnAsync(string key, TimeSpan interval, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        var started = _clock.Elapsed;
        bucket.Interval = interval;
        Interlocked.Increment(ref bucket.Waiting);
        try
        {
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref bucket.Waiting);
        }

        try
        {
            var wait = NextStart(bucket) - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }

        return new PaceTurn(this, bucket, interval, _clock.Elapsed - started);
    }

    /// <summary>How long a new call in this bucket would wait now, for progress estimates.</summary>
    public TimeSpan EstimateWait(string key)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            return TimeSpan.Zero;
        }

        var wait = NextStart(bucket) - _clock.Elapsed + TimeSpan.FromTicks(bucket.Interval.Ticks * Volatile.Read(ref bucket.Waiting));
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Reads X-RateLimit-Remaining and X-RateLimit-Reset (seconds until reset) off an answer.</summary>
    public void Observe(string key, Func<string, string?> header)
    {
        var remaining = header("X-RateLimit-Remaining");
        var reset = header("X-RateLimit-Reset");
        if (remaining is null || reset is null
            || !long.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)
            || !double.TryParse(reset, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || left > 0 || seconds <= 0)
        {
            return;
        }

        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        lock (bucket)
        {
            bucket.BlockedUntil = Max(bucket.BlockedUntil, _clock.Elapsed + TimeSpan.FromSeconds(seconds));
        }
    }

    private static TimeSpan NextStart(Bucket bucket)
    {
        lock (bucket)
        {
            return Max(bucket.NextSlot, bucket.BlockedUntil);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One call's turn in a bucket; ends when disposed.</summary>
    public sealed class PaceTurn : IDisposable
    {
        private readonly Pacer _pacer;
        private readonly Bucket _bucket;
        private readonly TimeSpan _interval;
        private int _disposed;

        internal PaceTurn(Pacer pacer, Bucket bucket, TimeSpan interval, TimeSpan waited)
        {
            _pacer = pacer;
            _bucket = bucket;
            _interval = interval;
            Waited = waited;
        }

        /// <summary>How long the call waited for its turn.</summary>
        public TimeSpan Waited { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            lock (_bucket)
            {
                _bucket.NextSlot = Max(_bucket.NextSlot, _pacer._clock.Elapsed + _interval);
            }

            _bucket.Gate.Release();
        }
    }

    // The semaphore never allocates a wait handle (no AvailableWaitHandle), so there is nothing to dispose.
#pragma warning disable CA1001
    internal sealed class Bucket
#pragma warning restore CA1001
    {
        public readonly SemaphoreSlim Gate = new(1, 1);

        public int Waiting;

        public TimeSpan Interval { get; set; }

        public TimeSpan NextSlot { get; set; }

        public TimeSpan BlockedUntil { get; set; }
    }
}
