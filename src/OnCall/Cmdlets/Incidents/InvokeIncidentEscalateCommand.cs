using System.Management.Automation;

namespace OnCall.Cmdlets.Incidents;

/// <summary>Invoke-IncidentEscalate: moves incidents (Datadog pages) to the next step of their escalation policy.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "IncidentEscalate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
[OutputType(typeof(IncidentActionResult))]
public sealed class InvokeIncidentEscalateCommand : IncidentActionCommand
{
    private protected override IncidentAction Action => IncidentAction.Escalate;

    private protected override string Verb => "Escalate";

    private protected override string Done => "escalated";
}
