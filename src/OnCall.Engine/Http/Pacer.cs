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
/// </summary>
/// <remarks>
/// <para>
/// A bucket with no interval of its own (Datadog's: the vendor announces its budget instead) lets calls
/// overlap and follows what each answer announces: X-RateLimit-Remaining calls may start at once, less
/// every call of ours the server may not have counted yet when it answered (each call answered after
/// that one started, or still running: the server cannot have counted more of ours than that), and past
/// that allowance calls start X-RateLimit-Period / X-RateLimit-Limit apart, the frequency Datadog's
/// rate-limit page advises; Remaining 0 holds the bucket until the announced reset. Answers naming
/// their budget (X-RateLimit-Name) share one bucket per name, whatever the path; an endpoint not yet
/// answered takes its turns from the budget last announced on the account until its own answer names
/// its budget, so the first calls of a fan-out do not fire blind.
/// </para>
/// <para>
/// A vendor's limit belongs to the account, not to a connection object: every connection to one
/// account, in every runspace of the process, takes its turns from the same pacer
/// (<see cref="ForAccount"/>), so sixteen runbook threads stay inside the limit together.
/// </para>
/// </remarks>
internal sealed class Pacer
{
    private static readonly ConcurrentDictionary<(TimeProvider Time, string Account), Pacer> Accounts = new();

    /// <summary>
    /// Calls started at once stop this many short of the allowance an answer proves: a budget spent to its
    /// last call answers X-RateLimit-Remaining 0, which holds the bucket until the announced reset (a whole
    /// second at least), where a few calls left keep the paced calls that follow flowing, and absorb the few
    /// that a busy machine sends (or a server counts) together although they were started a slot apart.
    /// </summary>
    private const double Reserve = 10;

    /// <summary>A paced call woken more than this many slots late takes a new slot (see <see cref="OverlappingTurnAsync"/>).</summary>
    private const double LateSlots = 2;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    // An overlapping bucket's key to the budget its answers named (X-RateLimit-Name), or to itself.
    private readonly ConcurrentDictionary<string, Bucket> _budgets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _started;
    private Bucket? _lastBudget;

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
        var started = Now;
        if (interval <= TimeSpan.Zero)
        {
            return await OverlappingTurnAsync(BudgetOf(key), maxServerWait, started, cancellationToken).ConfigureAwait(false);
        }

        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
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
    /// A turn in a bucket whose calls may overlap: at once while the announced allowance lasts, else at the
    /// next start slot (Period/Limit apart), and never before an announced reset; nothing is held while the
    /// call runs, but the turn counts it as in flight until it is disposed.
    /// </summary>
    private async Task<PaceTurn> OverlappingTurnAsync(Bucket bucket, TimeSpan maxServerWait, TimeSpan started, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.Zero;
        TimeSpan? refused = null;
        long answeredAtStart;
        lock (bucket)
        {
            var now = Now;
            var blocked = bucket.BlockedUntil - now;
            if (blocked > maxServerWait)
            {
                // As for a paced turn: refused, and the block dropped so the next command asks the server again.
                bucket.BlockedUntil = TimeSpan.Zero;
                refused = blocked;
                return new PaceTurn(this, null, TimeSpan.Zero, Now - started) { Refused = refused };
            }

            TimeSpan start;
            if (blocked <= TimeSpan.Zero && bucket.Allowance >= 1 + Reserve)
            {
                // Proven to be left in the budget: go now, and let the paced calls that follow keep their distance.
                start = now;
                bucket.Allowance -= 1;
                bucket.NextSlot = Max(bucket.NextSlot, now + bucket.Spacing);
            }
            else
            {
                start = Max(now, Max(bucket.NextSlot, bucket.BlockedUntil));
                bucket.NextSlot = start + bucket.Spacing;
            }

            wait = start - now;
            answeredAtStart = bucket.Answered;
            bucket.Started++;
            bucket.InFlight++;
        }

        var turn = new PaceTurn(this, null, TimeSpan.Zero, TimeSpan.Zero) { Budget = bucket, AnsweredAtStart = answeredAtStart };
        try
        {
            while (wait > TimeSpan.Zero)
            {
                var slot = Now + wait;
                await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
                lock (bucket)
                {
                    // Woken more than a few slots late (a stalled process, a starved timer): take a new slot, so that
                    // the calls a stall held back go out one slot apart again rather than all at once.
                    var now = Now;
                    if (now - slot > TimeSpan.FromTicks((long)(bucket.Spacing.Ticks * LateSlots)))
                    {
                        var start = Max(now, bucket.NextSlot);
                        bucket.NextSlot = start + bucket.Spacing;
                        wait = start - now;
                    }
                    else
                    {
                        wait = TimeSpan.Zero;
                    }
                }
            }
        }
        catch
        {
            turn.Dispose();
            throw;
        }

        turn.Waited = Now - started;
        return turn;
    }

