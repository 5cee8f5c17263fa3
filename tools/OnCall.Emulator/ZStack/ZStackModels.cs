using System;
using System.Collections.Generic;

namespace OnCall.Emulator.ZStack;

public sealed class ZsMember
{
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public int Order { get; set; }
}

public sealed class ZsSchedule
{
    public required string Uuid { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = string.Empty;
    public required string Timezone { get; set; }
    public string RotationType { get; set; } = "weekly";

    /// <summary>A Go duration string such as "168h".</summary>
    public string ShiftDuration { get; set; } = "168h";
    public List<ZsMember> Members { get; } = [];
    public required DateTimeOffset StartDate { get; set; }
    public DateTimeOffset CreateDate { get; set; }
    public DateTimeOffset LastOpDate { get; set; }
}

public sealed class ZsOverride
{
    public required string Uuid { get; set; }
    public required string ScheduleUuid { get; set; }
    public required string OriginalUser { get; set; }
    public required string SubstituteUser { get; set; }
    public required DateTimeOffset StartTime { get; set; }
    public required DateTimeOffset EndTime { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreateDate { get; set; }
}

public sealed class ZsEvent
{
    public required string Uuid { get; set; }
    public required string RuleUuid { get; set; }
    public required string RuleName { get; set; }
    public string ResourceType { get; set; } = "vm";
    public required string ResourceUuid { get; set; }
    public required string MetricName { get; set; }
    public double CurrentValue { get; set; }
    public double Threshold { get; set; }
    public string Operator { get; set; } = ">";
    public string Severity { get; set; } = "critical";

    /// <summary>firing, acknowledged or resolved.</summary>
    public string State { get; set; } = "firing";
    public required string Message { get; set; }
    public required string Fingerprint { get; set; }
    public string Source { get; set; } = "prometheus";
    public DateTimeOffset NotifiedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public List<(string Action, string Actor, string Detail, DateTimeOffset At)> Timeline { get; } = [];
}
