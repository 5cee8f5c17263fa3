using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;

namespace OnCall.Bench.Host;

/// <summary>
/// A Datadog fan-out, `--command` (Get-OnCallUser by default: "who is on call" for every team, the team list
/// then one on-call request per team; Get-OnCallEscalationPolicy: the team and policy lists, then one read per
/// policy), against a stand-in that answers after a fixed latency and enforces the X-RateLimit budget it
/// advertises. Wall time, time to the first object, requests and 429 answers.
/// </summary>
internal static class FanOutScenario
{
    public static IDictionary<string, double> Run(Options options)
    {
        var url = options.Url;
        var runs = options.Int("runs", 3);
        var command = options.Text("command", "Get-OnCallUser");
        using var control = new HttpClient();

        using var session = new HostedSession();
        session.Run("Import-Module -Name $args[0] -ErrorAction Stop", options.Module);
        session.Run($"Connect-OnCall -Provider Datadog -Name bench -ApiKey k -ApplicationKey a -BaseUri '{url}' -SkipValidation | Out-Null");

        var walls = new List<double>();
        var firsts = new List<double>();
        double objects = 0, requests = 0, throttled = 0;

        // The first run warms the path (JIT); the figures are the median of the others.
        for (var run = 0; run <= runs; run++)
        {
            control.PostAsync(new Uri(url, "/bench/reset"), null).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            Thread.Sleep(200);
            ReceiveBenchObjectCommand.Reset();
            var started = Stopwatch.GetTimestamp();
            session.Run(command + " | Receive-BenchObject");
            var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            // Every 429 counts, the warm-up run's too: zero 429 is asked of every run, not of the measured ones.
            throttled += Count(control, url, "throttled");
            if (run == 0)
            {
                continue;
            }

            walls.Add(wall);
            firsts.Add(Stopwatch.GetElapsedTime(started, ReceiveBenchObjectCommand.FirstAt).TotalMilliseconds);
            objects = ReceiveBenchObjectCommand.Count;
            requests = Math.Max(requests, Count(control, url, "all"));
        }

        walls.Sort();
        firsts.Sort();
        return new Dictionary<string, double>
        {
            ["wall-ms"] = walls[walls.Count / 2],
            ["first-object-ms"] = firsts[firsts.Count / 2],
            ["objects"] = objects,
            ["requests"] = requests,
            ["throttled"] = throttled,
            ["runs"] = walls.Count,
        };
    }

    private static int Count(HttpClient control, Uri url, string what) =>
        int.Parse(control.GetStringAsync(new Uri(url, "/bench/count/" + what)).GetAwaiter().GetResult(), CultureInfo.InvariantCulture);
}
