using System.Linq;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Connections;

/// <summary>Get-OnCallConnection: this session's connections; the default one is marked.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallConnection")]
[OutputType(typeof(OnCallConnection))]
public sealed class GetOnCallConnectionCommand : OnCallCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ConnectionNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter]
    public OnCallProvider[]? Provider { get; set; }

    /// <summary>Only the default connection.</summary>
    [Parameter]
    public SwitchParameter Default { get; set; }

    protected override void ProcessRecord()
    {
        var connections = SessionConnections.Current.All.Select(c => c.Info).ToList();
        foreach (var pattern in Name ?? new[] { "*" })
        {
            var (wildcard, isPattern) = Pattern(pattern);
            var matches = connections
                .Where(c => wildcard.IsMatch(c.Name))
                .Where(c => Provider is null || Provider.Contains(c.Provider))
                .Where(c => !Default || c.IsDefault)
                .ToList();
            if (matches.Count == 0 && !isPattern)
            {
                WriteError(ErrorRecords.From(
                    new OnCallException(OnCallErrorKind.NotFound, "ConnectionNotFound", $"There is no OnCall connection named '{pattern}' (connections: {(connections.Count == 0 ? "none" : string.Join(", ", connections.Select(c => c.Name)))}).", null, pattern)));
                continue;
            }

            foreach (var connection in matches)
            {
                WriteTyped(connection, "OnCall.Connection");
            }
        }
    }

    // A name that is not a valid wildcard pattern ('[') is a plain name, not a crash.
    private static (WildcardPattern Pattern, bool IsPattern) Pattern(string name)
    {
        var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
        try
        {
            _ = pattern.IsMatch(string.Empty);
            return (pattern, WildcardPattern.ContainsWildcardCharacters(name));
        }
        catch (WildcardPatternException)
        {
            return (WildcardPattern.Get(WildcardPattern.Escape(name), WildcardOptions.IgnoreCase), false);
        }
    }
}
