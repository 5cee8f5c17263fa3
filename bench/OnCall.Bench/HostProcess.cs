using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace OnCall.Bench;

/// <summary>Runs one measurement in a fresh OnCall.Bench.Host process and reads its "RESULT {json}" line.</summary>
internal static class HostProcess
{
    public static IReadOnlyDictionary<string, double> Run(string scenario, IEnumerable<(string Name, string Value)> options, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BenchPaths.HostDll);
        start.ArgumentList.Add(scenario);
        foreach (var (name, value) in options.Append(("module", BenchPaths.ModuleManifest)))
        {
            start.ArgumentList.Add("--" + name);
            start.ArgumentList.Add(value);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bench host");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the bench host ({scenario}) did not finish within {timeout.TotalSeconds:0} s");
        }

        var text = stdout.GetAwaiter().GetResult();
        var result = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"the bench host ({scenario}) failed with exit code {process.ExitCode}:\n{text}\n{stderr.GetAwaiter().GetResult()}");
        }

        return JsonSerializer.Deserialize<Dictionary<string, double>>(result.Substring("RESULT ".Length))!;
    }
}
