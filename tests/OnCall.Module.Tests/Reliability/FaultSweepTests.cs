using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Emulator.VictorOps;
using OnCall.Module.Tests.Infrastructure;
using Xunit.Abstractions;
using static OnCall.Module.Tests.Infrastructure.ConnectCommands;
using static OnCall.Module.Tests.Reliability.ReliabilityKit;

namespace OnCall.Module.Tests.Reliability;

/// <summary>
/// Two thousand operations through the cmdlets (reads, acknowledgements, resolves, incident creates, overrides set and
/// removed) while 30% of requests meet a fault of every kind the emulator has, before and after it applies them. The
/// emulator's ledger says which writes really happened; the module's objects and error records must agree with it.
/// </summary>
public sealed class FaultSweepTests(ITestOutputHelper output)
{
    private const int Operations = 2000;
    private const int Runspaces = 16;
    private const int Chunk = 50;
    private const double FaultShare = 0.3;

    private static readonly FaultKind[] EveryKind =
    [
        FaultKind.ServerError, FaultKind.TooManyRequests, FaultKind.ThrottleForbidden, FaultKind.Delay, FaultKind.DropConnection,
        FaultKind.MalformedBody, FaultKind.TruncatedBody, FaultKind.DropAfterApply, FaultKind.TruncateAfterApply, FaultKind.ServerErrorAfterApply,
    ];

    // One script runs a chunk of operations and always says how each ended, so a crash or a hang shows as a missing outcome.
    private const string Runner = """
        foreach ($op in $args[0]) {
            $err = $null
            $out = @()
            try {
                $p = $op.Params
                $out = @(& $op.Command @p -ErrorVariable err -ErrorAction SilentlyContinue)
            }
            catch {
                $err = @($err) + @($_)
            }
            [pscustomobject]@{ N = $op.N; Out = $out; Err = @($err | Where-Object { $_ -ne $null }) }
        }
        """;

    private enum Kind
    {
        Read,
        Ack,
        Resolve,
        Create,
        SetOverride,
        RemoveOverride,
    }

