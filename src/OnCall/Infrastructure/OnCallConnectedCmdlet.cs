using System;
using System.Collections.Generic;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Connections;
using OnCall.Engine.Providers;

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
    [OnCallArgument(ArgumentKind.Label)]
    public string? Connection { get; set; }

    /// <summary>
    /// The vendor of an OnCall object piped in (its Provider property). Hidden: it exists so that an
    /// object from one vendor sent to another vendor's connection (-Connection typed) is refused
    /// instead of being read as that vendor's ids.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Provider { get; set; }

    /// <summary>The values of a list parameter; blank ones never get here (ArgumentChecks).</summary>
    private protected static string[] Given(string[]? values) => values ?? Array.Empty<string>();

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

    /// <summary>
    /// The connection, or a terminating error that says how to make one. An object piped in from
    /// another vendor than the connection's is refused (an error about that object, nothing sent).
    /// </summary>
    private protected ConnectionContext ResolveConnection()
    {
        if (!string.IsNullOrWhiteSpace(Provider) && string.IsNullOrWhiteSpace(Connection))
        {
            // OnCall objects carry both; an object with a vendor and no connection (a connection object,
            // a hand-made record) would otherwise be sent to whatever the default connection is.
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "InvalidArgument",
                $"The object piped in names the vendor {Provider} but no connection, so nothing was sent. Give -Connection, or pipe objects that carry a Connection property.",
                null,
                Provider);
        }

        ConnectionContext connection;
        try
        {
            connection = SessionConnections.Current.Resolve(Connection);
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error, Connection);
            throw;
        }

        if (!string.IsNullOrWhiteSpace(Provider) && !string.Equals(Provider!.Trim(), connection.Provider.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "ProviderMismatch",
                $"The object piped in came from {Provider}, and connection '{connection.Name}' is {connection.Provider}: its ids and names mean nothing there, so nothing was sent.",
                null,
                connection.Name)
            {
                RecommendedAction = "Leave -Connection out so each object goes to the connection it came from, or name a connection of the same vendor.",
            };
        }

        return connection;
    }

    /// <summary>
    /// The incident ids that can be the connection's vendor's (checked by the vendor's rule before any
    /// request); each other one is an error about it. When the user typed the ids and none is valid,
    /// the command stops: nothing is listed and nothing is sent.
    /// </summary>
    private protected IReadOnlyList<string> ValidIncidentIds(ConnectionContext connection, IReadOnlyList<string> ids, string parameter = "Id")
    {
        var valid = new List<string>();
        var problems = new List<OnCallException>();
        foreach (var id in ids)
        {
            var problem = connection.ProviderClient is IIncidentIdRule rule ? rule.IncidentIdProblem(id) : null;
            if (problem is null)
            {
                valid.Add(id.Trim());
            }
            else
            {
                problems.Add(problem);
            }
        }

        for (var i = 0; i < problems.Count; i++)
        {
            if (valid.Count == 0 && i == problems.Count - 1 && IsTyped(parameter))
            {
                ThrowOnCallError(problems[i]);
            }

            WriteError(RecordOf(problems[i]));
        }

        return valid;
    }
}
