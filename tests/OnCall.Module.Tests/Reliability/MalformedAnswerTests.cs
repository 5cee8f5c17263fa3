using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;
using Xunit.Abstractions;
using static OnCall.Module.Tests.Infrastructure.ConnectCommands;
using static OnCall.Module.Tests.Reliability.ReliabilityKit;

namespace OnCall.Module.Tests.Reliability;

/// <summary>
/// Every reading endpoint the cmdlets use, for each vendor, answered with each hostile body a broken server, proxy or
/// login page gives: the command ends with a clear ErrorRecord whose id starts with OnCall, never with objects made
/// from nothing, a raw .NET exception, a crash or a hang. The endpoints are found by running each reading command
/// cleanly first and reading the emulator's request log, so a new endpoint joins the sweep by itself.
/// The 50 MB answer is in <see cref="HugeAnswerTests"/>, one endpoint per vendor: the body is read by the one HTTP
/// pipeline before any endpoint's code sees it, and today each 50 MB case costs seconds, which forty endpoints cannot
/// afford in CI.
/// </summary>
public sealed class MalformedAnswerTests(ITestOutputHelper output)
{
    private const string PlatformSchedule = OnCall.Emulator.Datadog.DatadogState.PlatformScheduleId;
    private const string ZStackSchedule = OnCall.Emulator.ZStack.ZStackState.DatabaseScheduleUuid;
    private const int Workers = 4;

    /// <summary>A command that has not ended after this long is parked on something the server said.</summary>
    internal static readonly TimeSpan Parked = TimeSpan.FromSeconds(20);

    private static readonly HostileAnswer[] Bodies =
    [
        HostileAnswer.Html, HostileAnswer.TruncatedJson, HostileAnswer.WrongTypes, HostileAnswer.JsonNull, HostileAnswer.BareString,
        HostileAnswer.ErrorBodyWith200, HostileAnswer.NoContent,
    ];

    private static readonly HostileAnswer[] Headers =
    [
        HostileAnswer.RetryAfterNaN, HostileAnswer.RetryAfterHuge, HostileAnswer.RetryAfterInfinity, HostileAnswer.RateLimitResetHuge, HostileAnswer.RateLimitResetEpoch,
    ];

    /// <summary>The reading commands of each vendor (each gets -Connection m).</summary>
    private static readonly Dictionary<string, string[]> Readers = new()
    {
        ["VictorOps"] =
        [
            "Get-OnCallTeam", "Get-OnCallTeamMember -Team 'Platform Ops'", "Get-OnCallEscalationPolicy -IncludeSteps",
            "Get-OnCallUser", "Get-OnCallUser -User john.smith", "Get-OnCallSchedule -Team 'Platform Ops' -Days 7",
            "Get-OnCallSchedule -User john.smith -Days 7", "Get-OnCallRotation", "Get-OnCallOverride", "Get-OnCallOverride -Id $args[0]",
            "Get-OnCallIncident", "Get-OnCallIncident -Id $args[1]", "Get-OnCallIncident -History -First 5",
        ],
        ["Datadog"] =
        [
            "Get-OnCallTeam", "Get-OnCallTeamMember -Team platform-ops", "Get-OnCallEscalationPolicy -IncludeSteps", "Get-OnCallUser",
            "Get-OnCallSchedule -Schedule " + PlatformSchedule + " -Days 7", "Get-OnCallRotation",
            "Get-OnCallOverride -Schedule " + PlatformSchedule + " -Start ([DateTimeOffset]::UtcNow) -End ([DateTimeOffset]::UtcNow.AddDays(14))",
        ],
        ["ZStack"] =
        [
            "Get-OnCallUser", "Get-OnCallSchedule -Schedule " + ZStackSchedule + " -Days 7", "Get-OnCallRotation",
            "Get-OnCallIncident", "Get-OnCallIncident -Id $args[2]",
        ],
    };

