using System.Management.Automation;
using OnCall.Engine.Providers;

namespace OnCall.Cmdlets.Incidents;

/// <summary>Invoke-IncidentResolve: resolves incidents, batched.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "IncidentResolve", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
[OutputType(typeof(IncidentActionResult))]
public sealed class InvokeIncidentResolveCommand : IncidentActionCommand
{
    private protected override IncidentAction Action => IncidentAction.Resolve;

    private protected override string Verb => "Resolve";

    private protected override string Done => "resolved";
}
