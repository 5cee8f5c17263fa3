using System;
using System.Collections.Generic;

namespace OnCall;

/// <summary>A schedule definition: members taking turns at a fixed shift length in a time zone.</summary>
public sealed class Rotation : OnCallObject
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Team { get; set; }

    public string? Schedule { get; set; }

    public string? ScheduleId { get; set; }

    /// <summary>Members in hand-off order.</summary>
    public IList<string> Members { get; } = new List<string>();

    public TimeSpan? ShiftLength { get; set; }

    public string? TimeZone { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public override string ToString() => Name;
}
