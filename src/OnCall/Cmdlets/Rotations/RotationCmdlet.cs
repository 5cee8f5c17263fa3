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
