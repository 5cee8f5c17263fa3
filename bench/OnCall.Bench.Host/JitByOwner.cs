using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.IO;

namespace OnCall.Bench.Host;

/// <summary>
/// Counts the methods the JIT compiles, by whose code they are (from the method's type name), under a
/// label the caller moves from step to step. A listener costs time per compiled method, so it runs only
/// in a measurement of its own, never in a timed one.
/// </summary>
internal sealed class JitByOwner : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private readonly ConcurrentDictionary<string, int> _counts = new();

    // Set ONCALL_BENCH_JIT_DUMP to a file to get every compiled method, by step and owner, one a line.
    private static readonly string? DumpPath = Environment.GetEnvironmentVariable("ONCALL_BENCH_JIT_DUMP");

    /// <summary>The label counted methods go under; null counts nothing.</summary>
    public string? Step { get; set; }

    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>The owner of a method, by the namespace of its type (generic instantiations by the generic's).</summary>
    public static string Owner(string typeName) =>
        typeName switch
        {
            _ when typeName.StartsWith("OnCall", StringComparison.Ordinal) => "OnCall",
            _ when typeName.StartsWith("System.Management.Automation", StringComparison.Ordinal)
                || typeName.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal)
                || typeName.StartsWith("dynamicClass", StringComparison.Ordinal) => "PowerShell",
            _ when typeName.StartsWith("Microsoft.ApplicationInsights", StringComparison.Ordinal) => "PowerShell's telemetry",
            _ when typeName.StartsWith("System.Runtime.CompilerServices.Async", StringComparison.Ordinal)
                || typeName.StartsWith("System.Threading.Tasks", StringComparison.Ordinal) => "async machinery",
            _ when typeName.StartsWith("System.Text.Json", StringComparison.Ordinal) => "System.Text.Json",
            _ when typeName.StartsWith("System.Net", StringComparison.Ordinal) => "System.Net",
            _ => "other .NET",
        };

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (Step is not { } step || eventData.Payload is null || eventData.PayloadNames is null
            || eventData.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) != true)
        {
            return;
        }

        var type = eventData.Payload[eventData.PayloadNames.IndexOf("MethodNamespace")] as string ?? string.Empty;
        _counts.AddOrUpdate(step + "|" + Owner(type), 1, (_, count) => count + 1);
        if (DumpPath is { } dump)
        {
            var method = eventData.Payload[eventData.PayloadNames.IndexOf("MethodName")] as string ?? string.Empty;
            lock (_counts)
            {
                File.AppendAllText(dump, step + "\t" + Owner(type) + "\t" + type + "::" + method + Environment.NewLine);
            }
        }
    }
}
