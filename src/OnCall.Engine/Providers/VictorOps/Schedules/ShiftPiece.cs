using System;
using System.Collections.Generic;

namespace OnCall.Engine.Providers.VictorOps.Schedules;

/// <summary>A finished shift: stitched, overrides applied, clipped to the window.</summary>
internal sealed class ShiftPiece
{
    public string? TeamName { get; set; }

    public string? TeamSlug { get; set; }

    public string? PolicyName { get; set; }

    public string? PolicySlug { get; set; }

    public string? Rotation { get; set; }

    public string User { get; set; } = string.Empty;

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    /// <summary>Before clipping to the window.</summary>
    public DateTimeOffset OriginalStart { get; set; }

    public DateTimeOffset OriginalEnd { get; set; }

    public bool IsOverride { get; set; }

    public string? OriginalUser { get; set; }

    public IDictionary<string, object?>? Raw { get; set; }
}
