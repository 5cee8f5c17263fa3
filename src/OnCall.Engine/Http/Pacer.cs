using System;
using System.Collections.Concurrent;
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
/// A bucket with no interval of its own (Datadog's: the vendor announces its budget instead) lets
/// calls overlap: they are only spaced, start to start, by Period/Limit of the announced budget once
/// half of it is spent, so a fan-out runs at the rate the vendor allows rather than one call at a time.
/// </summary>
/// <remarks>
/// A vendor's limit belongs to the account, not to a connection object: every connection to one
/// account, in every runspace of the process, takes its turns from the same pacer
/// (<see cref="ForAccount"/>), so sixteen runbook threads stay inside the limit together.
/// </remarks>
internal sealed class Pacer
{
    private static readonly ConcurrentDictionary<(TimeProvider Time, string Account), Pacer> Accounts = new();

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _started;

    private Pacer(TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>
    /// The pacer of one account (provider, host and a hash of the key's identity; see
    /// <see cref="VendorProfile.AccountKey"/>), shared process-wide by every connection on the same
    /// clock: in production that is <see cref="TimeProvider.System"/>, so every connection to one account
    /// shares it; a test's fake clock gets a pacer of its own.
    /// </summary>
    public static Pacer ForAccount(string accountKey, TimeProvider time) => Accounts.GetOrAdd((time, accountKey), key => new Pacer(key.Time));

    /// <summary>Time since this pacer began, on its clock: the axis every bucket's slots are kept on.</summary>
    private TimeSpan Now => _time.GetElapsedTime(_started);

    /// <summary>
    /// Waits for this call's turn in the bucket <paramref name="key"/>, at least
    /// <paramref name="interval"/> after the previous answer; dispose the turn when the answer has
    /// arrived. <paramref name="maxServerWait"/> is the longest wait a server's announced reset may
    /// impose: when the reset is further away, the turn comes back at once, refused
    /// (<see cref="PaceTurn.Refused"/>), and the block is dropped so the next command asks the server
    /// again rather than inheriting a wait nobody can verify.
    /// </summary>
    public async Task<PaceTurn> WaitTurnAsync(string key, TimeSpan interval, TimeSpan maxServerWait, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        var started = Now;
        bucket.Interval = interval;
        if (interval <= TimeSpan.Zero)
        {
            return await OverlappingTurnAsync(bucket, maxServerWait, started, cancellationToken).ConfigureAwait(false);
        }

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
            var now = Now;
            TimeSpan blocked;
            lock (bucket)
            {
                blocked = bucket.BlockedUntil - now;
                if (blocked > maxServerWait)
                {
                    bucket.BlockedUntil = TimeSpan.Zero;
                }
            }

            if (blocked > maxServerWait)
            {
                bucket.Gate.Release();
                return new PaceTurn(this, null, interval, Now - started) { Refused = blocked };
            }

            var wait = NextStart(bucket) - now;
            if (wait > TimeSpan.Zero)
            {
                await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }

        return new PaceTurn(this, bucket, interval, Now - started);
    }

    /// <summary>
    /// A turn in a bucket whose calls may overlap: it starts at the next start slot (spaced by the
    /// budget's Period/Limit once half of it is spent) and not before an announced reset; nothing is
    /// held while the call runs.
    /// </summary>
    private async Task<PaceTurn> OverlappingTurnAsync(Bucket bucket, TimeSpan maxServerWait, TimeSpan started, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.Zero;
        TimeSpan? refused = null;
        lock (bucket)
        {
            var now = Now;
            var blocked = bucket.BlockedUntil - now;
            if (blocked > maxServerWait)
            {
                // As for a paced turn: refused, and the block dropped so the next command asks the server again.
                bucket.BlockedUntil = TimeSpan.Zero;
                refused = blocked;
            }
            else
            {
                var start = Max(now, Max(bucket.NextSlot, bucket.BlockedUntil));
                bucket.NextSlot = start + bucket.Spacing;
                wait = start - now;
            }
        }

        if (refused is null && wait > TimeSpan.Zero)
        {
            await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        return new PaceTurn(this, null, TimeSpan.Zero, Now - started) { Refused = refused };
    }

    /// <summary>How long a new call in this bucket would wait now, for progress estimates.</summary>
    public TimeSpan EstimateWait(string key)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            return TimeSpan.Zero;
        }

        var wait = NextStart(bucket) - Now + TimeSpan.FromTicks(bucket.Interval.Ticks * Volatile.Read(ref bucket.Waiting));
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// Reads X-RateLimit-Remaining and X-RateLimit-Reset off an answer: when nothing remains, the
    /// bucket is held until the reset. Call it before the turn ends, so the next call in the bucket
    /// cannot slip in between the answer and the block.
    /// </summary>
    public void Observe(string key, Func<string, string?> header)
    {
        var remaining = header("X-RateLimit-Remaining");
        LearnSpacing(key, remaining, header);
        if (remaining is null
            || !double.TryParse(remaining.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var left)
            || double.IsNaN(left) || left > 0)
        {
            return;
        }

        if (ServerDelay.FromReset(header("X-RateLimit-Reset"), _time.GetUtcNow()) is not { } reset || reset <= TimeSpan.Zero)
        {
            return;
        }

        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        lock (bucket)
        {
            // Longest keeps the sum in range whatever the server said.
            var until = Now + (reset > ServerDelay.Longest ? ServerDelay.Longest : reset);
            bucket.BlockedUntil = Max(bucket.BlockedUntil, until);
        }
    }

    /// <summary>
    /// The budget an answer announces (X-RateLimit-Limit calls per X-RateLimit-Period seconds): once
    /// half of it is spent, overlapping calls start Period/Limit apart, the rate the vendor allows; while
    /// more than half remains they start at once. Values no server means leave the spacing as it was.
    /// </summary>
    private void LearnSpacing(string key, string? remainingText, Func<string, string?> header)
    {
        if (!TryNumber(header("X-RateLimit-Limit"), out var limit) || limit < 1
            || !TryNumber(header("X-RateLimit-Period"), out var period) || period <= 0 || period > 86400
            || !TryNumber(remainingText, out var remaining))
        {
            return;
        }

        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        lock (bucket)
        {
            bucket.Spacing = remaining > limit / 2 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * period / limit));
        }
    }

    private static bool TryNumber(string? text, out double value) =>
        double.TryParse(text?.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value)
        && !double.IsNaN(value) && !double.IsInfinity(value);

    private static TimeSpan NextStart(Bucket bucket)
    {
        lock (bucket)
        {
            return Max(bucket.NextSlot, bucket.BlockedUntil);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One call's turn in a bucket; ends when disposed.</summary>
    internal sealed class PaceTurn : IDisposable
    {
        private readonly Pacer _pacer;
        private readonly Bucket? _bucket;
        private readonly TimeSpan _interval;
        private int _disposed;

        internal PaceTurn(Pacer pacer, Bucket? bucket, TimeSpan interval, TimeSpan waited)
        {
            _pacer = pacer;
            _bucket = bucket;
            _interval = interval;
            Waited = waited;
        }

        /// <summary>How long the call waited for its turn.</summary>
        public TimeSpan Waited { get; }

        /// <summary>Set when the server's announced reset is further away than the call may wait: how far.</summary>
        public TimeSpan? Refused { get; init; }

        public void Dispose()
        {
            if (_bucket is null || Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            lock (_bucket)
            {
                _bucket.NextSlot = Max(_bucket.NextSlot, _pacer.Now + _interval);
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

        /// <summary>For overlapping calls (no interval): the least time between two starts, learnt from the announced budget.</summary>
        public TimeSpan Spacing { get; set; }
    }
}
