using System;
using System.Threading;
using OnCall.Emulator.Datadog;
using OnCall.Emulator.VictorOps;
using OnCall.Emulator.ZStack;

namespace OnCall.Emulator;

/// <summary>
/// The in-memory demo organisation of all three vendors. Tests may read and change it; hold <see cref="Sync"/> while
/// doing so, as the endpoints do, so a change is never seen half made.
/// </summary>
public sealed class EmulatorState
{
    internal EmulatorState(EmulatorOptions options)
    {
        Clock = options.TimeProvider;
        VictorOps = new VictorOpsState(Clock, options.HistoryIncidentCount);
        Datadog = new DatadogState();
        ZStack = new ZStackState(Clock);
        RejectEncodedAt = options.RejectEncodedAtInUserPaths;
        Ledger = new WriteLedger(Clock);
    }

    public Lock Sync { get; } = new();

    /// <summary>Every write the endpoints applied, by request: what a test reconciles a client's report with.</summary>
    public WriteLedger Ledger { get; }

    internal bool RejectEncodedAt { get; init; }

    public TimeProvider Clock { get; }

    public VictorOpsState VictorOps { get; }

    public DatadogState Datadog { get; }

    public ZStackState ZStack { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();
}
