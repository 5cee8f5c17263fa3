using System;
using System.Linq;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Engine.Rotations;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Rotations;

/// <summary>
/// Set-OnCallRotation: changes a rotation by sending the vendor's whole definition with only the asked-for fields
/// changed (Datadog PUT with every layer id, ZStack UpdateOnCallSchedule's five fields, VictorOps the shift's
/// scheduled user). Values an object piped in carries unchanged are no change: Get | Set sends nothing.
/// </summary>
[Cmdlet(VerbsCommon.Set, "OnCallRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Rotation))]
public sealed class SetOnCallRotationCommand : RotationEditCmdlet
{
    /// <summary>The rotation: a Datadog layer (or schedule) id, a ZStack schedule uuid, a VictorOps shift id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Id)]
    public string? Id { get; set; }

    /// <summary>VictorOps: who holds the shift now (PUT .../{groupId}/{shiftId}/scheduled).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? CurrentMember { get; set; }

    /// <summary>Run Test-OnCallRotation's checks on the changed definition first; a conflict stops the change.</summary>
    [Parameter]
    public SwitchParameter Validate { get; set; }

    private protected override void ProcessInput()
    {
        var edits = Edits(CurrentMember);
        if (!TryCheck(() => RotationPlanner.CheckInput(edits, Id), Id))
        {
            return;
        }

        var connection = ResolveConnection();
        var address = Address(Id!);
        if (!TryGetWriter(connection, out var writer)
            || !TryPlan((sink, token) => RotationPlanner.PlanSetAsync(writer, address, Definition, edits, sink, token), Id, out var plan))
        {
            return;
        }

        if (plan.ChangesNothing)
        {
            WriteVerbose(connection.Describe(plan.Describe()) + ": nothing to change, nothing was sent.");
            WriteRotations(writer, plan.Current, plan.LayerIndex);
            return;
        }

        if (Validate && !PassesValidation(writer, plan.Desired, Id))
        {
            return;
        }

        var target = connection.Describe(plan.Describe());
        if (!ShouldProcess(target + ", changing" + plan.ChangeList(), "Change " + string.Join(", ", plan.Fields) + " of " + target + "?", "Set-OnCallRotation"))
        {
            return;
        }

        TryRun(
            async (sink, token) =>
            {
                var updated = await writer.UpdateAsync(plan.Current, plan.Desired, sink, token).ConfigureAwait(false);
                var rotations = writer.ToRotations(updated);
                foreach (var rotation in plan.LayerIndex >= 0 && plan.LayerIndex < rotations.Count ? new[] { rotations[plan.LayerIndex] } : rotations.ToArray())
                {
                    sink.WriteObject(rotation);
                }
            },
            Id);
    }

    private void WriteRotations(IRotationWriter writer, RotationDefinition definition, int index)
    {
        var rotations = writer.ToRotations(definition);
        foreach (var rotation in index >= 0 && index < rotations.Count ? new[] { rotations[index] } : rotations.ToArray())
        {
            WriteObject(rotation);
        }
    }
}
