using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using OnCall.Infrastructure;

namespace OnCall.Completers;

/// <summary>Completes -Connection with the names of this session's connections.</summary>
public sealed class ConnectionNameCompleter : IArgumentCompleter
{
    private static readonly char[] NeedsQuotes = { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#' };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return SessionConnections.Current.All
            .Where(c => pattern.IsMatch(c.Name))
            .Select(c => new CompletionResult(Quote(c.Name), c.Name, CompletionResultType.ParameterValue, c.Info.ToString()))
            .ToList();
    }

    internal static string Quote(string value) =>
        value.IndexOfAny(NeedsQuotes) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}
