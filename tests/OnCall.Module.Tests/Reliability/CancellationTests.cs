using System.Diagnostics;
using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;
using static OnCall.Module.Tests.Infrastructure.ConnectCommands;
using static OnCall.Module.Tests.Reliability.CancellationTests;
using static OnCall.Module.Tests.Reliability.ReliabilityKit;

namespace OnCall.Module.Tests.Reliability;

/// <summary>
/// Ctrl+C (PowerShell.Stop) while a command waits on the network, on a retry back-off or on pacing: the command ends
/// within a second and the connection still works. Each test first proves the command is really waiting where it
/// says (the emulator saw the request arrive, the back-off was announced, pacing held the request back), so a stop
/// that lands before anything started cannot pass.
/// </summary>
public sealed class CancellationTests(UnconnectedSessionFixture emulator) : IClassFixture<UnconnectedSessionFixture>
{
    /// <summary>The one upper bound the issue asks for.</summary>
    internal static readonly TimeSpan StopBound = TimeSpan.FromSeconds(1);

    /// <summary>How long a test waits for a sign that the command is where it should be before it calls the command stuck.</summary>
    internal static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(20);

    private readonly PowerShellSession session = emulator.Fresh();

    private EmulatorServer Server => emulator.Server;

    [Theory]
    [InlineData("VictorOps", "Get-OnCallTeam -Connection c", "/api-public/v1/team")]
    [InlineData("VictorOps", "Invoke-OnCallApi -Connection c -Path /api-public/v1/policies", "/api-public/v1/policies")]
    [InlineData("Datadog", "Get-OnCallTeam -Connection c", "/api/v2/team")]
    [InlineData("ZStack", "Get-OnCallRotation -Connection c", "/api/v1/oncall/schedules")]
    public async Task Stop_during_a_slow_answer_returns_within_a_second_and_the_connection_still_works(string vendor, string command, string path)
    {
        session.RunOk(Connect(vendor, emulator.BaseUri, "c", "-NoClientPacing -SkipValidation") + " | Out-Null");
        var mark = Server.LastRequestId;
        using (new ArmedFaults(Server, Server.Faults.Slow(path, TimeSpan.FromSeconds(30), count: 1, method: "GET")))
        {
            using var ps = Start(session, command);
            var arrived = await Server.WaitForArrivalAsync(r => r.Id > mark && r.Path == path, SignalTimeout);

            Assert.False(ps.InvocationStateInfo.State is PSInvocationState.Completed or PSInvocationState.Failed, "the command ended before it was stopped");
            Assert.DoesNotContain(Server.Requests, r => r.Id == arrived.Id);
            AssertStopsPromptly(ps);
        }

        Assert.NotEmpty(session.RunOk(command));
    }

    [Fact]
    public void Stop_during_a_retry_back_off_returns_within_a_second_sends_nothing_more_and_the_connection_still_works()
    {
        session.RunOk(ConnectVictorOps(emulator.BaseUri, "c", "-NoClientPacing -SkipValidation -MaximumRetryCount 4") + " | Out-Null");
        const string Path = "/api-public/v1/org/routing-keys";
        var mark = Server.LastRequestId;
        using (new ArmedFaults(Server, Server.Faults.TooManyRequests(Path, retryAfterSeconds: 5, count: 100)))
        {
            using var ps = Start(session, "Invoke-OnCallApi -Connection c -Path " + Path + " -Verbose");
            WaitFor(() => ps.Streams.Verbose.Any(v => v.Message.Contains("retrying in", StringComparison.Ordinal)), "the back-off to be announced");

            var answered = Server.Requests.Where(r => r.Id > mark && r.Path == Path).ToList();
            Assert.Equal(429, Assert.Single(answered).StatusCode);
            AssertStopsPromptly(ps);
            Assert.Single(Server.Arrivals, r => r.Id > mark && r.Path == Path);
        }

        Assert.NotEmpty(session.RunOk("Invoke-OnCallApi -Connection c -Path " + Path));
    }

    internal static async Task<ArrivedRequest?> ArrivesWithin(EmulatorServer server, Func<ArrivedRequest, bool> match, TimeSpan window)
    {
        try
        {
            return await server.WaitForArrivalAsync(match, window);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    internal static PowerShell Start(PowerShellSession session, string script)
    {
        var ps = PowerShell.Create();
        ps.Runspace = session.Runspace;
        ps.AddScript(script);
        ps.BeginInvoke();
        return ps;
    }

    internal static void WaitFor(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < SignalTimeout, "timed out waiting for " + what);
            Thread.Sleep(10);
        }
    }

