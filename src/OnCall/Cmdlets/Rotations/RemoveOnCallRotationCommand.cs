using System;
using System.Collections.Generic;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Engine.Rotations;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Rotations;

/// <summary>
/// Remove-OnCallRotation: deletes a Datadog schedule (or takes one layer out of it) or a VictorOps rotation
/// group. ZStack documents no delete: a NotSupported error, nothing sent.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "OnCallRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveOnCallRotationCommand : RotationCmdlet
{
    // The shifts of one VictorOps group go with it: the first removes the group, the rest are already gone.
    private readonly HashSet<string> _removed = new(StringComparer.OrdinalIgnoreCase);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Id)]
    public string? Id { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Id)]
    public string? ScheduleId { get; set; }

    /// <summary>VictorOps: the team the group belongs to.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Team { get; set; }

    /// <summary>The definition the piped object was read from (hidden): it says which team a VictorOps group is in.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public RotationDefinition? Definition { get; set; }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        var address = new RotationAddress { Id = Id!.Trim(), ScheduleId = ScheduleId, Team = Definition?.Team ?? Team };
        if (Definition is { Provider: OnCallProvider.VictorOps } group && _removed.Contains(connection.Name + "/" + group.Id))
        {
            WriteVerbose(string.Format(System.Globalization.CultureInfo.InvariantCulture, "Shift {0} went with its rotation group '{1}'.", Id, group.Name));
            return;
        }

        if (!TryGetWriter(connection, out var writer)
            || !TryPlan((sink, token) => RotationPlanner.PlanRemoveAsync(writer, address, sink, token), Id, out var plan))
        {
            return;
        }

        var what = plan.Layer is null
            ? RotationPlanner.Describe(plan.Current, -1) + (plan.Current.Layers.Count > 1 ? string.Format(System.Globalization.CultureInfo.InvariantCulture, " with its {0} {1}", plan.Current.Layers.Count, plan.Current.Provider == OnCallProvider.VictorOps ? "shifts" : "layers") : string.Empty)
            : RotationPlanner.Describe(plan.Current, plan.Current.Layers.IndexOf(plan.Layer)) + " (the other layers stay)";
        var target = connection.Describe(what);
        if (!ShouldProcess(target, "Remove " + target + "?", "Remove-OnCallRotation"))
        {
            return;
        }

        if (TryRun((sink, token) => writer.RemoveAsync(plan.Current, plan.Layer, sink, token), Id) && plan.Layer is null)
        {
            _removed.Add(connection.Name + "/" + plan.Current.Id);
        }
    }
}
