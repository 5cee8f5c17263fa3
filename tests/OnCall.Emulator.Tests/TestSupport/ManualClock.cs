namespace OnCall.Emulator.Tests.TestSupport;

/// <summary>
/// The emulator's "now" (rotations, rate-limit windows, timestamps of the record and the ledger) moved only by the test,
/// so nothing depends on how busy the machine is. Timers stay real: a Slow fault still waits on the wall clock.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref ticks, now.UtcTicks);
}
