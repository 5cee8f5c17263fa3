using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Incidents;

/// <summary>Invoke-IncidentReroute: sends incidents to other users or escalation policies.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "IncidentReroute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IncidentActionResult))]
public sealed class InvokeIncidentRerouteCommand : OnCallConnectedCmdlet
{
    private readonly Dictionary<string, List<string>> _pending = new(StringComparer.OrdinalIgnoreCase);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentNumber")]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [PlainValue]
    [OnCallArgument(ArgumentKind.Id)]
    public string[]? Id { get; set; }

    /// <summary>New targets: "User:alice" or "EscalationPolicy:pol-abc..." (a bare name means a user).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Target { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? User { get; set; }

    private protected override string? Advice(OnCallException error) =>
        IncidentAdvice.ReadBack(error, "rerouted")
        ?? (error.Kind == OnCallErrorKind.NotSupported && error.Provider == OnCallProvider.Datadog
            ? "Invoke-IncidentEscalate escalates a page; New-OnCallIncident pages another target."
            : null);

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        foreach (var id in ValidIncidentIds(connection, Given(Id)))
        {
            if (ShouldProcess(connection.Describe($"incident {id}"), "Reroute to " + string.Join(", ", Target!)))
            {
                if (!_pending.TryGetValue(connection.Name, out var list))
                {
                    _pending[connection.Name] = list = new List<string>();
                }

                list.Add(id.Trim());
            }
        }
    }

    private protected override void Complete()
    {
        foreach (var batch in _pending)
        {
            var connection = SessionConnections.Current.Resolve(batch.Key);
            if (!TryGetCapability<IIncidentActions>(connection, out var actions))
            {
                continue;
            }

            var options = new IncidentActionOptions { User = User, Targets = Target! };
            var ids = batch.Value.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            TryRun((sink, token) => actions.InvokeActionAsync(IncidentAction.Reroute, ids, options, sink, token), batch.Key);
        }
    }
}
