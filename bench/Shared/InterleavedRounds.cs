using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace OnCall.Bench;

/// <summary>
/// Times several ways of doing one thing, interleaved: after a warm-up (tiered JIT promotes hot code only
/// after a while), rounds of a batch of calls each, the subjects' order rotating per round so that the
/// machine's noise falls on all of them. Linked into the orchestrator and the host.
/// </summary>
internal static class InterleavedRounds
{
    /// <summary>Microseconds per call, one value per round, for each subject.</summary>
    public static Dictionary<string, List<double>> Measure(IReadOnlyList<(string Name, Action Call)> subjects, TimeSpan warmup, int rounds, int batch)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < warmup)
        {
            foreach (var subject in subjects)
            {
                subject.Call();
            }
        }

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
}
