using System;

namespace OnCall;

/// <summary>One person on call over one interval.</summary>
public sealed class Shift : OnCallObject
{
    public string? Team { get; set; }

    public string? Policy { get; set; }

    public string? Schedule { get; set; }

    /// <summary>Vendor id of the schedule (Datadog, ZStack) where it differs from its name.</summary>
    public string? ScheduleId { get; set; }

    /// <summary>The layer or rotation the shift comes from.</summary>
    public string? Rotation { get; set; }

    public string User { get; set; } = string.Empty;

    /// <summary>The vendor's stable id of the user (Datadog user id, ZStack userId, VictorOps username), where known.</summary>
    public string? UserId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    /// <summary>IANA time zone id the shift is expressed in, where known.</summary>
    public string? TimeZone { get; set; }

    public bool IsOverride { get; set; }

    /// <summary>Who was scheduled before the override; null when not an override.</summary>
    public string? OriginalUser { get; set; }

    /// <summary>The escalation step (VictorOps) the shift belongs to.</summary>
    public int? Step { get; set; }

    public TimeSpan Duration => End - Start;

    public override string ToString() => $"{User} {Start:u} - {End:u}";
}
