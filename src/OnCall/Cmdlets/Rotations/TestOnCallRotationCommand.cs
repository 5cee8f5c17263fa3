using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Engine.Rotations;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Rotations;

/// <summary>
/// Test-OnCallRotation: validates a rotation before it is written, an existing one (piped or by -Id, with any
/// changes given) or a new one described by parameters: the module's checks, whether the members exist, and
/// ZStack's ValidateOnCallSchedule. Conflicts and suggestions are objects, not errors.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "OnCallRotation")]
[OutputType(typeof(RotationValidation))]
public sealed class TestOnCallRotationCommand : RotationCmdlet
{
    /// <summary>An existing rotation to check; leave it out to check a new one described by the other parameters.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Id)]
    public string? Id { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Id)]
    public string? ScheduleId { get; set; }

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

    /// <summary>The definition the piped object was read from (hidden).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public RotationDefinition? Definition { get; set; }

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
        };
        var target = (object?)Id ?? Name;
        // Repeated or missing members and reversed dates are what this command reports; unreadable text is not.
        if (!TryCheck(() => RotationPlanner.CheckText(edits), target))
        {
            return;
        }

        var connection = ResolveConnection();
        var address = Id is null ? null : new RotationAddress { Id = Id.Trim(), ScheduleId = ScheduleId, Team = Definition?.Team ?? Team };
        if (TryGetWriter(connection, out var writer)
            && TryPlan((sink, token) => RotationPlanner.TestAsync(writer, address, Definition, edits, sink, token), target, out var validation))
        {
            validation.Connection = connection.Name;
            WriteObject(validation);
        }
    }
}
