using System.Management.Automation;
using OnCall.Engine.Providers;

namespace OnCall.Cmdlets.Incidents;

/// <summary>Invoke-IncidentAck: acknowledges incidents, batched.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "IncidentAck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
[OutputType(typeof(IncidentActionResult))]
public sealed class InvokeIncidentAckCommand : IncidentActionCommand
{
    private protected override IncidentAction Action => IncidentAction.Acknowledge;

    private protected override string Verb => "Acknowledge";

    private protected override string Done => "acknowledged";
}
