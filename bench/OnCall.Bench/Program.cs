using System;
using System.Globalization;
using System.Linq;

namespace OnCall.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        var quick = args.Contains("--quick", StringComparer.OrdinalIgnoreCase);
        var suites = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (suites.Count == 0 || suites.Contains("schedule", StringComparer.OrdinalIgnoreCase))
        {
            return ScheduleBenchmark.Run(quick, Console.Out);
        }

        Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "Unknown benchmark '{0}'. Known: schedule. Options: --quick.", suites[0]));
        return 2;
    }
}
