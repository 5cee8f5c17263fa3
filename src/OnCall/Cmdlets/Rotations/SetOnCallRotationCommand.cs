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
public sealed class SetOnCallRotationCommand : RotationCmdlet
{
    /// <summary>The rotation: a Datadog layer (or schedule) id, a ZStack schedule uuid, a VictorOps shift id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Id)]
    public string? Id { get; set; }

    /// <summary>The container: the Datadog schedule id, the VictorOps group's slug or numeric id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Id)]
    public string? ScheduleId { get; set; }

    /// <summary>VictorOps: the team the group belongs to (needed when the rotation is named by id only).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Team { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Schedule { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Text)]
    public string? Description { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Label)]
    public string? TimeZone { get; set; }

    /// <summary>A Go duration ("168h", "24h", "36h30m") or a TimeSpan.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Label)]
    public string? ShiftDuration { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Member")]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Members { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset? Start { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset? End { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset? EffectiveDate { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Restrictions")]
    public RotationRestriction[]? Restriction { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Label)]
    public string? RotationType { get; set; }

    /// <summary>VictorOps: who holds the shift now (PUT .../{groupId}/{shiftId}/scheduled).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? CurrentMember { get; set; }

    /// <summary>The definition the piped object was read from (hidden): the base its values are compared with.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public RotationDefinition? Definition { get; set; }

    /// <summary>Run Test-OnCallRotation's checks on the changed definition first; a conflict stops the change.</summary>
    [Parameter]
    public SwitchParameter Validate { get; set; }

    private protected override void ProcessInput()
    {
        var edits = new RotationEdits
        {
            Name = Name,
            Schedule = Schedule,
            Description = Description,
            TimeZone = TimeZone,
            ShiftDuration = ShiftDuration,
            Members = Members,
            Start = Start,
            End = End,
            EffectiveDate = EffectiveDate,
            Restrictions = Restriction,
            RotationType = RotationType,
            CurrentMember = CurrentMember,
        };
        if (!TryCheck(() => RotationPlanner.CheckInput(edits, Id), Id))
        {
            return;
        }

        var connection = ResolveConnection();
        var address = new RotationAddress { Id = Id!.Trim(), ScheduleId = ScheduleId, Team = Definition?.Team ?? Team };
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
