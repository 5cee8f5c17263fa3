using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace OnCall.Completers;

/// <summary>Completes -Site with the Datadog sites that offer On-Call.</summary>
public sealed class DatadogSiteCompleter : IArgumentCompleter
{
    // Kept here rather than read from the engine: completion must not load the engine's dependencies.
    private static readonly string[] Sites =
    {
        "datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ap2.datadoghq.com", "ddog-gov.com", "uk1.datadoghq.com",
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return Sites.Where(pattern.IsMatch).Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s)).ToList();
    }
}
