using System.Collections.Generic;

namespace OnCall;

/// <summary>Test-OnCallRotation's answer: whether a definition can be written, and what stands in the way.</summary>
public sealed class RotationValidation : OnCallObject
{
    public string Name { get; set; } = string.Empty;

    public string? Id { get; set; }

    public bool IsValid => Conflicts.Count == 0;

    /// <summary>The module's own checks first, then the vendor's (ZStack ValidateOnCallSchedule).</summary>
    public IList<RotationConflict> Conflicts { get; } = new List<RotationConflict>();

    public IList<RotationSuggestion> Suggestions { get; } = new List<RotationSuggestion>();

    public override string ToString() => Name;
}

/// <summary>One problem with a rotation definition.</summary>
public sealed class RotationConflict
{
    /// <summary>The vendor's type (ZStack: overlap) or the module's reason (DuplicateMember, UnknownMember, ...).</summary>
    public string Type { get; set; } = string.Empty;

    public string? User { get; set; }

    public string? UserId { get; set; }

    public string Details { get; set; } = string.Empty;

    /// <summary>Module or the vendor's name: who found it.</summary>
    public string Source { get; set; } = "Module";

    public override string ToString() => Type + ": " + Details;
}

/// <summary>What the vendor suggests to resolve a conflict.</summary>
public sealed class RotationSuggestion
{
    public string Type { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public override string ToString() => Type + ": " + Description;
}