    internal static void AssertStopsPromptly(PowerShell ps)
    {
        var watch = Stopwatch.StartNew();
        ps.Stop();
        watch.Stop();
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.True(watch.Elapsed < StopBound, "stopping took " + watch.Elapsed);
    }
}

/// <summary>
/// Ctrl+C while the module's pacing holds a request back. Each vendor's case has an emulator and an account of its own
/// (keys no other test uses), since pacing belongs to the account: the wait this class provokes never slows another
/// test's calls.
/// </summary>
public sealed class PacingCancellationTests(PacingCancellationTests.ReportingAccount reporting, PacingCancellationTests.RateLimitedDatadogAccount datadog)
    : IClassFixture<PacingCancellationTests.ReportingAccount>, IClassFixture<PacingCancellationTests.RateLimitedDatadogAccount>
{
    [Fact]
    public void Stop_during_a_VictorOps_reporting_pacing_wait_returns_within_a_second_and_the_connection_still_works()
    {
        var server = reporting.Server;
        var session = reporting.Fresh();
        const string Reporting = "/api-reporting/v2/incidents";
        session.RunOk("Get-OnCallIncident -Connection c -History -First 1 | Out-Null");
        var mark = server.LastRequestId;

        using var ps = Start(session, "Get-OnCallIncident -Connection c -History -First 1");
        WaitFor(() => ps.Streams.Progress.Any(p => p.StatusDescription.Contains("Waiting for the reporting API", StringComparison.Ordinal)), "the pacing wait to be announced");

        Assert.DoesNotContain(server.Arrivals, r => r.Id > mark && r.Path == Reporting);
        AssertStopsPromptly(ps);
        Assert.DoesNotContain(server.Arrivals, r => r.Id > mark && r.Path == Reporting);
        Assert.NotEmpty(session.RunOk("Get-OnCallTeam -Connection c"));
    }

    [Fact]
    public async Task Stop_during_a_Datadog_rate_limit_wait_returns_within_a_second_and_the_connection_still_works()
    {
        var server = datadog.Server;
        var session = datadog.Fresh();
        session.RunOk("Get-OnCallTeam -Connection c | Out-Null");
        Assert.Equal(200, server.Requests[^1].StatusCode);
        var mark = server.LastRequestId;

        using var ps = Start(session, "Get-OnCallTeam -Connection c");

        // Pacing shows as nothing arriving while the command runs: it must still be holding the request back a while later.
        var early = await ArrivesWithin(server, r => r.Id > mark, TimeSpan.FromSeconds(2));
        Assert.True(early is null, $"the next call went out at once ({early?.Method} {early?.Path}) although the last answer said X-RateLimit-Remaining: 0 with a reset in 60 s: Datadog is not paced");
        Assert.Equal(PSInvocationState.Running, ps.InvocationStateInfo.State);
        AssertStopsPromptly(ps);
        Assert.Equal(0, server.RateLimits.TooManyRequestsSent);

        Assert.NotEmpty(session.RunOk("Invoke-OnCallApi -Connection c -Path /api/v2/users"));
    }

    /// <summary>A VictorOps account of its own on an emulator whose reporting API allows a call every 300 ms.</summary>
    public sealed class ReportingAccount : SessionFixture
    {
        private readonly AcceptedCredentials keys = OwnAccount("pacing");

        protected override EmulatorOptions Options() => new() { Credentials = keys, ReportingInterval = TimeSpan.FromMilliseconds(300) };

        protected override IEnumerable<string> Connections() => [Connect("VictorOps", BaseUri, "c", "-SkipValidation", keys)];
    }

    /// <summary>
    /// A Datadog account of its own, allowed one call a minute. The emulator's clock stands on a minute boundary, so
    /// after the first call it says "0 left, reset in 60 s".
    /// </summary>
    public sealed class RateLimitedDatadogAccount : SessionFixture
    {
        private readonly AcceptedCredentials keys = OwnAccount("ddpacing");

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Server.RateLimits.Datadog = true;
            Server.RateLimits.DatadogLimit = 1;
            Server.RateLimits.DatadogPeriodSeconds = 60;
        }

        protected override EmulatorOptions Options() => new() { Credentials = keys, TimeProvider = new FixedClock(new DateTimeOffset(2030, 1, 7, 9, 0, 0, TimeSpan.Zero)) };

        protected override IEnumerable<string> Connections() => [Connect("Datadog", BaseUri, "c", "-SkipValidation", keys)];
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
