using System.Collections.Generic;

namespace OnCall;

/// <summary>A team.</summary>
public sealed class Team : OnCallObject
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public int? MemberCount { get; set; }

    public bool IsDefault { get; set; }

    public override string ToString() => Name;
}

/// <summary>A member of a team, or a user of the organisation.</summary>
public sealed class TeamMember : OnCallObject
{
    public string? Team { get; set; }

    public string User { get; set; } = string.Empty;

    public string? UserId { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public bool? IsAdmin { get; set; }

    public override string ToString() => User;
}

/// <summary>An escalation policy.</summary>
public sealed class EscalationPolicy : OnCallObject
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Team { get; set; }

    public IList<EscalationStep> Steps { get; } = new List<EscalationStep>();

    public override string ToString() => Name;
}

/// <summary>One step of an escalation policy.</summary>
public sealed class EscalationStep
{
    public int Index { get; set; }

    /// <summary>Minutes before the next step.</summary>
    public int? TimeoutMinutes { get; set; }

    /// <summary>Readable targets: "user:alice", "rotation:primary", "schedule:...".</summary>
    public IList<string> Targets { get; } = new List<string>();

    public override string ToString() => $"step {Index}: {string.Join(", ", Targets)}";
}

/// <summary>A note on an incident.</summary>
public sealed class IncidentNote : OnCallObject
{
    public string IncidentId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? DisplayName { get; set; }

    public string? Text { get; set; }

    public override string ToString() => $"{IncidentId}/{Name}";
}
