namespace OnCall.Engine.Tests.TestSupport;

/// <summary>
/// A clock whose "now" a test sets by hand, so the emulator and the client agree on any instant. Only
/// the date moves: elapsed time and timers stay real (a retry still waits), which keeps the emulator's
/// HTTP server and the pipeline working as they do in production.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    public ManualClock(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
