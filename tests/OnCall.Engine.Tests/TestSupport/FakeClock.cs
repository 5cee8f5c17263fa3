namespace OnCall.Engine.Tests.TestSupport;

/// <summary>
/// A clock that moves only when a test says so: "now", elapsed time and every timer (so every
/// TimeProvider.Delay) follow <see cref="Advance"/>. Timing asserts then say exactly when something
/// happens, with no wall clock and no busy machine in them. (<see cref="ManualClock"/> moves only the date.)
/// </summary>
public sealed class FakeClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = new();
    private DateTimeOffset _now;

    public FakeClock(DateTimeOffset now) => _now = now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time on, firing each timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset until;
        lock (_gate)
        {
            until = _now + by;
        }

        while (true)
        {
            FakeTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= until).OrderBy(t => t.DueAt).FirstOrDefault();
                if (due is null)
                {
                    _now = until;
                    return;
                }

                _now = due.DueAt!.Value;
                due.Fired();
            }

            due.Callback(due.State);
        }
    }

    /// <summary>
    /// A stall: time moves on at once, and the timers that fell due meanwhile fire late, every one of them seeing
    /// the new time (<see cref="Advance"/> lets each see its own due time, which a stalled process never does).
    /// </summary>
    public void Jump(TimeSpan by)
    {
        List<FakeTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).OrderBy(t => t.DueAt).ToList();
            foreach (var timer in due)
            {
                timer.Fired();
            }
        }

        foreach (var timer in due)
        {
            timer.Callback(timer.State);
        }
    }

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public TimerCallback Callback => callback;

        public object? State => state;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                _period = period;
                clock._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock._now + dueTime;
                    clock._timers.Add(this);
                }
                else
                {
                    DueAt = null;
                }
            }

            return true;
        }

        /// <summary>Called under the clock's lock when it fires: rearmed when periodic, else gone.</summary>
        public void Fired()
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                clock._timers.Add(this);
            }
            else
            {
                DueAt = null;
            }
        }

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