    [Theory]
    [InlineData("VictorOps")]
    [InlineData("Datadog")]
    [InlineData("ZStack")]
    public async Task Every_reading_endpoint_answers_each_hostile_body_with_a_clear_OnCall_error(string vendor)
    {
        var watch = Stopwatch.StartNew();
        List<(string Command, string Path)> endpoints;
        await using (var server = await StartEmulator())
        {
            endpoints = Discover(server, vendor);
        }

        var cases = endpoints.SelectMany(e => Bodies.Select(answer => (Vendor: vendor, e.Command, e.Path, Answer: answer, Status: (int?)null))).ToList();

        var problems = await Sweep(cases, Workers);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{vendor}: {endpoints.Count} reading endpoints x {Bodies.Length} hostile bodies = {cases.Count} cases in {watch.Elapsed.TotalSeconds:0.0} s"));
        foreach (var (command, path) in endpoints)
        {
            output.WriteLine("  GET " + path + "  <- " + command);
        }

        Assert.True(problems.IsEmpty, Summarise(vendor, problems));
    }

    /// <summary>
    /// Hostile rate-limit and retry headers, on a 429 at every attempt: Throttled (or another clear OnCall error), at
    /// once or after a capped wait, never a raw exception or a runbook parked on "reset in 1e300 s". The headers are read
    /// by the one HTTP pipeline, the same for every endpoint, so one reading endpoint of each vendor stands for all.
    /// </summary>
    [Fact]
    public async Task Hostile_retry_and_rate_limit_headers_end_in_a_clear_error_without_parking()
    {
        var endpoints = new[]
        {
            ("VictorOps", "Get-OnCallTeam", "/api-public/v1/team"),
            ("Datadog", "Get-OnCallTeam", "/api/v2/team"),
            ("ZStack", "Get-OnCallRotation", "/api/v1/oncall/schedules"),
        };
        var cases = endpoints.SelectMany(e => Headers.Select(answer => (Vendor: e.Item1, Command: e.Item2, Path: e.Item3, Answer: answer, Status: (int?)429))).ToList();

        var problems = await Sweep(cases, workers: cases.Count);

        Assert.True(problems.IsEmpty, Summarise("Hostile headers", problems));
    }

