using System;

namespace OnCall;

/// <summary>
/// A rotation named by an object Get-OnCallRotation wrote or by its id or name, so a parameter such as
/// Copy-OnCallRotation's -Rotation takes either.
/// </summary>
public sealed class RotationReference
{
    public RotationReference(string id)
    {
        Id = id;
    }

    public RotationReference(Rotation rotation)
    {
        Rotation = rotation ?? throw new ArgumentNullException(nameof(rotation));
        Id = string.IsNullOrEmpty(rotation.ScheduleId) ? rotation.Id : rotation.ScheduleId!;
    }

    /// <summary>The id or name given, or the container id of the object.</summary>
    public string Id { get; }

    /// <summary>The object given, with its definition as read; null when only an id or name was given.</summary>
    public Rotation? Rotation { get; }

    public override string ToString() => Rotation?.Name ?? Id;
}
