using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace OnCall.Bench;

/// <summary>
/// dotnet run -c Release --project bench/OnCall.Bench -- all [--quick] [--json file]: runs the scenarios and
/// prints one line per figure (OnCall, the baseline, the ratio, the target, met or not). Scenario names
/// pick a subset. --quick runs each in a few seconds (the test suite does, so the harness cannot rot);
/// targets are for the full run on a quiet machine.
/// </summary>
internal static class Program
{
    private static readonly (string Name, Func<bool, TextWriter, Task<IReadOnlyList<Figure>>> Run)[] Scenarios =
    {
        ("per-call", HostedBenchmarks.PerCallAsync),
        ("streaming", HostedBenchmarks.StreamingAsync),
        ("fan-out", HostedBenchmarks.FanOutAsync),
        ("fan-out-policies", HostedBenchmarks.FanOutPoliciesAsync),
        ("cold-start", HostedBenchmarks.ColdStartAsync),
        ("schedule", (quick, output) => Task.FromResult(ScheduleBenchmark.Run(quick, output))),
        ("victorops-ack", VictorOpsBenchmark.AckAsync),
        ("victorops-schedule", VictorOpsBenchmark.ScheduleAsync),
    };

    private static async Task<int> Main(string[] args)
    {
        // serve [seconds]: only the stand-in (20 teams of each vendor, 1,000 incidents), to profile by hand.
        if (args.Length > 0 && args[0] == "serve")
        {
            await using var server = await StandIn.StartAsync(new StandInOptions { Incidents = 1_000 });
            Console.WriteLine(server.BaseUri);
            await Task.Delay(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 600));
            return 0;
        }

        var quick = args.Contains("--quick", StringComparer.OrdinalIgnoreCase);
        var jsonIndex = Array.FindIndex(args, a => string.Equals(a, "--json", StringComparison.OrdinalIgnoreCase));
        var json = jsonIndex >= 0 && jsonIndex + 1 < args.Length ? args[jsonIndex + 1] : null;
        var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (jsonIndex < 0 || i != jsonIndex + 1)).Select(a => a.ToLowerInvariant()).ToList();
        if (names.Count == 0 || names.Contains("all"))
        {
            names = Scenarios.Select(s => s.Name).ToList();
        }

        var unknown = names.Where(n => Scenarios.All(s => s.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine("Unknown scenario(s) {0}. Known: all, {1}. Options: --quick, --json <file>.", string.Join(", ", unknown), string.Join(", ", Scenarios.Select(s => s.Name)));
            return 2;
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "OnCall bench{0}: {1}, {2} cores, load {3}", quick ? " (quick)" : string.Empty, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Environment.ProcessorCount, LoadAverage()));
        var figures = new List<Figure>();
        var failed = 0;
        foreach (var (name, run) in Scenarios.Where(s => names.Contains(s.Name)))
        {
            var watch = Stopwatch.StartNew();
            try
            {
                figures.AddRange(await run(quick, Console.Out));
            }
#pragma warning disable CA1031 // One broken scenario is reported and the others still run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed++;
                Console.WriteLine("{0}: FAILED: {1}", name, ex);
            }

            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  ({0} took {1:0.0} s)", name, watch.Elapsed.TotalSeconds));
        }

        Console.WriteLine();
        Figure.WriteTable(figures, Console.Out);
        if (json is not null)
        {
            Figure.WriteJson(figures, json);
        }

        return failed == 0 ? 0 : 1;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
