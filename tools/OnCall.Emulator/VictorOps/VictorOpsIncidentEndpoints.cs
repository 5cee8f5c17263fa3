using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>Incidents: list, get, create, ack/resolve (by list and by user), reroute, notes.</summary>
internal static class VictorOpsIncidentEndpoints
{
    /// <summary>How long a resolved incident stays in the public (non-reporting) list.</summary>
    private static readonly TimeSpan RecentlyResolved = TimeSpan.FromHours(2);

    public static void Map(WebApplication app, EmulatorState state)
    {
        var vo = state.VictorOps;

        app.MapGet("/api-public/v1/incidents", () =>
        {
            lock (state.Sync)
            {
                var now = state.Now;
                var incidents = vo.Incidents
                    .Where(i => i.CurrentPhase != VoPhase.Resolved || now - i.StartTime < RecentlyResolved)
                    .Select(i => (JsonNode?)VoJson.Incident(vo, i)).ToJsonArray();
                return Http.Json(new JsonObject { ["incidents"] = incidents });
            }
        });

        app.MapGet("/api-public/v1/incidents/{number}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return vo.Incident(context.Param("number")) is { } incident
                    ? Http.Json(VoJson.Incident(vo, incident))
                    : Http.VoError(404, "Incident not found");
            }
        });

        app.MapPost("/api-public/v1/incidents", (HttpContext context) => Create(context, state));

        app.MapMethods("/api-public/v1/incidents/ack", ["PATCH"], (HttpContext context) => Act(context, state, ack: true, byUser: false));
        app.MapMethods("/api-public/v1/incidents/resolve", ["PATCH"], (HttpContext context) => Act(context, state, ack: false, byUser: false));
        app.MapMethods("/api-public/v1/incidents/byUser/ack", ["PATCH"], (HttpContext context) => Act(context, state, ack: true, byUser: true));
        app.MapMethods("/api-public/v1/incidents/byUser/resolve", ["PATCH"], (HttpContext context) => Act(context, state, ack: false, byUser: true));
        app.MapPost("/api-public/v1/incidents/reroute", (HttpContext context) => Reroute(context, state));

        app.MapGet("/api-public/v1/incidents/{number}/notes", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return vo.Incident(context.Param("number")) is { } incident
                    ? Http.Json(Notes(incident))
                    : Http.VoError(404, "Incident not found");
            }
        });

        app.MapPost("/api-public/v1/incidents/{number}/notes", (HttpContext context) =>
        {
            var body = context.JsonBody();
            var name = body.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                return Http.VoError(400, "name is required");
            }

            lock (state.Sync)
            {
                if (vo.Incident(context.Param("number")) is not { } incident)
                {
                    return Http.VoError(404, "Incident not found");
                }

                incident.Notes.RemoveAll(n => n.Name == name);
                var note = new VoNote
                {
                    Name = name,
                    DisplayName = body.Str("display_name") ?? body.Str("displayName") ?? name,
                    JsonValue = body!["json_value"]?.DeepClone() ?? body["jsonValue"]?.DeepClone(),
                };
                incident.Notes.Add(note);

                // The spec answers a create with the one note ("Notes" is a single-note schema there).
                return Http.Json(Note(note));
            }
        });

        app.MapPut("/api-public/v1/incidents/{number}/notes/{noteName}", (HttpContext context) =>
        {
            var body = context.JsonBody();
            lock (state.Sync)
            {
                var note = vo.Incident(context.Param("number"))?.Notes.Find(n => n.Name == context.Param("noteName"));
                if (note is null)
                {
                    return Http.VoError(404, "Note not found");
                }

                note.DisplayName = body.Str("display_name") ?? body.Str("displayName") ?? note.DisplayName;
                note.JsonValue = body?["json_value"]?.DeepClone() ?? note.JsonValue;
                return Results.Ok();
            }
        });

        app.MapDelete("/api-public/v1/incidents/{number}/notes/{noteName}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var incident = vo.Incident(context.Param("number"));
                return incident is not null && incident.Notes.RemoveAll(n => n.Name == context.Param("noteName")) > 0
                    ? Results.Ok()
                    : Http.VoError(404, "Note not found");
            }
        });

    }

    // The spec calls the GET answer "the set of notes" but gives no wrapper, so it is a bare array of notes.
    private static JsonArray Notes(VoIncident incident) => incident.Notes.Select(n => (JsonNode?)Note(n)).ToJsonArray();

    private static JsonObject Note(VoNote n) => new()
    {
        ["name"] = n.Name,
        ["displayName"] = n.DisplayName,
        ["json_value"] = n.JsonValue?.DeepClone(),
    };

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        var body = context.JsonBody();
        var summary = body.Str("summary");
        var userName = body.Str("userName");
        if (string.IsNullOrEmpty(summary) || string.IsNullOrEmpty(userName) || body.Str("details") is null || body!["targets"] is not JsonArray targets || targets.Count == 0)
        {
            return Http.VoError(400, "summary, details, userName and targets are required");
        }

        lock (state.Sync)
        {
            var vo = state.VictorOps;
            if (vo.User(userName) is null)
            {
                return Http.VoError(404, "User not found: " + userName);
            }

            var now = state.Now;
            var number = vo.NextIncidentNumber;
            var incident = new VoIncident
            {
                Number = number,
                StartTime = now,
                EntityId = DemoIds.Guid("vo-entity", number),
                EntityDisplayName = summary,
                Service = summary,
                LastAlertId = DemoIds.Guid("vo-alert", number),
                MonitorName = "vouser-" + userName,
                MonitorType = "Manual",
            };
            if (ApplyTargets(vo, incident, targets, now) is { } error)
            {
                return Http.Json(new JsonObject { ["incidentNumber"] = null, ["error"] = error }, 400);
            }

            incident.Transitions.Add(new VoTransition { Name = "triggered", At = now, By = userName, Message = body.Str("details"), AlertId = incident.LastAlertId });
            vo.Incidents.Add(incident);
            state.Ledger.Applied(context, LedgerAction.IncidentCreated, number.ToString(CultureInfo.InvariantCulture), summary);
            return Http.Json(new JsonObject { ["incidentNumber"] = number.ToString(CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>Pages the targets: users directly, policies through whoever is on call for them now.</summary>
    private static string? ApplyTargets(VictorOpsState vo, VoIncident incident, JsonArray targets, DateTimeOffset now)
    {
        foreach (var target in targets)
        {
            var type = target.Str("type");
            var slug = target.Str("slug") ?? string.Empty;
            if (string.Equals(type, "User", StringComparison.OrdinalIgnoreCase) && vo.User(slug) is not null)
            {
                AddOnce(incident.PagedUsers, slug);
            }
            else if (string.Equals(type, "EscalationPolicy", StringComparison.OrdinalIgnoreCase) && vo.Policy(slug) is { } policy)
            {
                AddOnce(incident.PagedPolicies, policy.Slug);
                AddOnce(incident.PagedTeams, policy.TeamSlug);
                if (vo.OnCallAt(policy, now).User is { } user)
                {
                    AddOnce(incident.PagedUsers, user);
                }
            }
            else
            {
                return "Invalid target: " + type + " " + slug;
            }
        }

        return null;
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static IResult Act(HttpContext context, EmulatorState state, bool ack, bool byUser)
    {
        var body = context.JsonBody();
        var userName = body.Str("userName");
        var message = body.Str("message");
        var names = body?["incidentNames"] as JsonArray;
        if (string.IsNullOrEmpty(userName) || (!byUser && names is null))
        {
            return Http.VoError(400, byUser ? "userName is required" : "userName and incidentNames are required");
        }

        lock (state.Sync)
        {
            var vo = state.VictorOps;
            if (vo.User(userName) is null)
            {
                return Http.VoError(404, "User not found: " + userName);
            }

            IEnumerable<string> numbers = byUser
                ? vo.Incidents.Where(i => i.PagedUsers.Contains(userName) && (ack ? i.CurrentPhase == VoPhase.Unacked : i.CurrentPhase != VoPhase.Resolved))
                    .Select(i => i.Number.ToString(CultureInfo.InvariantCulture)).ToList()
                : names!.Select(n => n?.ToString() ?? string.Empty);

            var results = new JsonArray();
            foreach (var number in numbers)
            {
                var incident = vo.Incident(number);
                string outcome;
                var accepted = false;
                if (incident is null)
                {
                    outcome = "Incident not found";
                }
                else if (incident.CurrentPhase == VoPhase.Resolved)
                {
                    outcome = "Incident already resolved";
                }
                else if (ack && incident.CurrentPhase == VoPhase.Acked)
                {
                    outcome = "Incident already acknowledged";
                }
                else
                {
                    incident.CurrentPhase = ack ? VoPhase.Acked : VoPhase.Resolved;
                    incident.Transitions.Add(new VoTransition { Name = ack ? "acknowledged" : "resolved", At = state.Now, By = userName, Message = message, Manually = true });
                    accepted = true;
                    outcome = ack ? "Incident acknowledged" : "Incident resolved";
                    state.Ledger.Applied(context, ack ? LedgerAction.IncidentAcknowledged : LedgerAction.IncidentResolved, number);
                }

                results.Add(new JsonObject
                {
                    ["incidentNumber"] = number,
                    ["entityId"] = incident?.EntityId,
                    ["cmdAccepted"] = accepted,
                    ["message"] = outcome,
                });
            }

            return Http.Json(new JsonObject { ["results"] = results });
        }
    }

    private static IResult Reroute(HttpContext context, EmulatorState state)
    {
        var body = context.JsonBody();
        var userName = body.Str("userName");
        if (string.IsNullOrEmpty(userName) || body!["reroutes"] is not JsonArray reroutes)
        {
            return Http.VoError(400, "userName and reroutes are required");
        }

        lock (state.Sync)
        {
            var vo = state.VictorOps;
            if (vo.User(userName) is null)
            {
                return Http.VoError(404, "User not found: " + userName);
            }

            var statuses = new JsonArray();
            foreach (var reroute in reroutes)
            {
                var number = reroute?["incidentNumber"]?.ToString() ?? string.Empty;
                var targets = reroute?["targets"] as JsonArray ?? [];
                var incident = vo.Incident(number);
                var targetStatus = targets.Select(t => (JsonNode?)new JsonObject
                {
                    ["slug"] = t.Str("slug"),
                    ["success"] = IsValidTarget(vo, t),
                    ["message"] = IsValidTarget(vo, t) ? "ok" : "Unknown target",
                }).ToJsonArray();
                var ok = incident is not null && incident.CurrentPhase != VoPhase.Resolved && targets.Count > 0 && targets.All(t => IsValidTarget(vo, t));
                if (ok)
                {
                    if (reroute?["addTargets"].AsBool() != true)
                    {
                        incident!.PagedUsers.Clear();
                        incident.PagedPolicies.Clear();
                        incident.PagedTeams.Clear();
                    }

                    ApplyTargets(vo, incident!, targets, state.Now);
                    incident!.CurrentPhase = VoPhase.Unacked;
                    incident.Transitions.Add(new VoTransition { Name = "rerouted", At = state.Now, By = userName, Manually = true });
                    state.Ledger.Applied(context, LedgerAction.IncidentRerouted, number);
                }

                statuses.Add(new JsonObject
                {
                    ["incidentNumber"] = number,
                    ["success"] = ok,
                    ["message"] = ok ? "Incident rerouted" : incident is null ? "Incident not found" : "Incident could not be rerouted",
                    ["targetStatus"] = targetStatus,
                });
            }

            return Http.Json(new JsonObject { ["statuses"] = statuses });
        }
    }

    private static bool IsValidTarget(VictorOpsState vo, JsonNode? target)
    {
        var type = target.Str("type");
        var slug = target.Str("slug") ?? string.Empty;
        return (string.Equals(type, "User", StringComparison.OrdinalIgnoreCase) && vo.User(slug) is not null)
            || (string.Equals(type, "EscalationPolicy", StringComparison.OrdinalIgnoreCase) && vo.Policy(slug) is not null);
    }
}
