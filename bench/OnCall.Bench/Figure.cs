using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace OnCall.Bench;

/// <summary>
/// One line of the table: OnCall's figure, the baseline it is compared with (same run, same machine),
/// their ratio, the target and whether it was met. A target with no baseline (a count, a size) compares
/// OnCall's figure itself.
/// </summary>
internal sealed record Figure(string Scenario, double OnCall, string Unit, double? Baseline, string BaselineName, string Target, bool? Met)
{
    public double? Ratio => Baseline is > 0 ? OnCall / Baseline.Value : null;

    public static void WriteTable(IReadOnlyList<Figure> figures, TextWriter output)
    {
        var header = new[] { "scenario", "OnCall", "baseline", "ratio", "target", "met" };
        var rows = figures.Select(f => new[]
        {
            f.Scenario,
            Format(f.OnCall, f.Unit),
            f.Baseline is { } b ? Format(b, f.Unit) + (f.BaselineName.Length > 0 ? " (" + f.BaselineName + ")" : string.Empty) : f.BaselineName.Length > 0 ? f.BaselineName : "-",
            f.Ratio is { } r ? r.ToString(r < 0.1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + "x" : "-",
            f.Target,
            f.Met switch { true => "met", false => "NOT met", null => "-" },
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        output.WriteLine("| " + string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))) + " |");
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
        {
            output.WriteLine("| " + string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))) + " |");
        }
    }

    public static void WriteJson(IReadOnlyList<Figure> figures, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(figures.Select(f => new { f.Scenario, f.OnCall, f.Unit, f.Baseline, f.BaselineName, f.Ratio, f.Target, f.Met }), Indented));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Format(double value, string unit) => unit switch
    {
        "us" => value.ToString("0", CultureInfo.InvariantCulture) + " µs",
        "ms" => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms",
        "s" => value.ToString("0.00", CultureInfo.InvariantCulture) + " s",
        "MB" => value.ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        "%" => value.ToString("0.00", CultureInfo.InvariantCulture) + " %",
        "x" => value.ToString("0.0", CultureInfo.InvariantCulture) + "x",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : string.Empty),
    };
}

/// <summary>Where the bench finds what it runs: the host process, the trivial module and OnCall's manifest.</summary>
internal static class BenchPaths
{
    public static string HostDll => Metadata("OnCall.Bench.HostDll");

    public static string TrivialManifest => Metadata("OnCall.Bench.TrivialManifest");

    /// <summary>out/OnCall of this checkout, or ONCALL_BENCH_MODULE (another build, to compare before and after in one sitting).</summary>
    public static string ModuleManifest => Environment.GetEnvironmentVariable("ONCALL_BENCH_MODULE") is { Length: > 0 } other ? Path.GetFullPath(other) : Metadata("OnCall.Bench.ModuleManifest");

    private static string Metadata(string key)
    {
        var value = typeof(BenchPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
        return Path.GetFullPath(value);
    }
}
