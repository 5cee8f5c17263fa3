using System;
using System.Collections.Generic;

namespace OnCall.Engine.Providers.VictorOps.Schedules;

/// <summary>One roll as one schedule call returned it, before stitching and overrides.</summary>
internal sealed class ShiftFragment
{
    public string? TeamName { get; set; }

    public string? TeamSlug { get; set; }

    public string? PolicyName { get; set; }

    public string? PolicySlug { get; set; }

    public string? Rotation { get; set; }

    public string? ShiftName { get; set; }

    public string User { get; set; } = string.Empty;

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    /// <summary>Which call of a split window it came from: touching rolls of two calls are one roll cut at the seam.</summary>
    public int Chunk { get; set; }

    public IDictionary<string, object?>? Raw { get; set; }
}
