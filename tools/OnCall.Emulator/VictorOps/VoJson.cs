using System;
using System.Linq;
using System.Text.Json.Nodes;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>VictorOps JSON shapes, written once so every endpoint spells them the same way.</summary>
internal static class VoJson
{
    public static JsonObject UserRef(string? username) => new() { ["username"] = username };

    public static JsonObject TeamRef(VoTeam team) => new() { ["name"] = team.Name, ["slug"] = team.Slug };

    public static JsonObject PolicyRef(VoPolicy policy) => new() { ["name"] = policy.Name, ["slug"] = policy.Slug };

    public static JsonObject Team(VoTeam team) => new()
    {
        ["_selfUrl"] = "/api-public/v1/team/" + team.Slug,
        ["_membersUrl"] = "/api-public/v1/team/" + team.Slug + "/members",
        ["_policiesUrl"] = "/api-public/v1/team/" + team.Slug + "/policies",
        ["_adminsUrl"] = "/api-public/v1/team/" + team.Slug + "/admins",
        ["name"] = team.Name,
        ["slug"] = team.Slug,
        ["memberCount"] = team.Members.Count,
        ["version"] = 1,
        ["isDefaultTeam"] = team.IsDefaultTeam,
        ["description"] = team.Description,
    };

    public static JsonObject User(VoUser user) => new()
    {
        ["firstName"] = user.FirstName,
        ["lastName"] = user.LastName,
        ["displayName"] = user.DisplayName,
        ["username"] = user.Username,
        ["email"] = user.Email,
        ["createdAt"] = Http.Iso(user.CreatedAt),
        ["passwordLastUpdated"] = Http.Iso(user.CreatedAt),
        ["verified"] = true,
        ["_selfUrl"] = "/api-public/v1/user/" + user.Username,
    };

    /// <summary>IncidentInfo; the reporting API leaves out the monitor fields and spells phases in lower case.</summary>
    public static JsonObject Incident(VictorOpsState state, VoIncident incident, bool reporting = false)
    {
        var o = new JsonObject
        {
            ["incidentNumber"] = incident.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["startTime"] = Http.Iso(incident.StartTime),
            ["currentPhase"] = reporting ? ReportingPhase(incident.CurrentPhase) : incident.CurrentPhase,
            ["alertCount"] = incident.AlertCount,
            ["lastAlertTime"] = Http.Iso(incident.StartTime),
            ["lastAlertId"] = incident.LastAlertId,
            ["entityId"] = incident.EntityId,
            ["host"] = incident.Host,
            ["service"] = incident.Service,
            ["routingKey"] = incident.RoutingKey,
            ["entityDisplayName"] = incident.EntityDisplayName,
            ["entityState"] = reporting ? incident.EntityState.ToLowerInvariant() : incident.EntityState,
            ["entityType"] = reporting ? incident.EntityType.ToLowerInvariant() : incident.EntityType,
            ["pagedUsers"] = Http.Strings(incident.PagedUsers),
            ["pagedTeams"] = Http.Strings(incident.PagedTeams),
            ["pagedPolicies"] = incident.PagedPolicies.Select(slug => state.Policy(slug)).Where(p => p is not null).Select(p => (JsonNode?)new JsonObject
            {
                ["policy"] = new JsonObject { ["name"] = p!.Name, ["slug"] = p.Slug, ["_selfUrl"] = "/api-public/v1/policies/" + p.Slug },
                ["team"] = state.Team(p.TeamSlug) is { } t ? TeamRef(t) : null,
            }).ToJsonArray(),
            ["transitions"] = incident.Transitions.Select(t => (JsonNode?)Transition(t)).ToJsonArray(),
        };
        if (!reporting)
        {
            o["firstAlertUuid"] = incident.LastAlertId;
            o["monitorName"] = incident.MonitorName;
            o["monitorType"] = incident.MonitorType;
            o["incidentLink"] = "https://portal.victorops.com/ui/demo/incident/" + incident.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return o;
    }

    public static string ReportingPhase(string phase) => phase switch
    {
        VoPhase.Unacked => "triggered",
        VoPhase.Acked => "acknowledged",
        _ => "resolved",
    };

    private static JsonObject Transition(VoTransition t)
    {
        var o = new JsonObject { ["name"] = t.Name, ["at"] = Http.Iso(t.At) };
        if (t.By is not null)
        {
            o["by"] = t.By;
        }

        if (t.Message is not null)
        {
            o["message"] = t.Message;
        }

        if (t.Manually)
        {
            o["manually"] = true;
        }

        if (t.AlertId is not null)
        {
            o["alertId"] = t.AlertId;
            o["alertUrl"] = "https://api.victorops.com/api-public/v1/alerts/" + t.AlertId;
        }

        return o;
    }

    public static TimeZoneInfo Zone(string id) => Datadog.DatadogState.FindZone(id);
}
