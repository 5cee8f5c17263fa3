using System;

namespace OnCall;

/// <summary>Someone on call now (or at the asked time) for a team, policy or schedule.</summary>
public sealed class OnCallUser : OnCallObject
{
    public string? Team { get; set; }

    public string? TeamId { get; set; }

    public string? Policy { get; set; }

    public string? PolicyId { get; set; }

    public string? Schedule { get; set; }

    public string? ScheduleId { get; set; }

    public string User { get; set; } = string.Empty;

    public string? UserId { get; set; }

    public string? Email { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public int? Step { get; set; }

    public bool IsOverride { get; set; }

    public string? OriginalUser { get; set; }

    public override string ToString() => User;
}
