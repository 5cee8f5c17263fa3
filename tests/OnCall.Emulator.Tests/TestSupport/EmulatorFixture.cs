namespace OnCall.Emulator.Tests.TestSupport;

/// <summary>
/// One emulator for a test class. Its tests run one after another and each takes the server through <see cref="Reset"/>:
/// no armed fault, rate limits off and at the values it started with, an empty record and ledger. The organisation is
/// not seeded again, so a test works on what it created or picked itself, never on what the test before left.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    private (int VictorOpsPerSecond, TimeSpan ReportingInterval, int DatadogLimit, int DatadogPeriodSeconds) startingLimits;

    public EmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(Options());
        var limits = Server.RateLimits;
        startingLimits = (limits.VictorOpsPerSecond, limits.ReportingInterval, limits.DatadogLimit, limits.DatadogPeriodSeconds);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The server as a test should find it: nothing armed, limited or recorded by the test before.</summary>
    public EmulatorServer Reset()
    {
        Server.Faults.Clear();
        var limits = Server.RateLimits;
        limits.VictorOps = limits.VictorOpsReporting = limits.Datadog = false;
        (limits.VictorOpsPerSecond, limits.ReportingInterval, limits.DatadogLimit, limits.DatadogPeriodSeconds) = startingLimits;
        limits.Reset();
        Server.ClearRequests();
        Server.Ledger.Clear();
        return Server;
    }

    protected virtual EmulatorOptions Options() => new();
}

/// <summary>One emulator for a test class on a <see cref="ManualClock"/>, which its tests set or move.</summary>
public sealed class ClockedEmulatorFixture : EmulatorFixture
{
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    protected override EmulatorOptions Options() => new() { TimeProvider = Clock };
}
