using System;
using System.Collections.Generic;

namespace OnCall.Engine.Providers.VictorOps.Dtos;

// IncidentInfo (GET /v1/incidents, /v1/incidents/{n}) and ReportingIncidentInfo
// (GET /api-reporting/v2/incidents), which is the same minus three fields.

internal sealed class IncidentInfoDto
{
    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? IncidentNumber { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    /// <summary>UNACKED/ACKED/RESOLVED here; triggered/acknowledged/resolved in reporting answers.</summary>
    public string? CurrentPhase { get; set; }

    public int? AlertCount { get; set; }

    public DateTimeOffset? LastAlertTime { get; set; }

    public string? EntityId { get; set; }

    public string? EntityDisplayName { get; set; }

    public string? EntityState { get; set; }

    public string? Host { get; set; }

    public string? Service { get; set; }

    public string? RoutingKey { get; set; }

    public List<string>? PagedUsers { get; set; }

    public List<string>? PagedTeams { get; set; }

    public List<PagedPolicyDto>? PagedPolicies { get; set; }

    public List<IncidentTransitionDto>? Transitions { get; set; }

    public string? IncidentLink { get; set; }
}

internal sealed class PagedPolicyDto
{
    public NamedRef? Policy { get; set; }

    public NamedRef? Team { get; set; }
}

internal sealed class IncidentTransitionDto
{
    public string? Name { get; set; }

    public DateTimeOffset? At { get; set; }

    public string? By { get; set; }

    public string? Message { get; set; }
}

/// <summary>The reporting page envelope: {"offset","limit","total","incidents"}.</summary>
internal sealed class ReportingPageDto
{
    public int? Offset { get; set; }

    public int? Limit { get; set; }

    public int? Total { get; set; }
}

/// <summary>POST /v1/incidents answer.</summary>
internal sealed class CreatedIncidentDto
{
    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? IncidentNumber { get; set; }

    public string? Error { get; set; }
}

/// <summary>PATCH ack/resolve (and byUser) answer.</summary>
internal sealed class AckResolveResponseDto
{
    public List<AckResolveResultDto>? Results { get; set; }
}

internal sealed class AckResolveResultDto
{
    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? IncidentNumber { get; set; }

    public string? EntityId { get; set; }

    public bool CmdAccepted { get; set; }

    public string? Message { get; set; }
}

/// <summary>POST /v1/incidents/reroute answer.</summary>
internal sealed class RerouteResponseDto
{
    public List<RerouteStatusDto>? Statuses { get; set; }
}

internal sealed class RerouteStatusDto
{
    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? IncidentNumber { get; set; }

    public bool Success { get; set; }

    public string? Message { get; set; }

    public List<RerouteTargetStatusDto>? TargetStatus { get; set; }
}

internal sealed class RerouteTargetStatusDto
{
    public string? Slug { get; set; }

    public bool Success { get; set; }

    public string? Message { get; set; }
}

/// <summary>A note: {"name","displayName","json_value"}.</summary>
internal sealed class IncidentNoteDto
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("json_value")]
    public System.Text.Json.JsonElement? JsonValue { get; set; }
}
