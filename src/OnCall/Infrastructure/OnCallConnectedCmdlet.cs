using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Connections;

namespace OnCall.Infrastructure;

/// <summary>A cmdlet that talks to a vendor through a named connection (the default one when not named).</summary>
public abstract class OnCallConnectedCmdlet : OnCallCmdlet
{
    /// <summary>
    /// The connection to use. Objects from another OnCall cmdlet carry theirs, so a pipeline stays on
    /// the account its objects came from.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ConnectionNameCompleter))]
    public string? Connection { get; set; }

    /// <summary>
    /// The values of a list parameter without nulls and blanks: objects piped in bind their empty
    /// properties too (a shift with no schedule), and those mean "not given", not "the one named ''".
    /// </summary>
    private protected static string[] Given(string[]? values) =>
        values is null ? System.Array.Empty<string>() : System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Where(values, v => !string.IsNullOrWhiteSpace(v)));

    /// <summary>The vendor client as the capability this cmdlet needs, or a NotSupported error naming the vendor.</summary>
    private protected bool TryGetCapability<T>(ConnectionContext connection, out T capability)
        where T : class
    {
        if (connection.ProviderClient is T found)
        {
            capability = found;
            return true;
        }

        WriteError(ErrorRecords.From(new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            $"{MyInvocation.MyCommand.Name} is not available for {connection.Provider} (connection '{connection.Name}'): its API has no such call.",
            connection.Provider,
            connection.Name)));
        capability = null!;
        return false;
    }

    /// <summary>The connection, or a terminating error that says how to make one.</summary>
    private protected ConnectionContext ResolveConnection()
    {
        try
        {
            return SessionConnections.Current.Resolve(Connection);
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error, Connection);
            throw;
        }
    }
}
