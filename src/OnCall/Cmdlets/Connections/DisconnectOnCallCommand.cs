using System.Linq;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Connections;

/// <summary>Disconnect-OnCall: forgets a connection and its keys; the previous one becomes the default.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "OnCall", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Name")]
[OutputType(typeof(void))]
public sealed class DisconnectOnCallCommand : OnCallCmdlet
{
    /// <summary>The connection to forget; the default one when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Name")]
    [Alias("Connection")]
    [ArgumentCompleter(typeof(ConnectionNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Forget every connection of this session.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "All")]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        var registry = SessionConnections.Current;
        var names = All
            ? registry.All.Select(c => c.Name).ToArray()
            : Name ?? registry.All.Where(c => c.Info.IsDefault).Select(c => c.Name).ToArray();

        if (names.Length == 0 && !All)
        {
            WriteError(ErrorRecords.From(new OnCallException(OnCallErrorKind.InvalidOperation, "NotConnected", "There is no OnCall connection in this session to disconnect.")));
            return;
        }

        foreach (var name in names)
        {
            var context = registry.All.FirstOrDefault(c => string.Equals(c.Name, name, System.StringComparison.OrdinalIgnoreCase));
            if (context is null)
            {
                WriteError(ErrorRecords.From(new OnCallException(OnCallErrorKind.NotFound, "ConnectionNotFound", $"There is no OnCall connection named '{name}'.", null, name)));
                continue;
            }

            if (ShouldProcess(context.Info.ToString(), "Disconnect"))
            {
                registry.Remove(name);
                WriteVerbose($"Disconnected {context.Info}.");
            }
        }
    }
}
