using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime;

namespace OnCall.Bench;

/// <summary>
/// Times several ways of doing one thing, interleaved: after a warm-up (tiered JIT promotes hot code only
/// after a while), rounds of a batch of calls each, the subjects' order rotating per round so that the
/// machine's noise falls on all of them. Linked into the orchestrator and the host.
/// </summary>
internal static class InterleavedRounds
{
    /// <summary>Methods compiled per second below which the process counts as warm (steady state).</summary>
    public const int SettledJitRate = 20;

    /// <summary>Microseconds per call, one value per round, for each subject, after a warm-up of <paramref name="warmup"/>.</summary>
    public static Dictionary<string, List<double>> Measure(IReadOnlyList<(string Name, Action Call)> subjects, TimeSpan warmup, int rounds, int batch)
    {
        WarmUp(subjects, warmup, settle: TimeSpan.Zero);

        var perCall = subjects.ToDictionary(s => s.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < subjects.Count; k++)
            {
                var subject = subjects[(k + round) % subjects.Count];
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < batch; i++)
                {
                    subject.Call();
                }

                perCall[subject.Name].Add(watch.Elapsed.TotalMilliseconds * 1000 / batch);
            }
        }

        return perCall;
    }

    /// <summary>
    /// Calls the subjects for at least <paramref name="warmup"/> and, up to <paramref name="settle"/>, until the JIT
    /// has settled: a hosted PowerShell (whose System.Management.Automation is IL here) is still compiling and
    /// re-compiling its hot methods at tier 1 for 10 to 20 s, on a background thread that competes with the
    /// measured calls for the two cores, while the raw baseline settles within a second. Returns how long it took
    /// and how many methods were compiled in its last second (-1 when it lasted less than one).
    /// </summary>
    public static (double Seconds, long JitPerSecond) WarmUp(IReadOnlyList<(string Name, Action Call)> subjects, TimeSpan warmup, TimeSpan settle)
    {
        var clock = Stopwatch.StartNew();
        var second = Stopwatch.StartNew();
        var compiledAtSecond = JitInfo.GetCompiledMethodCount();
        var lastRate = long.MaxValue;
        while (clock.Elapsed < warmup || (clock.Elapsed < settle && lastRate >= SettledJitRate))
        {
            foreach (var subject in subjects)
            {
                subject.Call();
            }

            if (second.Elapsed >= TimeSpan.FromSeconds(1))
            {
                var compiled = JitInfo.GetCompiledMethodCount();
                lastRate = (long)((compiled - compiledAtSecond) / second.Elapsed.TotalSeconds);
                compiledAtSecond = compiled;
                second.Restart();
            }
        }

        return (clock.Elapsed.TotalSeconds, lastRate == long.MaxValue ? -1 : lastRate);
    }
}
