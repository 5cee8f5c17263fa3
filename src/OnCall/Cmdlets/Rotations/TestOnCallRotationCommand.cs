using System.Management.Automation;
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
public sealed class TestOnCallRotationCommand : RotationEditCmdlet
{
    /// <summary>An existing rotation to check; leave it out to check a new one described by the other parameters.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Id)]
    public string? Id { get; set; }

    private protected override void ProcessInput()
    {
        var edits = Edits();
        var target = (object?)Id ?? Name;

        // Repeated or missing members and reversed dates are what this command reports; unreadable text is not.
        if (!TryCheck(() => RotationPlanner.CheckText(edits), target))
        {
            return;
        }

        var connection = ResolveConnection();
        var address = Id is null ? null : Address(Id);
        if (TryGetWriter(connection, out var writer)
            && TryPlan((sink, token) => RotationPlanner.TestAsync(writer, address, Definition, edits, sink, token), target, out var validation))
        {
            validation.Connection = connection.Name;
            WriteObject(validation);
        }
    }
}
