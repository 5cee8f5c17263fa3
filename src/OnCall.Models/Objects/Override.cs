using System;
using System.Collections.Generic;

namespace OnCall;

/// <summary>Someone standing in for someone else over a window.</summary>
public sealed class Override : OnCallObject
{
    public string Id { get; set; } = string.Empty;

    public string? Team { get; set; }

    public string? Policy { get; set; }

    public string? Schedule { get; set; }

    public string? ScheduleId { get; set; }

    /// <summary>Who is on call during the override (null while a VictorOps assignment is still open).</summary>
    public string? User { get; set; }

    /// <summary>The vendor's stable id of <see cref="User"/>, where known.</summary>
    public string? UserId { get; set; }

    /// <summary>Who is replaced.</summary>
    public string? OriginalUser { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public string? TimeZone { get; set; }

    public string? Reason { get; set; }

    /// <summary>VictorOps: one assignment per escalation policy the absent user is on.</summary>
    public IList<OverrideAssignment> Assignments { get; } = new List<OverrideAssignment>();

    public override string ToString() => Id;
}

/// <summary>Who covers one policy during a VictorOps scheduled override.</summary>
public sealed class OverrideAssignment
{
    public string? Team { get; set; }

    public string? Policy { get; set; }

    public string? User { get; set; }

    public bool Assigned { get; set; }

    public override string ToString() => $"{Policy}: {User ?? "(unassigned)"}";
}
