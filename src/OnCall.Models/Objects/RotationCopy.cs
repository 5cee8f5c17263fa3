using System;
using System.Collections.Generic;

namespace OnCall;

/// <summary>Copy-OnCallRotation's answer: what was created, what could not be carried, and every hand-off that differs.</summary>
public sealed class RotationCopy : OnCallObject
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The source connection.</summary>
    public string Source { get; set; } = string.Empty;

    public OnCallProvider SourceProvider { get; set; }

    /// <summary>The destination connection (also <see cref="OnCallObject.Connection"/>).</summary>
    public string Destination { get; set; } = string.Empty;

    /// <summary>False under -WhatIf: the definition shows what would be created.</summary>
    public bool Created { get; set; }

    /// <summary>The destination's definition: as created and read back, or (under -WhatIf) as it would be sent.</summary>
    public RotationDefinition? Definition { get; set; }

    /// <summary>The rotations created, as Get-OnCallRotation writes them.</summary>
    public IList<Rotation> Rotations { get; } = new List<Rotation>();

    /// <summary>What the destination cannot express, each item said exactly.</summary>
    public IList<string> NotCarried { get; } = new List<string>();

    public DateTimeOffset VerifyStart { get; set; }

    public DateTimeOffset VerifyEnd { get; set; }

    /// <summary>Hand-offs in the verify window where source and copy (or the prediction) disagree.</summary>
    public IList<HandoffDifference> Differences { get; } = new List<HandoffDifference>();

    public bool IsExact => Differences.Count == 0;

    public override string ToString() => Name;
}

/// <summary>One hand-off that happens differently on the source and on the copy.</summary>
public sealed class HandoffDifference
{
    public DateTimeOffset At { get; set; }

    /// <summary>Who takes over on the source at that moment; "(no hand-off)" when nothing changes there then, "(nobody)" for a gap.</summary>
    public string Source { get; set; } = string.Empty;

    public string Copy { get; set; } = string.Empty;

    public override string ToString() => At.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) + ": source " + Source + ", copy " + Copy;
}
