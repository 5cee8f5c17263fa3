using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Rotations;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Rotations;

/// <summary>
/// New-OnCallRotation: creates a rotation (a Datadog schedule with one layer, a ZStack schedule, a VictorOps
/// rotation group with one shift) and writes it as Get-OnCallRotation reads it back. Never retried blindly.
/// </summary>
[Cmdlet(VerbsCommon.New, "OnCallRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Rotation))]
public sealed class NewOnCallRotationCommand : RotationCmdlet
{
    /// <summary>The rotation's name (Datadog: the layer's; ZStack: the schedule's; VictorOps: the shift's).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Name { get; set; }

    /// <summary>People in hand-off order: user names, e-mails or ids.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Member")]
    [ArgumentCompleter(typeof(UserCompleter))]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Members { get; set; }

    /// <summary>How long each turn lasts, as a Go duration ("168h", "24h", "36h30m") or a TimeSpan.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Label)]
    public string? ShiftDuration { get; set; }

    /// <summary>The first hand-off: the first member starts here; later hand-offs keep its local time of day.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset Start { get; set; }

    /// <summary>An IANA time zone id (Europe/Berlin).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Label)]
    public string? TimeZone { get; set; }

    /// <summary>The container's name: the Datadog schedule, the VictorOps rotation group; -Name by default.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Schedule { get; set; }

    /// <summary>The owning teams (Datadog), the team the group belongs to (VictorOps, required there).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Text)]
    public string? Description { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset? End { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset? EffectiveDate { get; set; }

    /// <summary>Weekly windows the rotation applies in ("Monday 09:00 - Friday 17:00").</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Restrictions")]
    public RotationRestriction[]? Restriction { get; set; }

    /// <summary>ZStack: daily, weekly or custom (chosen from the duration by default). VictorOps: the shift type.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Label)]
    public string? RotationType { get; set; }

    /// <summary>Run Test-OnCallRotation's checks (ZStack: ValidateOnCallSchedule) first; a conflict stops the create.</summary>
    [Parameter]
    public SwitchParameter Validate { get; set; }

    private protected override RotationEdits? Described() => Edits();

    private protected override void ProcessInput()
    {
        var edits = Edits();
        if (!TryCheck(() => RotationPlanner.CheckInput(edits, Name), Name))
        {
            return;
        }

        var connection = ResolveConnection();
        // Planning checks the whole definition before its first request (finding the members).
        if (!TryGetWriter(connection, out var writer)
            || !TryPlan((sink, token) => RotationPlanner.PlanNewAsync(writer, edits, Given(Team), sink, token), Name, out var definition)
            || (Validate && !PassesValidation(writer, definition, Name)))
        {
            return;
        }

        var target = connection.Describe(string.Format(System.Globalization.CultureInfo.InvariantCulture, "new rotation '{0}'", definition.Name));
        if (!ShouldProcess(target + ":" + RotationPlanner.Show(definition), "Create " + target + "?", "New-OnCallRotation"))
        {
            return;
        }

        TryRun(
            async (sink, token) =>
            {
                var created = await writer.CreateAsync(definition, sink, token).ConfigureAwait(false);
                foreach (var rotation in writer.ToRotations(created))
                {
                    sink.WriteObject(rotation);
                }
            },
            Name);
    }

    private RotationEdits Edits() => new()
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
}
