using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;

namespace OnCall.Bench.Host;

/// <summary>
/// VictorOps incident history (the reporting API, paged 100 at a time) into a slow consumer: how much
/// live memory the process gains while it runs, whether the first object reaches the consumer before the
/// second page is asked for, and how many requests `Select-Object -First 5` costs.
/// </summary>
internal static class StreamingScenario
{
    public static IDictionary<string, double> Run(Options options)
    {
        var url = options.Url;
        var delay = options.Number("delay-us", 100);
        var sampleEvery = TimeSpan.FromMilliseconds(options.Int("sample-ms", 250));
        var settle = TimeSpan.FromMilliseconds(options.Int("settle-ms", 500));
        var counter = new Uri(url, "/bench/count/reporting");
        using var control = new HttpClient();

        using var session = new HostedSession();
        session.Run("Import-Module -Name $args[0] -ErrorAction Stop", options.Module);
        session.Run($"Connect-OnCall -Provider VictorOps -Name bench -ApiId bench -ApiKey bench-key -UserName bench -BaseUri '{url}' -SkipValidation -NoClientPacing | Out-Null");

        // Warm the path (one small page) so the figures are about streaming, not JIT.
        session.Run("Get-OnCallIncident -History -First 5 | Out-Null");
        Reset(control, url);

        ReceiveBenchObjectCommand.Reset();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(sampleEvery))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }) { IsBackground = true, Name = "memory sampler" };

        var started = Stopwatch.GetTimestamp();
        sampler.Start();
        session.Run("Get-OnCallIncident -History | Receive-BenchObject -DelayMicroseconds $args[0] -CounterUri $args[1]", delay, counter);
        var elapsed = Stopwatch.GetElapsedTime(started);
        done.Set();
        sampler.Join();
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));

        var figures = new Dictionary<string, double>
        {
            ["objects"] = ReceiveBenchObjectCommand.Count,
            ["growth-mb"] = (peak - baseline) / 1024.0 / 1024.0,
            ["first-object-ms"] = Stopwatch.GetElapsedTime(started, ReceiveBenchObjectCommand.FirstAt).TotalMilliseconds,
            ["requests-at-first-object"] = ReceiveBenchObjectCommand.RequestsAtFirst,
            ["requests"] = Count(control, counter),
            ["elapsed-ms"] = elapsed.TotalMilliseconds,
        };

        // Select-Object -First 5 stops the pipeline after five objects; the command must stop reading too.
        Reset(control, url);
        var five = session.Run("Get-OnCallIncident -History | Select-Object -First 5").Count;
        Thread.Sleep(settle);
        figures["first5-objects"] = five;
        figures["first5-requests"] = Count(control, counter);
        return figures;
    }

    private static void Reset(HttpClient control, Uri url) =>
        control.PostAsync(new Uri(url, "/bench/reset"), null).GetAwaiter().GetResult().EnsureSuccessStatusCode();

    private static int Count(HttpClient control, Uri counter) =>
        int.Parse(control.GetStringAsync(counter).GetAwaiter().GetResult(), System.Globalization.CultureInfo.InvariantCulture);
}