    /// <summary>
    /// The same headers on a good answer: the objects arrive, and the next call to the endpoint neither throws nor
    /// waits for the announced reset (an epoch an hour ahead is 55 years read as seconds, and an hour read as a time:
    /// longer than a runbook waits either way; 1e300 s fits no clock).
    /// </summary>
    [Theory]
    [InlineData("VictorOps", "Get-OnCallTeam", "/api-public/v1/team", HostileAnswer.RateLimitResetHuge)]
    [InlineData("VictorOps", "Get-OnCallTeam", "/api-public/v1/team", HostileAnswer.RateLimitResetEpoch)]
    [InlineData("Datadog", "Get-OnCallTeam", "/api/v2/team", HostileAnswer.RateLimitResetHuge)]
    [InlineData("Datadog", "Get-OnCallTeam", "/api/v2/team", HostileAnswer.RateLimitResetEpoch)]
    [InlineData("ZStack", "Get-OnCallRotation", "/api/v1/oncall/schedules", HostileAnswer.RateLimitResetHuge)]
    [InlineData("ZStack", "Get-OnCallRotation", "/api/v1/oncall/schedules", HostileAnswer.RateLimitResetEpoch)]
    public async Task A_hostile_reset_on_a_good_answer_neither_throws_nor_parks_the_next_call(string vendor, string command, string path, HostileAnswer answer)
    {
        // Pacing on, as a runbook has it, on an account of its own: whatever the reset does to its pacing stays there.
        var keys = OwnAccount("reset");
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Credentials = keys });
        using var session = new PowerShellSession();
        session.RunOk(Connect(vendor, server.BaseUri, "m", "-SkipValidation -MaximumRetryCount 1", keys) + " | Out-Null");
        using (new ArmedFaults(server, server.Faults.Hostile(path, answer, count: 1, method: "GET", statusCode: 200)))
        {
            var first = RunGuarded(session, command + " -Connection m");

            // The same endpoint again, past any cache.
            var second = RunGuarded(session, "Invoke-OnCallApi -Connection m -Path " + path);

            foreach (var (run, which) in new[] { (first, "the answer with the header"), (second, "the next call to " + path) })
            {
                Assert.False(run.Parked, $"{which} was still running after {Parked.TotalSeconds:0} s");
                Assert.All(run.Errors, e => Assert.True(e.FullyQualifiedErrorId.StartsWith("OnCall.", StringComparison.Ordinal), which + ": " + Describe(e)));
                Assert.True(run.Output.Count > 0 || run.Errors.Count > 0, which + " ended with neither objects nor an error");
            }

            Assert.NotEmpty(first.Output);
        }
    }

    /// <summary>Runs each reading command cleanly and notes the GET paths it used; the first command to use a path tests it.</summary>
    private static List<(string Command, string Path)> Discover(EmulatorServer server, string vendor)
    {
        using var session = new PowerShellSession();
        var found = new List<(string, string)>();
        foreach (var command in Readers[vendor])
        {
            // A fresh connection each time, so no cached directory hides an endpoint.
            session.RunOk(Connect(vendor, server.BaseUri, "m", "-SkipValidation -NoClientPacing") + " | Out-Null");
            var mark = server.LastRequestId;
            var result = session.Run(command + " -Connection m", Arguments);
            Assert.True(!result.AllErrors.Any(), command + " failed without any fault: " + string.Join("; ", result.AllErrors.Select(Describe)));
            foreach (var path in server.Requests.Where(r => r.Id > mark && r.Method == "GET").Select(r => r.Path).Distinct())
            {
                if (found.All(f => f.Item2 != path))
                {
                    found.Add((command, path));
                }
            }
        }

        return found;
    }

    /// <summary>$args of the commands: a VictorOps override and incident, a ZStack alert event.</summary>
    private static readonly object[] Arguments = [SeededOverride, "1", "event-001"];

    /// <summary>An emulator with the VictorOps override the commands read by id.</summary>
    private static async Task<EmulatorServer> StartEmulator(AcceptedCredentials? keys = null)
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { MaxRecordedRequests = 100_000, Credentials = keys ?? new AcceptedCredentials() });
        SeedOverride(server);
        return server;
    }

    /// <summary>
    /// Runs each case (a command, the path to answer badly, the answer) on a fresh connection. Each worker has its own
    /// emulator, so a fault armed for one case never answers another worker's request.
    /// </summary>
    private static async Task<ConcurrentBag<(string Category, string Detail)>> Sweep(List<(string Vendor, string Command, string Path, HostileAnswer Answer, int? Status)> cases, int workers)
    {
        var problems = new ConcurrentBag<(string, string)>();
        var queue = new ConcurrentQueue<(string Vendor, string Command, string Path, HostileAnswer Answer, int? Status)>(cases);
        var running = Enumerable.Range(0, Math.Min(workers, cases.Count)).Select(_ => Task.Run(async () =>
        {
            // An account of its own per worker: a hostile reset must not slow other tests through shared pacing.
            var keys = OwnAccount("hostile");
            await using var server = await StartEmulator(keys);
            using var session = new PowerShellSession();
            while (queue.TryDequeue(out var item))
            {
                session.RunOk(Connect(item.Vendor, server.BaseUri, "m", "-SkipValidation -NoClientPacing -MaximumRetryCount 1", keys) + " | Out-Null");
                GuardedRun run;
                using (new ArmedFaults(server, server.Faults.Hostile(item.Path, item.Answer, count: 100, method: "GET", statusCode: item.Status)))
                {
                    run = RunGuarded(session, item.Command + " -Connection m", Arguments);
                }

                var label = $"{item.Answer} on {item.Vendor} GET {item.Path} ({item.Command})";
                if (run.Parked)
                {
                    problems.Add(($"{item.Answer}: still running after {Parked.TotalSeconds:0} s", label));
                    continue;
                }

                foreach (var error in run.Errors.Where(e => !e.FullyQualifiedErrorId.StartsWith("OnCall.", StringComparison.Ordinal)))
                {
                    problems.Add(($"{item.Answer}: an error without an OnCall id ({error.FullyQualifiedErrorId.Split(',')[0]})", label + ": " + Describe(error)));
                }

                if (run.Errors.Count == 0)
                {
                    problems.Add(($"{item.Answer}: taken as an answer (no error)", label + $": {run.Output.Count} object(s)"));
                }
            }
        })).ToArray();
        await Task.WhenAll(running);
        return problems;
    }

    internal sealed record GuardedRun(IReadOnlyList<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, bool Parked);

    /// <summary>Runs a command, stopping it if it is still running after <see cref="Parked"/>.</summary>
    internal static GuardedRun RunGuarded(PowerShellSession session, string script, params object?[]? args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = session.Runspace;
        ps.AddScript(script);
        foreach (var arg in args ?? [])
        {
            ps.AddArgument(arg);
        }

        var output = new PSDataCollection<PSObject>();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        var parked = !running.AsyncWaitHandle.WaitOne(Parked);
        var errors = new List<ErrorRecord>();
        if (parked)
        {
            ps.Stop();
        }

        try
        {
            ps.EndInvoke(running);
        }
        catch (RuntimeException ex)
        {
            errors.Add(ex.ErrorRecord);
        }

        errors.AddRange(ps.Streams.Error);
        return new GuardedRun(output.ToList(), errors, parked);
    }

    private static string Summarise(string vendor, IEnumerable<(string Category, string Detail)> problems)
    {
        var list = problems.ToList();
        var text = new System.Text.StringBuilder().AppendLine(string.Create(CultureInfo.InvariantCulture, $"{vendor}: {list.Count} hostile answers were not a clear OnCall error:"));
        foreach (var group in list.GroupBy(p => p.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {group.Key}: {group.Count()}, e.g."));
            foreach (var (_, detail) in group.Take(2))
            {
                text.AppendLine("    " + detail);
            }
        }

        return text.ToString();
    }
}

