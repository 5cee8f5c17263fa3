using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime;
using System.Runtime.Loader;

namespace OnCall.Bench.Host;

/// <summary>
/// One cold measurement in this fresh process: the runspace is opened first (the same for every
/// variant, not counted), then one script is timed: importing the trivial module, importing OnCall,
/// import + connect + first answer, or Invoke-RestMethod's first answer. Also reports what the JIT
/// compiled meanwhile and how many assemblies were loaded, to see where the time goes.
/// </summary>
internal static class ColdStartScenario
{
    public static IDictionary<string, double> Run(Options options)
    {
        var variant = options.Text("variant");
        var url = options.Url;
        if (variant == "by-step")
        {
            return ByStep(options.Module, ConnectScript(url));
        }

        var opened = Stopwatch.StartNew();
        using var session = new HostedSession();
        opened.Stop();

        var (script, argument) = variant switch
        {
            "import-trivial" => ("Import-Module -Name $args[0] -ErrorAction Stop", options.Text("trivial")),
            "import" => ("Import-Module -Name $args[0] -ErrorAction Stop", options.Module),
            "first-answer" => (
                "Import-Module -Name $args[0] -ErrorAction Stop; " + ConnectScript(url) + "; Get-OnCallTeam",
                options.Module),
            "irm-first-answer" => (
                $"Invoke-RestMethod -Uri '{new Uri(url, "/api-public/v1/team")}' -Headers @{{ 'X-VO-Api-Id' = 'bench'; 'X-VO-Api-Key' = 'bench-key'; Accept = 'application/json' }}",
                string.Empty),
            _ => throw new ArgumentException("unknown variant " + variant),
        };

        var methods = JitInfo.GetCompiledMethodCount();
        var jitTime = JitInfo.GetCompilationTime();
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Length;
        var watch = Stopwatch.StartNew();
        var output = session.Run(script, argument);
        watch.Stop();

        // Invoke-RestMethod writes the team array as one object; Get-OnCallTeam writes 20 teams.
        var expected = variant switch { "first-answer" => 20, "irm-first-answer" => 1, _ => 0 };
        if (output.Count != expected)
        {
            throw new InvalidOperationException($"{variant} wrote {output.Count} objects, expected {expected}");
        }

        var oncall = AssemblyLoadContext.All.FirstOrDefault(c => c.Name == "OnCall");
        return new Dictionary<string, double>
        {
            ["ms"] = watch.Elapsed.TotalMilliseconds,
            ["runspace-ms"] = opened.Elapsed.TotalMilliseconds,
            ["jit-methods"] = JitInfo.GetCompiledMethodCount() - methods,
            ["jit-ms"] = (JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds,
            ["assemblies"] = AppDomain.CurrentDomain.GetAssemblies().Length - assemblies,
            ["private-assemblies"] = oncall?.Assemblies.Count() ?? 0,
        };
    }

    private static string ConnectScript(Uri url) =>
        $"Connect-OnCall -Provider VictorOps -Name cold -ApiId bench -ApiKey bench-key -UserName bench -BaseUri '{url}' | Out-Null";

    /// <summary>
    /// The first answer again, step by step, with the methods each step compiled counted by whose code
    /// they are: what the cold start costs, and how much of it is OnCall's. Not timed against anything
    /// (the listener slows every compilation).
    /// </summary>
    private static Dictionary<string, double> ByStep(string module, string connect)
    {
        using var session = new HostedSession();
        using var jit = new JitByOwner();
        var figures = new Dictionary<string, double>();
        foreach (var (step, script) in new[] { ("import", "Import-Module -Name $args[0] -ErrorAction Stop"), ("connect", connect), ("first-answer", "Get-OnCallTeam") })
        {
            jit.Step = step;
            var watch = Stopwatch.StartNew();
            session.Run(script, module);
            figures[step + "|ms"] = watch.Elapsed.TotalMilliseconds;
            jit.Step = null;
        }

        foreach (var (key, count) in jit.Counts)
        {
            figures[key] = count;
        }

        return figures;
    }
}
