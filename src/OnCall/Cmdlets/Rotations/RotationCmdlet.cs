using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Connections;
using OnCall.Engine.Providers;
using OnCall.Engine.Rotations;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Rotations;

/// <summary>What the rotation writers share: the vendor's writer, planning that reports its failure about one item, the lines -WhatIf prints.</summary>
public abstract class RotationCmdlet : OnCallConnectedCmdlet
{
    /// <summary>Which command reads a rotation back, or does what this one cannot.</summary>
    private protected override string? Advice(OnCallException error) => error.Reason switch
    {
        "MayHaveApplied" or "CreatedNotFound" => "Get-OnCallRotation shows whether it was; read it back before repeating it.",
        RotationPlanner.RotationNotFound or "ScheduleNotFound" => "Get-OnCallRotation lists the rotations of the connection and their ids.",
        RotationPlanner.FixedAfterCreate => "Create a rotation of another type or start with New-OnCallRotation (or Copy-OnCallRotation).",
        RotationPlanner.ChangeNotSupported => error.Provider == OnCallProvider.VictorOps
            ? "Change the shift in the VictorOps web application, or create a new group with New-OnCallRotation and remove the old one with Remove-OnCallRotation."
            : "Leave those parameters out.",
        RotationPlanner.RemoveNotSupported => "Remove it in the vendor's console; Set-OnCallRotation can still change it.",
        "UnknownMember" => error.Provider == OnCallProvider.ZStack
            ? "ZStack has no user directory: name people already in a ZStack schedule, or give them as 'userId=User Name'."
            : "Get-OnCallTeamMember lists the people.",
        RotationPlanner.UnmappedMember => "Map each one with -MemberMap @{ 'source person' = 'destination person' }.",
        "TeamRequired" => "Give -Team.",
        "NoTeams" => "Leave -Team out.",
        RotationPlanner.NameTheLayer => "Give -Id the layer's id (Get-OnCallRotation lists them).",
        RotationPlanner.MissingField when Described() is { } edits => "Give " + string.Join(", ", RotationPlanner.MissingFields(edits).Select(field => "-" + field)) + ".",
        "EmptyLayer" when Described() is not null => "Give -Members at least one person.",
        "DuplicateMember" when Described() is not null => "Name each person once in -Members.",
        _ => null,
    };

    /// <summary>
    /// The rotation the command's parameters describe (New, Set, Test), for advice on them; null where it has no such
    /// parameters. A field's name in <see cref="RotationEdits"/> is the parameter's. A method, not a property: no
    /// property of a cmdlet may have an engine type (the help builder reads them without the engine).
    /// </summary>
    private protected virtual RotationEdits? Described() => null;

    /// <summary>Runs engine planning; a failure is an error about <paramref name="target"/> (the other pipeline items go on) and false.</summary>
    private protected bool TryPlan<T>(Func<IOperationSink, CancellationToken, Task<T>> work, object? target, out T result)
    {
        try
        {
            result = Run(work);
            return true;
        }
        catch (OnCallException error)
        {
            WriteError(RecordOf(error, target));
            result = default!;
            return false;
        }
    }

    /// <summary>A check that needs no request; its failure is an error about <paramref name="target"/> and false.</summary>
    private protected bool TryCheck(Action check, object? target)
    {
        try
        {
            check();
            return true;
        }
        catch (OnCallException error)
        {
            WriteError(RecordOf(error, target));
            return false;
        }
    }

    /// <summary>-Validate: the definition through Test-OnCallRotation's checks; false (and an error naming each conflict) when it fails them.</summary>
    private protected bool PassesValidation(IRotationWriter writer, RotationDefinition definition, object? target)
    {
        if (!TryPlan((sink, token) => RotationPlanner.ValidateAsync(writer, definition.Clone(), null, 0, sink, token), target, out var validation))
        {
            return false;
        }

        if (validation.IsValid)
        {
            WriteVerbose("-Validate: no conflicts.");
            return true;
        }

        WriteError(RecordOf(new OnCallException(
            OnCallErrorKind.InvalidArgument,
            RotationPlanner.ValidationFailed,
            "The rotation did not pass validation, so nothing was written: " + string.Join(" ", validation.Conflicts.Select(c => c.Type + ": " + c.Details))
                + (validation.Suggestions.Count == 0 ? string.Empty : " Suggested: " + string.Join("; ", validation.Suggestions.Select(s => s.Description))),
            definition.Provider,
            target)));
        return false;
    }

    /// <summary>The writer of a connection, or a NotSupported error.</summary>
    private protected bool TryGetWriter(ConnectionContext connection, out IRotationWriter writer) => TryGetCapability(connection, out writer);
}
