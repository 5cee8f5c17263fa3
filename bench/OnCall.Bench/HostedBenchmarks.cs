using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace OnCall.Bench;

/// <summary>
/// The scenarios that run the module as users do: imported into a hosted runspace in a process of its own
/// (OnCall.Bench.Host), against the stand-in in this process.
/// </summary>
internal static class HostedBenchmarks
{
    private static readonly TimeSpan HostTimeout = TimeSpan.FromMinutes(15);

    public static async Task<IReadOnlyList<Figure>> PerCallAsync(bool quick, TextWriter output)
    {
        await using var server = await StandIn.StartAsync(new StandInOptions { DatadogTeams = 20 });
        var f = HostProcess.Run("per-call", new[]
        {
            ("url", server.BaseUri.ToString()),
            ("rounds", quick ? "3" : "15"),
            ("batch", quick ? "10" : "50"),
            ("warmup", quick ? "0.5" : "3"),
            ("settle", quick ? "0.5" : "30"),
        }, HostTimeout);
        output.WriteLine(Invariant("per-call: GET of a 20-team Datadog list on loopback, median of {0} interleaved rounds after a warm-up of {6:0.0} s (JIT at {7} methods/s at its end): raw {1:0} µs, Get-OnCallTeam {2:0} µs, Invoke-OnCallApi {3:0} µs, Invoke-RestMethod {4:0} µs, a cmdlet writing 20 objects (no HTTP) {5:0} µs", quick ? 3 : 15, f["raw-us"], f["get-team-us"], f["invoke-api-us"], f["irm-us"], f["noop-us"], f["warmup-s"], f["warmup-jit-per-s"]));
        EngineBreakdown.Print(EngineBreakdown.Measure(server.BaseUri, quick), f, output);
        return new[]
        {
            new Figure("per-call Get-OnCallTeam", f["get-team-us"], "us", f["raw-us"], "HttpClient+STJ", "<= 1.50x", f["get-team-us"] <= 1.5 * f["raw-us"]),
            new Figure("per-call Invoke-OnCallApi", f["invoke-api-us"], "us", f["raw-us"], "HttpClient+STJ", "<= 1.50x", f["invoke-api-us"] <= 1.5 * f["raw-us"]),
            new Figure("per-call Get-OnCallTeam vs Invoke-RestMethod", f["get-team-us"], "us", f["irm-us"], "Invoke-RestMethod", "reference", null),
        };
    }

    public static async Task<IReadOnlyList<Figure>> StreamingAsync(bool quick, TextWriter output)
    {
        var incidents = quick ? 3_000 : 100_000;
        await using var server = await StandIn.StartAsync(new StandInOptions { Incidents = incidents });
        var f = HostProcess.Run("streaming", new[]
        {
            ("url", server.BaseUri.ToString()),
            ("delay-us", "100"),
            ("sample-ms", quick ? "100" : "250"),
            ("settle-ms", quick ? "300" : "1000"),
        }, HostTimeout);
        if ((int)f["objects"] != incidents)
        {
            throw new InvalidOperationException(Invariant("streaming: the consumer received {0} incidents of {1}", f["objects"], incidents));
        }

        // What the answers weigh: the live memory a reader that kept everything would hold at least.
        var answersMb = incidents * 1.1 / 1024;
        output.WriteLine(Invariant("streaming: {0:N0} incidents into a consumer taking 0.1 ms each: {1:0.0} s, {2} requests, first object after {3:0.0} ms with {4} request(s) sent; growth {5:0.0} MB; Select-Object -First 5: {6} object(s), {7} request(s)", incidents, f["elapsed-ms"] / 1000, f["requests"], f["first-object-ms"], f["requests-at-first-object"], f["growth-mb"], f["first5-objects"], f["first5-requests"]));
        var label = Invariant("{0:N0} incidents", incidents);
        return new[]
        {
            new Figure("streaming memory growth, " + label + ", 0.1 ms/object", f["growth-mb"], "MB", answersMb, "the answers' JSON", "< 50 MB", f["growth-mb"] < 50),
            new Figure("streaming requests sent when the first object arrived", f["requests-at-first-object"], string.Empty, null, string.Empty, "1 (page 2 not yet asked)", f["requests-at-first-object"] == 1),
            new Figure("streaming Select-Object -First 5", f["first5-requests"], "requests", null, string.Empty, "1 request", f["first5-requests"] == 1 && f["first5-objects"] == 5),
        };
    }

    /// <summary>Datadog "who is on call" for every team: the team list, then one on-call read per team.</summary>
    public static Task<IReadOnlyList<Figure>> FanOutAsync(bool quick, TextWriter output) =>
        DatadogFanOutAsync("fan-out", "Get-OnCallUser", quick ? 40 : 200, "teams", 0, "/api/v2/on-call/teams/", "fan-out 429 answers", quick ? 1 : 3, quick, output);

    /// <summary>
    /// Next 7a: Get-OnCallEscalationPolicy over Datadog policies (one read per policy, the recorded answer with
    /// steps, targets and teams included), so the fan-outs other than "who is on call" have a figure. The team
    /// list (one page, to name each policy's team) needs nothing from the policy list: any client may read it alongside.
    /// </summary>
    public static Task<IReadOnlyList<Figure>> FanOutPoliciesAsync(bool quick, TextWriter output) =>
        DatadogFanOutAsync("fan-out-policies", "Get-OnCallEscalationPolicy", quick ? 20 : 100, "escalation policies", 1, "/api/v2/on-call/escalation-policies/", "fan-out policies 429 answers", quick ? 1 : 5, quick, output);

