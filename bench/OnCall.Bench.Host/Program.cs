using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace OnCall.Bench.Host;

/// <summary>
/// One measurement in a process of its own, started by OnCall.Bench: per-call, streaming, fan-out or
/// cold-start. Prints its figures as one line "RESULT {json}" (name to number) for the orchestrator.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: OnCall.Bench.Host per-call|streaming|fan-out|cold --url U --module PATH [--key value ...]");
            return 2;
        }

        var options = new Options(args);
        IDictionary<string, double> figures = args[0] switch
        {
            "per-call" => PerCallScenario.Run(options),
            "streaming" => StreamingScenario.Run(options),
            "fan-out" => FanOutScenario.Run(options),
            "cold" => ColdStartScenario.Run(options),
            _ => throw new ArgumentException("unknown scenario " + args[0]),
        };

        Console.WriteLine("RESULT " + JsonSerializer.Serialize(figures));
        return 0;
    }
}

/// <summary>--name value pairs after the scenario name.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public Options(string[] args)
    {
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            _values[args[i].TrimStart('-')] = args[i + 1];
        }
    }

    public string Text(string name) => _values.TryGetValue(name, out var value) ? value : throw new ArgumentException("missing --" + name);

    public string Text(string name, string fallback) => _values.TryGetValue(name, out var value) ? value : fallback;

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Number(string name, double fallback) => _values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public Uri Url => new(Text("url"));

    public string Module => Text("module");
}
