using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;

namespace OnCall.Bench.Host;

/// <summary>
/// Receive-BenchObject: the end of a measured pipeline. Counts what arrives, takes a fixed CPU time per
/// object (a slow consumer), and, when the first object arrives, asks the stand-in how many requests it
/// has seen so far.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "BenchObject")]
public sealed class ReceiveBenchObjectCommand : PSCmdlet
{
    private static readonly HttpClient Stats = new();

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter]
    public double DelayMicroseconds { get; set; }

    /// <summary>Writes this many objects and nothing else: the cost of a cmdlet call in the runspace.</summary>
    [Parameter]
    public int Emit { get; set; }

    /// <summary>The stand-in's request counter, read once when the first object arrives.</summary>
    [Parameter]
    public Uri? CounterUri { get; set; }

    public static long Count => Interlocked.Read(ref s_count);

    /// <summary>Stopwatch timestamp of the first object.</summary>
    public static long FirstAt { get; private set; }

    /// <summary>What the counter said when the first object arrived.</summary>
    public static int RequestsAtFirst { get; private set; }

    private static long s_count;

    public static void Reset()
    {
        Interlocked.Exchange(ref s_count, 0);
        FirstAt = 0;
        RequestsAtFirst = -1;
    }

    protected override void ProcessRecord()
    {
        if (Emit > 0)
        {
            for (var i = 0; i < Emit; i++)
            {
                WriteObject(new PSObject(i));
            }

            return;
        }

        if (Interlocked.Increment(ref s_count) == 1)
        {
            FirstAt = Stopwatch.GetTimestamp();
            if (CounterUri is not null)
            {
                RequestsAtFirst = int.Parse(Stats.GetStringAsync(CounterUri).GetAwaiter().GetResult(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (DelayMicroseconds > 0)
        {
            var until = Stopwatch.GetTimestamp() + (long)(DelayMicroseconds * Stopwatch.Frequency / 1_000_000);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(20);
            }
        }
    }
}
