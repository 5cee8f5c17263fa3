using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Engine.Rotations;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Rotations;

/// <summary>
/// The parameters of a rotation as it is or should be, shared by Set- and Test-OnCallRotation: every one binds
/// from Get-OnCallRotation's objects by property name, and each given value that differs from the definition the
/// object carries is an edit.
/// </summary>
public abstract class RotationEditCmdlet : RotationCmdlet
{
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

    /// <summary>The definition the piped object was read from (hidden): the base its values are compared with.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public RotationDefinition? Definition { get; set; }

    /// <summary>The values given, as edits; <paramref name="currentMember"/> only where the command has that parameter.</summary>
    private protected RotationEdits Edits(string? currentMember = null) => new()
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
        CurrentMember = currentMember,
    };

    private protected override RotationEdits? Described() => Edits();

    /// <summary>Where the rotation <paramref name="id"/> is: the team from the definition piped in when there is one.</summary>
    private protected RotationAddress Address(string id) => new() { Id = id.Trim(), ScheduleId = ScheduleId, Team = Definition?.Team ?? Team };
}