    [Fact]
    public async Task Two_thousand_operations_under_thirty_percent_faults_reconcile_with_the_ledger()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { MaxRecordedRequests = 100_000, HistoryIncidentCount = 0 });
        var random = new Random(20260707);
        var pools = new Dictionary<(string Vendor, Kind Kind), Queue<string>>
        {
            [(VictorOps, Kind.Ack)] = new(SeedVictorOps(server, 600)),
            [(VictorOps, Kind.Resolve)] = new(SeedVictorOps(server, 500)),
            [(Datadog, Kind.Ack)] = new(SeedDatadog(server, 250)),
            [(Datadog, Kind.Resolve)] = new(SeedDatadog(server, 200)),
            [(ZStack, Kind.Ack)] = new(SeedZStack(server, 150)),
            [(ZStack, Kind.Resolve)] = new(SeedZStack(server, 120)),
        };
        var readable = new Dictionary<string, string[]>
        {
            [VictorOps] = [.. pools[(VictorOps, Kind.Ack)], .. pools[(VictorOps, Kind.Resolve)]],
            [ZStack] = [.. pools[(ZStack, Kind.Ack)], .. pools[(ZStack, Kind.Resolve)]],
        };
        var overrideStart = new DateTimeOffset(2031, 3, 2, 0, 0, 0, TimeSpan.Zero);

        var setup = Stopwatch.StartNew();
        var sessions = new PowerShellSession[Runspaces];
        try
        {
            // Each runspace has its own connections to the one account of each vendor.
            Parallel.For(0, Runspaces, i =>
            {
                sessions[i] = new PowerShellSession();
                const string Options = "-NoClientPacing -SkipValidation -MaximumRetryCount 2 -TimeoutSec 10";
                sessions[i].RunOk(
                    ConnectVictorOps(server.BaseUri, VictorOps + i, Options) + " | Out-Null; "
                    + ConnectDatadog(server.BaseUri, Datadog + i, Options) + " | Out-Null; "
                    + ConnectZStack(server.BaseUri, ZStack + i, Options) + " | Out-Null");
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Runspaces} runspaces in {setup.Elapsed.TotalSeconds:0.0} s"));

            var firstPhase = Operations * 85 / 100;
            var ops = new List<Op>();
            for (var n = 0; n < firstPhase; n++)
            {
                var vendor = random.NextDouble() switch { < 0.6 => VictorOps, < 0.85 => Datadog, _ => ZStack };
                var roll = random.NextDouble();
                ops.Add(roll switch
                {
                    < 0.30 => Read(n, vendor, random, readable),
                    < 0.50 => Act(n, vendor, Kind.Ack, "Invoke-IncidentAck", Take(pools[(vendor, Kind.Ack)], random)),
                    < 0.65 => Act(n, vendor, Kind.Resolve, "Invoke-IncidentResolve", Take(pools[(vendor, Kind.Resolve)], random)),
                    < 0.82 when vendor != ZStack => Create(n, vendor),
                    _ => SetOverride(n, vendor, overrideStart.AddHours(n)),
                });
            }

            var watch = Stopwatch.StartNew();
            var outcomes = new Dictionary<int, Outcome>();
            using (new ArmedFaults(server, server.Faults.Mix("*", FaultShare, EveryKind, statusCode: 503, retryAfterSeconds: 0, delay: TimeSpan.FromMilliseconds(50))))
            {
                RunAll(sessions, ops, outcomes);

                // Second phase: remove what the first created (ZStack has no API for that), among more reads.
                var created = ops.Where(o => o.Kind == Kind.SetOverride && o.Vendor != ZStack && outcomes.TryGetValue(o.N, out var r) && r.Errors.Count == 0 && r.Output.Count == 1)
                    .Select(o => (o.Vendor, Id: Text(outcomes[o.N].Output[0], "Id"))).ToList();
                var second = new List<Op>();
                for (var n = firstPhase; n < Operations; n++)
                {
                    second.Add(n - firstPhase < created.Count
                        ? RemoveOverride(n, created[n - firstPhase].Vendor, created[n - firstPhase].Id)
                        : Read(n, VictorOps, random, readable));
                }

                RunAll(sessions, second, outcomes);
                ops.AddRange(second);
            }

            watch.Stop();
            Assert.Empty(server.Faults.Rules);
            var problems = Reconcile(ops, outcomes, server.Ledger.Entries);
            var requests = server.Requests;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ops.Count} operations, {requests.Count} requests, {requests.Count(r => r.Fault is not null)} faults, {server.Ledger.Entries.Count} writes applied, in {watch.Elapsed.TotalSeconds:0.0} s"));
            foreach (var kind in EveryKind)
            {
                output.WriteLine($"  {kind}: {requests.Count(r => r.Fault == kind.ToString())}");
            }

            Assert.Equal(Operations, ops.Count);
            Assert.All(EveryKind, kind => Assert.Contains(requests, r => r.Fault == kind.ToString()));
            Assert.True(problems.Count == 0, Summarise(problems));
        }
        finally
        {
            foreach (var session in sessions)
            {
                session?.Dispose();
            }
        }
    }

    private static void RunAll(PowerShellSession[] sessions, List<Op> ops, Dictionary<int, Outcome> outcomes)
    {
        var found = new System.Collections.Concurrent.ConcurrentBag<Outcome>();
        Parallel.For(0, sessions.Length, new ParallelOptions { MaxDegreeOfParallelism = sessions.Length }, i =>
        {
            var mine = ops.Where((_, index) => index % sessions.Length == i).ToList();
            foreach (var chunk in mine.Chunk(Chunk))
            {
                var batch = chunk.Select(o => o.ToHashtable(o.Vendor + i)).ToArray();
                var result = sessions[i].Run(Runner, (object)batch);
                foreach (var record in result.Output)
                {
                    found.Add(Outcome.From(record));
                }

                // An error outside any operation (the runner itself broke) is a finding too.
                foreach (var stray in result.AllErrors)
                {
                    found.Add(new Outcome(-1, [], [stray]));
                }
            }
        });

        foreach (var outcome in found)
        {
            outcomes[outcome.N] = outcome;
        }
    }

    /// <summary>Every disagreement between what the module said and what the emulator did, as readable lines.</summary>
    private static List<(string Category, string Detail)> Reconcile(List<Op> ops, Dictionary<int, Outcome> outcomes, IReadOnlyList<LedgerEntry> ledger)
    {
        var problems = new List<(string, string)>();
        void Problem(string category, Op op, string detail) => problems.Add((category, $"op {op.N} {op.Describe()}: {detail}"));

        foreach (var stray in outcomes.Values.Where(o => o.N < 0).SelectMany(o => o.Errors))
        {
            problems.Add(("an error outside any operation", Describe(stray)));
        }

        var ledgerBy = ledger.ToLookup(e => (e.Action, e.Subject));
        foreach (var group in ledgerBy.Where(g => g.Count() > 1))
        {
            problems.Add(("a write applied more than once", $"{group.Key.Action} {group.Key.Subject} applied {group.Count()} times by requests {string.Join(", ", group.Select(e => e.RequestId))}"));
        }

        var accounted = new HashSet<LedgerEntry>();
        foreach (var op in ops)
        {
            if (!outcomes.TryGetValue(op.N, out var outcome))
            {
                Problem("an operation that never ended", op, "no outcome: the runner stopped or hung before it");
                continue;
            }

            foreach (var error in outcome.Errors.Where(e => !e.FullyQualifiedErrorId.StartsWith("OnCall.", StringComparison.Ordinal)))
            {
                Problem("an error without an OnCall id", op, Describe(error));
            }

            switch (op.Kind)
            {
                case Kind.Read:
                    if (outcome.Output.Count == 0 && outcome.Errors.Count == 0)
                    {
                        Problem("a read that ended with neither objects nor an error", op, "silence");
                    }

                    break;
                case Kind.Ack:
                case Kind.Resolve:
                    {
                        var action = op.Kind == Kind.Ack ? LedgerAction.IncidentAcknowledged : LedgerAction.IncidentResolved;
                        var batchErrors = outcome.Errors.Where(e => !op.Incidents.Contains(e.TargetObject?.ToString() ?? string.Empty)).ToList();
                        foreach (var incident in op.Incidents)
                        {
                            var applied = ledgerBy[(action, incident)].ToList();
                            accounted.UnionWith(applied);
                            var succeeded = outcome.Output.Any(o => Text(o, "Id") == incident && Text(o, "Accepted") == "True");
                            var own = outcome.Errors.Where(e => e.TargetObject?.ToString() == incident).ToList();
                            var errors = own.Concat(batchErrors).ToList();
                            if (succeeded && applied.Count == 0)
                            {
                                Problem("reported done but never applied", op, "incident " + incident);
                            }

                            if (!succeeded && errors.Count == 0)
                            {
                                Problem("an incident with neither a result nor an error", op, "incident " + incident);
                            }

                            if (!succeeded && own.Count == 0 && batchErrors.Count > 0)
                            {
                                Problem("a failed incident without its own ErrorRecord (the batch error targets " + batchErrors[0].TargetObject + ")", op, "incident " + incident);
                            }

                            if (!succeeded && applied.Count > 0 && errors.Count > 0 && !errors.Any(SaysMayHaveApplied))
                            {
                                Problem("applied but reported failed without MayHaveApplied (" + Reason(errors[0]) + ")", op, "incident " + incident + ": " + Describe(errors[0]));
                            }
                        }

                        break;
                    }

                case Kind.Create:
                    {
                        var applied = ledger.Where(e => e.Action == LedgerAction.IncidentCreated && e.Detail == op.Title && e.Vendor == op.Vendor).ToList();
                        accounted.UnionWith(applied);
                        CheckCreate(op, outcome, applied, Problem);
                        break;
                    }

                case Kind.SetOverride:
                    {
                        var applied = ledger.Where(e => e.Action == LedgerAction.OverrideSet && e.Detail?.EndsWith(" " + op.OverrideKey, StringComparison.Ordinal) == true).ToList();
                        accounted.UnionWith(applied);
                        CheckCreate(op, outcome, applied, Problem);
                        break;
                    }

                case Kind.RemoveOverride:
                    {
                        var applied = ledgerBy[(LedgerAction.OverrideRemoved, op.OverrideId!)].ToList();
                        accounted.UnionWith(applied);
                        if (outcome.Errors.Count == 0 && applied.Count == 0)
                        {
                            Problem("reported done but never applied", op, "override " + op.OverrideId);
                        }

                        if (outcome.Errors.Count > 0 && applied.Count > 0 && !outcome.Errors.Any(SaysMayHaveApplied))
                        {
                            var notFound = outcome.Errors.Any(e => e.FullyQualifiedErrorId.Contains("NotFound", StringComparison.Ordinal));
                            Problem(
                                notFound ? "a delete whose first attempt applied reported as not found (a 404 on the retry means gone)" : "applied but reported failed without MayHaveApplied (" + Reason(outcome.Errors[0]) + ")",
                                op,
                                "override " + op.OverrideId + ": " + Describe(outcome.Errors[0]));
                        }

                        break;
                    }
            }
        }

        // Take-on-call, reroutes and the rest are never asked for here; any such write, or one for nobody's operation, is unaccounted.
        foreach (var entry in ledger.Where(e => !accounted.Contains(e)))
        {
            problems.Add(("a write nobody asked for", $"{entry.Action} {entry.Subject} ({entry.Detail}) by request {entry.RequestId}"));
        }

        return problems;
    }

    /// <summary>A create (incident or override) answers with one object whose id the ledger has, or an error that says whether it may have happened.</summary>
    private static void CheckCreate(Op op, Outcome outcome, List<LedgerEntry> applied, Action<string, Op, string> problem)
    {
        if (applied.Count > 1)
        {
            problem("created more than once by one call", op, applied.Count + " times: " + string.Join(", ", applied.Select(e => e.Subject)));
        }

        if (outcome.Errors.Count == 0)
        {
            var id = outcome.Output.Count == 1 ? Text(outcome.Output[0], "Id") : null;
            if (id is null)
            {
                problem("a create that ended with neither one object nor an error", op, outcome.Output.Count + " objects");
            }
            else if (applied.Count == 0 || applied.All(e => e.Subject != id))
            {
                problem("reported done but never applied", op, "id " + id);
            }
        }
        else if (applied.Count > 0 && !outcome.Errors.Any(SaysMayHaveApplied) && !ReportsCreatedAndItsLaterStepFailed(outcome, applied))
        {
            problem("applied but reported failed without MayHaveApplied (" + Reason(outcome.Errors[0]) + ")", op, applied[0].Subject + ": " + Describe(outcome.Errors[0]));
        }
    }

    /// <summary>
    /// A VictorOps override is created, then assigned: when the create answered and an assignment was refused, the
    /// module writes the created override and an AssignmentFailed error about that very id. Nothing is unknown there:
    /// the user has the override's id and knows what failed, so it needs no MayHaveApplied.
    /// </summary>
    private static bool ReportsCreatedAndItsLaterStepFailed(Outcome outcome, List<LedgerEntry> applied)
    {
        var id = outcome.Output.Count == 1 ? Text(outcome.Output[0], "Id") : null;
        return id is not null
            && applied.Any(e => e.Subject == id)
            && outcome.Errors.All(e => Reason(e) == "OnCall.VictorOps.AssignmentFailed" && e.TargetObject?.ToString() == id);
    }

    private static string Reason(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

    private static string Summarise(List<(string Category, string Detail)> problems)
    {
        var text = new System.Text.StringBuilder().AppendLine(string.Create(CultureInfo.InvariantCulture, $"{problems.Count} disagreements between the module and the emulator's ledger:"));
        foreach (var group in problems.GroupBy(p => p.Category).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {group.Key}: {group.Count()}, e.g."));
            foreach (var (_, detail) in group.Take(3))
            {
                text.AppendLine("    " + detail);
            }
        }

        return text.ToString();
    }

    private const string VictorOps = "VictorOps";
    private const string Datadog = "Datadog";
    private const string ZStack = "ZStack";

    private static IReadOnlyList<string> SeedVictorOps(EmulatorServer server, int count)
    {
        var numbers = new List<string>();
        lock (server.State.Sync)
        {
            var vo = server.State.VictorOps;
            var next = vo.NextIncidentNumber;
            for (var i = 0; i < count; i++, next++)
            {
                vo.Incidents.Add(new VoIncident
                {
                    Number = next,
                    StartTime = server.State.Now.AddMinutes(-5),
                    EntityId = "reliability-" + next,
                    EntityDisplayName = "reliability incident " + next,
                    Service = "reliability",
                    LastAlertId = "alert-" + next,
                    PagedUsers = { DemoPeople.John },
                });
                numbers.Add(next.ToString(CultureInfo.InvariantCulture));
            }
        }

        return numbers;
    }

    private static IReadOnlyList<string> SeedDatadog(EmulatorServer server, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        lock (server.State.Sync)
        {
            server.State.Datadog.Pages.AddRange(ids.Select(id => new OnCall.Emulator.Datadog.DdPage { Id = id, Title = "seeded page " + id }));
        }

        return ids;
    }

    private static IReadOnlyList<string> SeedZStack(EmulatorServer server, int count)
    {
        var ids = new List<string>();
        lock (server.State.Sync)
        {
            var zs = server.State.ZStack;
            for (var i = 0; i < count; i++)
            {
                var id = "rel-event-" + zs.Events.Count.ToString("00000", CultureInfo.InvariantCulture);
                zs.Events.Add(new OnCall.Emulator.ZStack.ZsEvent
                {
                    Uuid = id,
                    RuleUuid = "rule-reliability",
                    RuleName = "reliability",
                    ResourceUuid = "res-" + id,
                    MetricName = "cpu",
                    Message = "reliability event " + id,
                    Fingerprint = "fp-" + id,
                    NotifiedAt = server.State.Now.AddMinutes(-5),
                });
                ids.Add(id);
            }
        }

        return ids;
    }

    private static string[] Take(Queue<string> pool, Random random) =>
        Enumerable.Range(0, 1 + random.Next(3)).Where(_ => pool.Count > 0).Select(_ => pool.Dequeue()).ToArray();

    private static Op Read(int n, string vendor, Random random, Dictionary<string, string[]> incidents) => (vendor, random.Next(20)) switch
    {
        (VictorOps, < 12) => new Op(n, vendor, Kind.Read, "Get-OnCallIncident", new() { ["Id"] = incidents[vendor][random.Next(incidents[vendor].Length)] }),
        (VictorOps, < 15) => new Op(n, vendor, Kind.Read, "Get-OnCallTeam", []),
        (VictorOps, < 18) => new Op(n, vendor, Kind.Read, "Get-OnCallUser", new() { ["Team"] = "Platform Ops" }),
        (VictorOps, < 19) => new Op(n, vendor, Kind.Read, "Get-OnCallEscalationPolicy", []),
        (VictorOps, _) => new Op(n, vendor, Kind.Read, "Get-OnCallTeamMember", new() { ["Team"] = "Database SRE" }),
        (Datadog, < 10) => new Op(n, vendor, Kind.Read, "Get-OnCallTeam", []),
        (Datadog, _) => new Op(n, vendor, Kind.Read, "Get-OnCallEscalationPolicy", []),
        (_, < 14) => new Op(n, vendor, Kind.Read, "Get-OnCallIncident", new() { ["Id"] = incidents[vendor][random.Next(incidents[vendor].Length)] }),
        _ => new Op(n, vendor, Kind.Read, "Get-OnCallRotation", []),
    };

    private static Op Act(int n, string vendor, Kind kind, string command, string[] incidents) =>
        new(n, vendor, kind, command, new() { ["Id"] = incidents, ["Message"] = "reliability op " + n, ["Confirm"] = false }) { Incidents = incidents };

    private static Op Create(int n, string vendor)
    {
        var title = "reliability op " + n.ToString(CultureInfo.InvariantCulture);
        var target = vendor == VictorOps ? "User:john.smith" : "team_handle:platform-ops";
        return new Op(n, vendor, Kind.Create, "New-OnCallIncident", new() { ["Title"] = title, ["Description"] = "fault sweep", ["Target"] = new[] { target }, ["Confirm"] = false }) { Title = title };
    }

    private static Op SetOverride(int n, string vendor, DateTimeOffset start)
    {
        var parameters = vendor switch
        {
            VictorOps => new Dictionary<string, object> { ["User"] = DemoPeople.Alice, ["OriginalUser"] = DemoPeople.John },
            Datadog => new Dictionary<string, object> { ["User"] = DemoPeople.Alice, ["Schedule"] = OnCall.Emulator.Datadog.DatadogState.PlatformScheduleId },
            _ => new Dictionary<string, object> { ["User"] = "user-carol", ["OriginalUser"] = "user-bob", ["Schedule"] = OnCall.Emulator.ZStack.ZStackState.DatabaseScheduleUuid },
        };
        parameters["Start"] = start;
        parameters["End"] = start.AddMinutes(30);
        parameters["Confirm"] = false;
        return new Op(n, vendor, Kind.SetOverride, "Set-OnCallOverride", parameters)
        {
            OverrideKey = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
    }

    private static Op RemoveOverride(int n, string vendor, string id)
    {
        var parameters = new Dictionary<string, object> { ["Id"] = id, ["Confirm"] = false };
        if (vendor == Datadog)
        {
            parameters["Schedule"] = OnCall.Emulator.Datadog.DatadogState.PlatformScheduleId;
        }

        return new Op(n, vendor, Kind.RemoveOverride, "Remove-OnCallOverride", parameters) { OverrideId = id };
    }

    private sealed record Op(int N, string Vendor, Kind Kind, string Command, Dictionary<string, object> Params)
    {
        public string[] Incidents { get; init; } = [];

        public string? Title { get; init; }

        public string? OverrideKey { get; init; }

        public string? OverrideId { get; init; }

        public string Describe() => Vendor + ": " + Command + " " + string.Join(" ", Params.Where(p => p.Key != "Confirm").Select(p => "-" + p.Key + " " + (p.Value is Array a ? string.Join(",", a.Cast<object>()) : p.Value)));

        public Hashtable ToHashtable(string connection)
        {
            var parameters = new Hashtable(Params) { ["Connection"] = connection };
            return new Hashtable { ["N"] = N, ["Command"] = Command, ["Params"] = parameters };
        }
    }

    private sealed record Outcome(int N, IReadOnlyList<PSObject> Output, IReadOnlyList<ErrorRecord> Errors)
    {
        public static Outcome From(PSObject record)
        {
            var n = Convert.ToInt32(record.Properties["N"].Value, CultureInfo.InvariantCulture);
            var output = Items(record.Properties["Out"].Value).Select(PSObject.AsPSObject).ToList();
            var errors = new List<ErrorRecord>();
            foreach (var error in Items(record.Properties["Err"].Value).Select(Unwrap).OfType<ErrorRecord>())
            {
                // -ErrorVariable and catch can both hold a terminating error.
                if (!errors.Any(e => ReferenceEquals(e, error) || (e.FullyQualifiedErrorId == error.FullyQualifiedErrorId && e.Exception?.Message == error.Exception?.Message)))
                {
                    errors.Add(error);
                }
            }

            return new Outcome(n, output, errors);
        }

        private static object? Unwrap(object? item) => item is PSObject wrapped ? wrapped.BaseObject : item;

        private static IEnumerable<object> Items(object? value) => Unwrap(value) switch
        {
            null => [],
            IEnumerable many and not string => many.Cast<object?>().Where(o => o is not null).Cast<object>(),
            var one => [one],
        };
    }
}