/// <summary>The 50 MB answer alone: nothing else runs, so what the process allocates is the module's doing.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}

[Collection(MemoryCollection.Name)]
public sealed class HugeAnswerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Parked = MalformedAnswerTests.Parked;

    /// <summary>
    /// A 50 MB answer is not read whole: what the process allocates while the command runs stays under the size of
    /// the body. The collection runs alone so other tests' allocations do not count.
    /// </summary>
    [Theory]
    [InlineData("VictorOps", "Get-OnCallTeam", "/api-public/v1/team")]
    [InlineData("Datadog", "Get-OnCallTeam", "/api/v2/team")]
    [InlineData("ZStack", "Get-OnCallRotation", "/api/v1/oncall/schedules")]
    public async Task A_50_MB_answer_is_an_error_and_is_not_held_in_memory(string vendor, string command, string path)
    {
        const long Body = 50L * 1024 * 1024;
        var keys = OwnAccount("huge");
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Credentials = keys });
        using var session = new PowerShellSession();

        // Once cleanly, so what is loaded and compiled on first use is not counted; then a fresh connection (no cache).
        session.RunOk(Connect(vendor, server.BaseUri, "warm", "-SkipValidation -NoClientPacing", keys) + " | Out-Null; " + command + " -Connection warm | Out-Null");
        session.RunOk(Connect(vendor, server.BaseUri, "m", "-SkipValidation -NoClientPacing -MaximumRetryCount 0", keys) + " | Out-Null");
        using (new ArmedFaults(server, server.Faults.Hostile(path, HostileAnswer.HugeBody, count: 10, method: "GET")))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var peak = 0L;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), GC.GetTotalMemory(forceFullCollection: false)));
                    await Task.Delay(5, CancellationToken.None);
                }
            });

            var run = MalformedAnswerTests.RunGuarded(session, command + " -Connection m");
            await sampling.CancelAsync();
            await sampler;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{vendor}: allocated {allocated / 1048576.0:0.0} MB, heap peak +{(peak - heapBefore) / 1048576.0:0.0} MB for a {Body / 1048576} MB answer"));

            var findings = new List<string>();
            if (run.Parked)
            {
                findings.Add("still running after " + Parked.TotalSeconds + " s");
            }

            if (run.Errors.Count == 0)
            {
                findings.Add($"taken as an answer: {run.Output.Count} object(s) and no error");
            }

            findings.AddRange(run.Errors.Where(e => !e.FullyQualifiedErrorId.StartsWith("OnCall.", StringComparison.Ordinal)).Select(e => "an error without an OnCall id: " + Describe(e)));
            if (allocated >= Body)
            {
                findings.Add(string.Create(CultureInfo.InvariantCulture, $"the module allocated {allocated / 1048576.0:0.0} MB for a {Body / 1048576} MB answer: it reads the body whole (heap peak +{(peak - heapBefore) / 1048576.0:0.0} MB)"));
            }

            Assert.True(findings.Count == 0, vendor + ": " + string.Join("; ", findings));
        }
    }

}
