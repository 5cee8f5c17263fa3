using System;
using System.Collections.Generic;

namespace OnCall.Engine.Providers.VictorOps.Dtos;

/// <summary>GET /v1/team item (a bare array on the wire).</summary>
internal sealed class TeamDto
{
    public string? Name { get; set; }

    public string? Slug { get; set; }

    public int? MemberCount { get; set; }

    public bool? IsDefaultTeam { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IDictionary<string, object?>? Raw { get; set; }

    /// <summary>Name when there is one, else the slug.</summary>
    public string Display => string.IsNullOrEmpty(Name) ? Slug ?? string.Empty : Name!;
}

/// <summary>GET /v1/team/{team}/members item, and GET /v1/user (array of arrays) item.</summary>
internal sealed class UserDto
{
    public string? Username { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public bool? Verified { get; set; }
}

/// <summary>GET /v1/policies item: {"policy":{name,slug},"team":{name,slug}}.</summary>
internal sealed class PolicyInfoDto
{
    public NamedRef? Policy { get; set; }

    public NamedRef? Team { get; set; }
}

/// <summary>GET /v1/policies/{policy}.</summary>
internal sealed class PolicyDetailDto
{
    public string? Name { get; set; }

    public string? Slug { get; set; }

    public List<PolicyStepDto>? Steps { get; set; }
}

internal sealed class PolicyStepDto
{
    public int? Timeout { get; set; }

    public List<PolicyEntryDto>? Entries { get; set; }
}

internal sealed class PolicyEntryDto
{
    public string? ExecutionType { get; set; }

    public UserRef? User { get; set; }

    public NamedRef? RotationGroup { get; set; }

    public EmailTargetDto? Email { get; set; }

    public NamedRef? Webhook { get; set; }

    public NamedRef? TargetPolicy { get; set; }
}

internal sealed class EmailTargetDto
{
    public string? Address { get; set; }
}

/// <summary>GET /v1/teams/{team}/rotations item.</summary>
internal sealed class RotationGroupDto
{
    public string? TeamSlug { get; set; }

    public string? Slug { get; set; }

    public string? Label { get; set; }

    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? GroupId { get; set; }
}

/// <summary>GET /v2/team/{team}/rotations item.</summary>
internal sealed class RotationDto
{
    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? GroupId { get; set; }

    public string? Label { get; set; }

    public int? TotalMembersInRotation { get; set; }

    public List<RotationShiftDto>? Shifts { get; set; }
}

internal sealed class RotationShiftDto
{
    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? ShiftId { get; set; }

    public string? Label { get; set; }

    /// <summary>Days.</summary>
    public double? Duration { get; set; }

    public string? Shifttype { get; set; }

    public DateTimeOffset? Start { get; set; }

    public string? Timezone { get; set; }

    public List<UserRef>? ShiftMembers { get; set; }
}