    /// <summary>The bucket an overlapping call takes its turn in: its budget once an answer named it, else the account's last announced budget, else its own.</summary>
    private Bucket BudgetOf(string key) =>
        _budgets.TryGetValue(key, out var budget) ? budget : Volatile.Read(ref _lastBudget) ?? _buckets.GetOrAdd(key, _ => new Bucket());

    /// <summary>How long a new call in this bucket would wait now, for progress estimates.</summary>
    public TimeSpan EstimateWait(string key)
    {
        if (!_budgets.TryGetValue(key, out var bucket) && !_buckets.TryGetValue(key, out bucket))
        {
            return TimeSpan.Zero;
        }

        var wait = NextStart(bucket) - Now + TimeSpan.FromTicks(bucket.Interval.Ticks * Volatile.Read(ref bucket.Waiting));
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// Reads the X-RateLimit-* headers off an answer: the budget they announce (see the remarks), and, when
    /// nothing remains, a hold on the bucket until the reset. Call it before the turn ends, so the next call
    /// in the bucket cannot slip in between the answer and the block; <paramref name="turn"/> (the answered
    /// call's) tells which of our calls the server may not have counted yet.
    /// </summary>
    public void Observe(string key, Func<string, string?> header, PaceTurn? turn = null)
    {
        var remaining = header("X-RateLimit-Remaining");
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        if (bucket.Interval <= TimeSpan.Zero)
        {
            bucket = LearnBudget(key, bucket, remaining, header, turn);
        }

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

        lock (bucket)
        {
            // Longest keeps the sum in range whatever the server said.
            var until = Now + (reset > ServerDelay.Longest ? ServerDelay.Longest : reset);
            bucket.BlockedUntil = Max(bucket.BlockedUntil, until);
        }
    }

    /// <summary>
    /// The budget an answer announces, kept on the bucket of its X-RateLimit-Name (or the key's own): the
    /// spacing Period/Limit and the allowance Remaining less our calls it may not have counted. Values no
    /// server means leave the budget as it was. Returns the bucket the answer's budget lives in.
    /// </summary>
    private Bucket LearnBudget(string key, Bucket own, string? remainingText, Func<string, string?> header, PaceTurn? turn)
    {
        var name = header("X-RateLimit-Name")?.Trim();
        var bucket = string.IsNullOrEmpty(name) ? own : _buckets.GetOrAdd("X-RateLimit-Name " + name, _ => new Bucket());
        _budgets[key] = bucket;
        if (!TryNumber(header("X-RateLimit-Limit"), out var limit) || limit < 1
            || !TryNumber(header("X-RateLimit-Period"), out var period) || period <= 0 || period > 86400)
        {
            return bucket;
        }

        // Calls that took their turns from another budget before this answer named this one carry their slots
        // over: the paced calls that follow start after them, not on a fresh schedule beside them.
        var carried = TimeSpan.Zero;
        if (turn?.Budget is { } earlier && earlier != bucket)
        {
            lock (earlier)
            {
                carried = earlier.NextSlot;
            }
        }

        lock (bucket)
        {
            bucket.NextSlot = Max(bucket.NextSlot, carried);
            bucket.Spacing = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * period / limit));
            if (TryNumber(remainingText, out var remaining))
            {
                // Every call of ours answered after this one started, or still running, may not have been counted;
                // a call that took its turn from another budget (before its answers named this one) counts that
                // budget's calls, and this one's calls in flight on top.
                var used = turn?.Budget;
                var uncounted = used is null ? 0 : Interlocked.Read(ref used.Started) - turn!.AnsweredAtStart - 1;
                if (used != bucket)
                {
                    uncounted += bucket.InFlight;
                }

                bucket.Allowance = Math.Min(remaining, limit) - Math.Max(0, uncounted);
                if (remaining < 3)
                {
                    // Less left than the calls a busy machine may bunch: the paced calls leave a slot free, so the
                    // budget fills back up rather than running dry (and paced calls in a calendar window spent by
                    // others slow down before it is gone).
                    bucket.NextSlot = Max(bucket.NextSlot, Now) + bucket.Spacing;
                }
            }
        }

        Volatile.Write(ref _lastBudget, bucket);
        return bucket;
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
        public TimeSpan Waited { get; internal set; }

        /// <summary>An overlapping call's budget: counts it in flight until disposed.</summary>
        internal Bucket? Budget { get; init; }

        /// <summary>How many calls of the budget had been answered when this one started.</summary>
        internal long AnsweredAtStart { get; init; }

        /// <summary>Set when the server's announced reset is further away than the call may wait: how far.</summary>
        public TimeSpan? Refused { get; init; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            if (Budget is { } budget)
            {
                lock (budget)
                {
                    budget.Answered++;
                    budget.InFlight--;
                }
            }

            if (_bucket is null)
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

        /// <summary>For overlapping calls: how many more may start at once, as far as the last answer proves.</summary>
        public double Allowance { get; set; }

        // Overlapping calls started, answered (or ended without an answer) and still running; changed under the bucket's lock.
        public long Started;

        public long Answered;

        public long InFlight;
    }
}
