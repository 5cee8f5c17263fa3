using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.Datadog;

public sealed class DdUser
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string Status { get; set; } = "Active";
    public string Handle => Email;
}

public sealed class DdTeam
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Handle { get; set; }
    public string Description { get; set; } = string.Empty;
    public List<string> MemberIds { get; } = [];
}

public sealed class DdRestriction
{
    public required string StartDay { get; set; }
    public required string StartTime { get; set; }
    public required string EndDay { get; set; }
    public required string EndTime { get; set; }
}

public sealed class DdLayer
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required DateTimeOffset EffectiveDate { get; set; }
    public DateTimeOffset? EndDate { get; set; }
    public required DateTimeOffset RotationStart { get; set; }
    public int IntervalDays { get; set; }
    public int IntervalSeconds { get; set; }
    public string? TimeZone { get; set; }

    /// <summary>Member id → user id, in rotation order; a null user is an empty slot (nobody on call for that turn).</summary>
    public List<KeyValuePair<string, string?>> Members { get; } = [];
    public List<DdRestriction> Restrictions { get; } = [];

    public TimeSpan Interval => TimeSpan.FromDays(IntervalDays) + TimeSpan.FromSeconds(IntervalSeconds);
}

public sealed class DdSchedule
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string TimeZone { get; set; }
    public List<string> TeamIds { get; } = [];
    public List<DdLayer> Layers { get; } = [];
    public List<string> Tags { get; } = [];
}

public sealed class DdOverride
{
    public required string Id { get; set; }
    public required string ScheduleId { get; set; }
    public required string UserId { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required DateTimeOffset End { get; set; }
}

public sealed class DdTarget
{
    public required string Id { get; set; }
    public required string Type { get; set; }

    /// <summary>For schedule targets: previous, current or next; null means current.</summary>
    public string? Position { get; set; }
}

public sealed class DdStep
{
    public required string Id { get; set; }
    public string Assignment { get; set; } = "default";
    public int EscalateAfterSeconds { get; set; } = 3600;
    public List<DdTarget> Targets { get; } = [];
}

public sealed class DdPolicy
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public bool ResolvePageOnPolicyEnd { get; set; } = true;
    public int Retries { get; set; } = 2;
    public List<string> TeamIds { get; } = [];
    public List<DdStep> Steps { get; } = [];
}

public sealed class DdRoutingRule
{
    public required string Id { get; set; }
    public required JsonObject Attributes { get; set; }
    public string? PolicyId { get; set; }
}

public sealed class DdPage
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public string Urgency { get; set; } = "high";
    public string? Description { get; set; }
    public string? TargetType { get; set; }
    public string? TargetIdentifier { get; set; }
    public List<string> Tags { get; } = [];

    /// <summary>triggered, acknowledged or resolved.</summary>
    public string Status { get; set; } = "triggered";
    public int EscalationLevel { get; set; }
}
