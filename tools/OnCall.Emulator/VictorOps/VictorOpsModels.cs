using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.VictorOps;

public sealed class VoUser
{
    public required string Username { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public string DisplayName => FirstName + " " + LastName;
}

public sealed class VoTeam
{
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Description { get; set; } = string.Empty;
    public List<string> Members { get; } = [];
    public List<string> Admins { get; } = [];
    public bool IsDefaultTeam { get; set; }
}

/// <summary>A rotation group with a single shift: members take turns of <see cref="ShiftLength"/> from <see cref="Start"/>.</summary>
public sealed class VoRotation
{
    public required string GroupId { get; set; }
    public required string Label { get; set; }
    public required string TeamSlug { get; set; }
    public required string ShiftName { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required TimeSpan ShiftLength { get; set; }
    public required string TimeZone { get; set; }
    public List<string> Members { get; } = [];

    public long ShiftIndexAt(DateTimeOffset at) => Shape.IndexAt(at);

    public DateTimeOffset ShiftStart(long index) => Shape.ShiftStart(index);

    private Infrastructure.Rotation Shape => new(Start, ShiftLength, Datadog.DatadogState.FindZone(TimeZone));

    /// <summary>The member on shift <paramref name="index"/>, <paramref name="offset"/> places later in the order.</summary>
    public string? MemberFor(long index, int offset = 0)
    {
        if (Members.Count == 0)
        {
            return null;
        }

        var n = Members.Count;
        var i = (int)((((index + offset) % n) + n) % n);
        return Members[i];
    }
}

/// <summary>An escalation policy whose first step pages a rotation (offset 0 = current, 1 = next member).</summary>
public sealed class VoPolicy
{
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string TeamSlug { get; set; }
    public required string RotationGroupId { get; set; }
    public int RotationOffset { get; set; }
    public int StepTwoTimeoutMinutes { get; set; } = 15;
    public string? StepTwoUser { get; set; }

    public string ExecutionType => RotationOffset switch
    {
        0 => "rotation_group",
        1 => "rotation_group_next",
        _ => "rotation_group_previous",
    };
}

/// <summary>The result of "take on-call": <see cref="ToUser"/> replaces <see cref="FromUser"/> on one policy until the shift ends.</summary>
public sealed class VoTake
{
    public required string PolicySlug { get; set; }
    public required string FromUser { get; set; }
    public required string ToUser { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required DateTimeOffset End { get; set; }
}

/// <summary>A scheduled override: <see cref="Username"/> is away; each policy's assignment names who covers.</summary>
public sealed class VoOverride
{
    public required string PublicId { get; set; }
    public required string Username { get; set; }
    public required string Timezone { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required DateTimeOffset End { get; set; }

    /// <summary>Policy slug → covering username (null while unassigned), in creation order.</summary>
    public List<KeyValuePair<string, string?>> Assignments { get; } = [];
}

public sealed class VoTransition
{
    public required string Name { get; set; }
    public required DateTimeOffset At { get; set; }
    public string? By { get; set; }
    public string? Message { get; set; }
    public bool Manually { get; set; }
    public string? AlertId { get; set; }
}

public sealed class VoNote
{
    public required string Name { get; set; }
    public required string DisplayName { get; set; }
    public JsonNode? JsonValue { get; set; }
}

public static class VoPhase
{
    public const string Unacked = "UNACKED";
    public const string Acked = "ACKED";
    public const string Resolved = "RESOLVED";
}

public sealed class VoIncident
{
    public required int Number { get; set; }
    public required DateTimeOffset StartTime { get; set; }
    public string CurrentPhase { get; set; } = VoPhase.Unacked;
    public required string EntityId { get; set; }
    public required string EntityDisplayName { get; set; }
    public string EntityState { get; set; } = "CRITICAL";
    public string EntityType { get; set; } = "SERVICE";
    public string? Host { get; set; }
    public required string Service { get; set; }
    public string RoutingKey { get; set; } = "default";
    public int AlertCount { get; set; } = 1;
    public required string LastAlertId { get; set; }
    public string MonitorName { get; set; } = "Nagios";
    public string MonitorType { get; set; } = "API";
    public List<string> PagedUsers { get; } = [];
    public List<string> PagedTeams { get; } = [];
    public List<string> PagedPolicies { get; } = [];
    public List<VoTransition> Transitions { get; } = [];
    public List<VoNote> Notes { get; } = [];
}

public sealed class VoRoutingKey
{
    public required string RoutingKey { get; set; }
    public List<string> PolicySlugs { get; } = [];
    public bool IsDefault { get; set; }
}
