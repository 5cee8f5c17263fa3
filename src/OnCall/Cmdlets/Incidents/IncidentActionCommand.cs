using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Incidents;

/// <summary>
/// What acknowledging and resolving share: incidents collected from the pipeline, confirmed one by
/// one, then sent per connection in as few requests as the vendor allows.
/// </summary>
public abstract class IncidentActionCommand : OnCallConnectedCmdlet
{
    private protected const string IdSet = "Id";
    private protected const string ByUserSet = "ByUser";

    private readonly Dictionary<string, List<string>> _pending = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Incident numbers, page ids or alert-event ids; incident objects bind by their Id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentNumber")]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [PlainValue]
    [OnCallArgument(ArgumentKind.Id)]
    public string[]? Id { get; set; }

    /// <summary>Who acts (VictorOps userName); the connection's -UserName by default.</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = ByUserSet, Mandatory = false)]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? User { get; set; }

    [Parameter]
    [OnCallArgument(ArgumentKind.Text)]
    public string? Message { get; set; }

    /// <summary>Act on every incident the user was paged for (VictorOps byUser endpoints).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByUserSet)]
    public SwitchParameter ByUser { get; set; }

    private protected abstract IncidentAction Action { get; }

    private protected abstract string Verb { get; }

    /// <summary>What the incidents are once the action is done: "acknowledged".</summary>
    private protected abstract string Done { get; }

    private protected override string? Advice(OnCallException error) =>
        IncidentAdvice.ReadBack(error, Done)
        ?? (error.Kind == OnCallErrorKind.NotSupported && error.Provider == OnCallProvider.VictorOps && Action == IncidentAction.Escalate
            ? "Invoke-IncidentReroute -Target sends it to the next target."
            : null);

    private protected override void ProcessInput()
    {
        if (ByUser)
        {
            return;
        }

        var connection = ResolveConnection();
        foreach (var trimmed in ValidIncidentIds(connection, Given(Id)))
        {
            if (!ShouldProcess(connection.Describe("incident " + trimmed), Verb))
            {
                continue;
            }

            if (!_pending.TryGetValue(connection.Name, out var list))
            {
                _pending[connection.Name] = list = new List<string>();
            }

            list.Add(trimmed);
        }
    }

    private protected override void Complete()
    {
        if (ByUser)
        {
            var connection = ResolveConnection();
            var user = User ?? connection.Info.UserName ?? "the connection's user";
            if (ShouldProcess(connection.Describe($"every incident {user} was paged for"), Verb))
            {
                Send(connection.Name, Array.Empty<string>());
            }

            return;
        }

        foreach (var batch in _pending)
        {
            Send(batch.Key, batch.Value.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        }
    }

    private void Send(string connectionName, IReadOnlyList<string> ids)
    {
        var connection = SessionConnections.Current.Resolve(connectionName);
        if (!TryGetCapability<IIncidentActions>(connection, out var actions))
        {
            return;
        }

        var options = new IncidentActionOptions { User = User, Message = Message, ByUser = ByUser };
        TryRun((sink, token) => actions.InvokeActionAsync(Action, ids, options, sink, token), connectionName);
    }
}