    /// <summary>
    /// A Datadog fan-out over <paramref name="items"/> teams (or, with a list alongside, policies on 20 teams) at
    /// 25 ms a round trip against a budget of 500/s holding 20, against the floor that latency and budget allow.
    /// </summary>
    private static async Task<IReadOnlyList<Figure>> DatadogFanOutAsync(string name, string command, int items, string what, int alongside, string fanOutPath, string throttledFigure, int runs, bool quick, TextWriter output)
    {
        var latency = TimeSpan.FromMilliseconds(quick ? 5 : 25);
        const int Limit = 500;
        const int Burst = 20;
        var policies = alongside > 0 ? items : 0;
        await using var server = await StandIn.StartAsync(new StandInOptions { DatadogTeams = policies > 0 ? 20 : items, DatadogPolicies = policies, Latency = latency, RateLimit = Limit, RatePeriodSeconds = 1, RateBurst = Burst });
        var f = HostProcess.Run("fan-out", new[] { ("url", server.BaseUri.ToString()), ("runs", runs.ToString(CultureInfo.InvariantCulture)), ("command", command) }, HostTimeout);

        var floor = StandIn.Budget.Floor(items, 100, alongside, latency, Limit, Burst);
        output.WriteLine(server.DescribeLastRun(path => path.StartsWith(fanOutPath, StringComparison.Ordinal)));
        output.WriteLine(Invariant("{0}: {1} Datadog {2} at {3:0} ms a round trip, budget {4}/s (burst {5}): {6:0} ms ({7} requests, first object after {8:0} ms, {9} objects); floor {10:0} ms", name, items, what, latency.TotalMilliseconds, Limit, Burst, f["wall-ms"], f["requests"], f["first-object-ms"], f["objects"], floor.TotalMilliseconds));
        return new[]
        {
            new Figure(Invariant("fan-out {0} Datadog {1} at {2:0} ms", items, what, latency.TotalMilliseconds), f["wall-ms"], "ms", floor.TotalMilliseconds, "floor", "<= 1.15x", f["wall-ms"] <= 1.15 * floor.TotalMilliseconds),
            new Figure(throttledFigure, f["throttled"], string.Empty, null, string.Empty, "0", f["throttled"] == 0),
        };
    }

    public static async Task<IReadOnlyList<Figure>> ColdStartAsync(bool quick, TextWriter output)
    {
        var processes = quick ? 1 : 11;
        await using var server = await StandIn.StartAsync(new StandInOptions());
        var variants = new[] { "import-trivial", "import", "first-answer", "irm-first-answer" };
        var results = variants.ToDictionary(v => v, _ => new List<IReadOnlyDictionary<string, double>>());
        for (var i = 0; i < processes; i++)
        {
            for (var k = 0; k < variants.Length; k++)
            {
                var variant = variants[(k + i) % variants.Length];
                results[variant].Add(HostProcess.Run("cold", new[] { ("url", server.BaseUri.ToString()), ("variant", variant), ("trivial", BenchPaths.TrivialManifest) }, HostTimeout));
            }
        }

        double Median(string variant, string figure)
        {
            var values = results[variant].Select(r => r[figure]).OrderBy(v => v).ToList();
            return values[values.Count / 2];
        }

        foreach (var variant in variants)
        {
            output.WriteLine(Invariant("cold {0,-17}: {1,7:0.0} ms (JIT {2:0.0} ms for {3:0} methods, {4:0} assemblies loaded, {5:0} in OnCall's context; runspace {6:0} ms)", variant, Median(variant, "ms"), Median(variant, "jit-ms"), Median(variant, "jit-methods"), Median(variant, "assemblies"), Median(variant, "private-assemblies"), Median(variant, "runspace-ms")));
        }

        // What costs, step by step, in one more process (not timed against anything: the JIT listener slows it).
        var steps = HostProcess.Run("cold", new[] { ("url", server.BaseUri.ToString()), ("variant", "by-step") }, HostTimeout);
        foreach (var step in new[] { "import", "connect", "first-answer" })
        {
            var owners = steps.Where(kv => kv.Key.StartsWith(step + "|", StringComparison.Ordinal) && !kv.Key.EndsWith("|ms", StringComparison.Ordinal))
                .OrderByDescending(kv => kv.Value)
                .Select(kv => Invariant("{0} {1:0}", kv.Key.Substring(step.Length + 1), kv.Value));
            output.WriteLine(Invariant("cold by step, {0,-12}: {1,6:0} ms, JIT-compiled methods by owner: {2}", step, steps[step + "|ms"], string.Join(", ", owners)));
        }

        var import = Median("import", "ms");
        var trivial = Median("import-trivial", "ms");
        var first = Median("first-answer", "ms");
        var irm = Median("irm-first-answer", "ms");
        return new[]
        {
            new Figure("cold import", import, "ms", trivial, "one-cmdlet module", "<= 1.10x", import <= 1.10 * trivial),
            new Figure("cold import + connect + first answer", first, "ms", irm, "Invoke-RestMethod", "<= 1.10x", first <= 1.10 * irm),
        };
    }

    private static string Invariant(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
