using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace OnCall.Bench.Tests;

/// <summary>
/// Each scenario of the bench, run as `OnCall.Bench <scenario> --quick --json <file>`: it must finish,
/// exit 0 and write every figure it promises (a number for OnCall, and a positive baseline where the
/// scenario compares with one). Whether a target is met is not checked here.
/// </summary>
public sealed class QuickModeTests
{
    private static readonly string BenchDll = Path.GetFullPath(typeof(QuickModeTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OnCall.Bench.Dll").Value!);

    [Theory]
    [InlineData("per-call", new[] { "per-call Get-OnCallTeam", "per-call Invoke-OnCallApi", "per-call Get-OnCallTeam vs Invoke-RestMethod" }, 3)]
    [InlineData("streaming", new[] { "streaming memory growth", "streaming requests sent when the first object arrived", "streaming Select-Object -First 5" }, 1)]
    [InlineData("fan-out", new[] { "fan-out 40 Datadog teams", "fan-out 429 answers" }, 1)]
    [InlineData("fan-out-policies", new[] { "fan-out 20 Datadog escalation policies", "fan-out policies 429 answers" }, 1)]
    [InlineData("cold-start", new[] { "cold import", "cold import + connect + first answer" }, 2)]
    [InlineData("schedule", new[] { "schedule render" }, 0)]
    [InlineData("victorops-ack", new[] { "bulk ack" }, 1)]
    [InlineData("victorops-schedule", new[] { "paced VictorOps schedule calls" }, 1)]
    public void A_scenario_runs_quickly_and_produces_its_figures(string scenario, string[] figures, int withBaseline)
    {
        var json = Path.Combine(Path.GetTempPath(), $"oncall-bench-{scenario}-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output) = RunBench(scenario, "--quick", "--json", json);
            Assert.True(exitCode == 0, $"the bench exited with {exitCode}:\n{output}");

            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var produced = document.RootElement.EnumerateArray().ToList();
            Assert.Equal(figures.Length, produced.Count);
            foreach (var expected in figures)
            {
                // A figure is named exactly, or by the part of its name that does not carry a size.
                var exact = produced.Where(f => f.GetProperty("Scenario").GetString() == expected).ToList();
                var figure = exact.Count == 1 ? exact[0] : Assert.Single(produced, f => f.GetProperty("Scenario").GetString()!.Contains(expected, StringComparison.Ordinal));
                Assert.True(double.IsFinite(figure.GetProperty("OnCall").GetDouble()), expected + " has no figure for OnCall");
                Assert.NotEqual(string.Empty, figure.GetProperty("Target").GetString());
            }

            Assert.Equal(withBaseline, produced.Count(f => f.GetProperty("Baseline").ValueKind == JsonValueKind.Number && f.GetProperty("Baseline").GetDouble() > 0));

            // The table: a header, a rule and one line per figure.
            Assert.Equal(figures.Length, output.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal)) - 1);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void An_unknown_scenario_is_refused()
    {
        var (exitCode, output) = RunBench("no-such-scenario", "--quick");
        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown scenario", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) RunBench(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BenchDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the bench did not finish within 5 minutes:\n" + stdout);
        }

        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }
}
