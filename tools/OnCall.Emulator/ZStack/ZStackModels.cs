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

/// <summary>
/// How the emulator pages the schedule and alert-event lists. GUESS: ZStack documents no limit/offset for either
/// (zstack.md 1.2, 2.1); only the event timeline shows an items/total/limit/offset envelope, and the defaults here
/// (20 a page, at most 200, the full envelope) copy it. Tests switch to other servers' ways with these.
/// </summary>
public sealed class ZsPaging
{
    public int DefaultLimit { get; set; } = 20;

    /// <summary>The largest page the server answers, whatever limit was asked.</summary>
    public int MaxLimit { get; set; } = 200;

    /// <summary>A server that answers every page from the start of the list.</summary>
    public bool IgnoresOffset { get; set; }

    /// <summary>Whether the answer carries total, limit and offset beside items.</summary>
    public bool Envelope { get; set; } = true;

    public void Reset()
    {
        DefaultLimit = 20;
        MaxLimit = 200;
        IgnoresOffset = false;
        Envelope = true;
    }
}
