namespace OnCall;

/// <summary>One field a Set (or a Copy) changes, as -WhatIf shows it.</summary>
public sealed class RotationChange
{
    /// <summary>The layer or shift it is about; null for the whole definition.</summary>
    public string? Layer { get; set; }

    public string Field { get; set; } = string.Empty;

    public string? Before { get; set; }

    public string? After { get; set; }

    public override string ToString() =>
        (Layer is null ? string.Empty : Layer + ": ") + Field + ": " + (Before ?? "(none)") + " -> " + (After ?? "(none)");
}
