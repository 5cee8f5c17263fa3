using System;
using System.Globalization;
using System.Linq;

namespace OnCall.Bench;

internal static class Program
{
    private static readonly string[] Known = { "schedule", "victorops-ack", "victorops-schedule" };

    private static int Unknown(string suite)
    {
        Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "Unknown benchmark '{0}'. Known: {1}. Options: --quick.", suite, string.Join(", ", Known)));
        return 2;
    }

    private static int Main(string[] args)
    {
        var quick = args.Contains("--quick", StringComparer.OrdinalIgnoreCase);
        var suites = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (suites.Count == 0)
        {
            suites.AddRange(Known);
        }

        var failed = 0;
        foreach (var suite in suites)
        {
            var result = suite.ToLowerInvariant() switch
            {
                "schedule" => ScheduleBenchmark.Run(quick, Console.Out),
                "victorops-ack" => VictorOpsBenchmark.AckAsync(quick, Console.Out).GetAwaiter().GetResult(),
                "victorops-schedule" => VictorOpsBenchmark.ScheduleAsync(quick, Console.Out).GetAwaiter().GetResult(),
                _ => Unknown(suite),
            };
            failed = Math.Max(failed, result);
        }

        return failed;
    }
}
