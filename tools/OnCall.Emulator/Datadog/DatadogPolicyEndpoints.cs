using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>Escalation policies (CRUD) and team routing rules.</summary>
internal static class DatadogPolicyEndpoints
{
    private const string Base = "/api/v2/on-call/escalation-policies";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var dd = state.Datadog;

        app.MapGet(Base, (HttpContext context) =>
        {
            // "A paginated list ..., sorted by name" (docs). GUESS: default 20 (the recorded answer without page
            // parameters held exactly 20) and no meta or links (none recorded).
            var page = DdPaging.Read(context, 20);
            lock (state.Sync)
            {
                var sorted = dd.Policies.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                return DdJson.Ok(new JsonObject { ["data"] = DdPaging.Slice(sorted, page).Select(p => (JsonNode?)Resource(p)).ToJsonArray() });
            }
        });

        app.MapGet(Base + "/{policy_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return dd.Policy(context.Param("policy_id")) is { } policy
                    ? DdJson.Ok(Document(dd, policy, context))
                    : Http.DdError(404, "escalation policy not found");
            }
        });

        app.MapPost(Base, (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var policy = new DdPolicy { Id = Guid.NewGuid().ToString(), Name = string.Empty };
                if (Apply(policy, context.JsonBody(), null) is { } error)
                {
                    return Http.DdError(400, error);
                }

                dd.Policies.Add(policy);
                return DdJson.Ok(Document(dd, policy, context), StatusCodes.Status201Created);
            }
        });

        app.MapPut(Base + "/{policy_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (dd.Policy(context.Param("policy_id")) is not { } existing)
                {
                    return Http.DdError(404, "escalation policy not found");
                }

                var updated = new DdPolicy { Id = existing.Id, Name = existing.Name };
                if (Apply(updated, context.JsonBody(), existing) is { } error)
                {
                    return Http.DdError(400, error);
                }

                dd.Policies[dd.Policies.IndexOf(existing)] = updated;
                return DdJson.Ok(Document(dd, updated, context));
            }
        });

        app.MapDelete(Base + "/{policy_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (dd.Policy(context.Param("policy_id")) is not { } policy)
                {
                    return Http.DdError(404, "escalation policy not found");
                }

                if (dd.RoutingRules.Values.Any(rules => rules.Any(r => r.PolicyId == policy.Id)))
                {
                    return DatadogScheduleEndpoints.InUse("policy", policy.Id);
                }

                dd.Policies.Remove(policy);
                return Results.StatusCode(StatusCodes.Status204NoContent);
            }
        });

        // GUESS: a team without rules answers an empty list (recorded after they were cleared), an unknown team 404.
        app.MapGet("/api/v2/on-call/teams/{team_id}/routing-rules", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                var teamId = context.Param("team_id");
                return dd.Team(teamId) is null
                    ? Http.DdError(404, "team not found")
                    : DdJson.Ok(RulesDocument(teamId, dd.RoutingRules.GetValueOrDefault(teamId) ?? [], context));
            }
        });

        app.MapPut("/api/v2/on-call/teams/{team_id}/routing-rules", (HttpContext context) =>
        {
            var rules = context.JsonBody()?["data"]?["attributes"]?["rules"] as JsonArray;
            if (rules is null)
            {
                return Http.DdError(400, "data.attributes.rules is required");
            }

            lock (state.Sync)
            {
                var teamId = context.Param("team_id");
                if (dd.Team(teamId) is null)
                {
                    return Http.DdError(404, "team not found");
                }

                var stored = new System.Collections.Generic.List<DdRoutingRule>();
                for (var i = 0; i < rules.Count; i++)
                {
                    var rule = (JsonObject)rules[i]!.DeepClone();

                    // The legacy form names the policy on the rule itself; the service stores it as an action.
                    var policyId = rule.Str("policy_id");
                    var actions = rule["actions"] as JsonArray ?? [];
                    if (policyId is not null)
                    {
                        rule.Remove("policy_id");
                        actions.Add(new JsonObject { ["type"] = "escalation_policy", ["policy_id"] = policyId, ["urgency"] = rule.Str("urgency") ?? "high" });
                    }

                    rule["actions"] = actions.DeepClone();
                    policyId ??= actions.Select(a => a.Str("policy_id")).FirstOrDefault(id => id is not null);
                    if (policyId is not null && dd.Policy(policyId) is null)
                    {
                        return Http.DdError(400, "unknown escalation policy " + policyId);
                    }

                    stored.Add(new DdRoutingRule { Id = "virtual-" + teamId + "-rule-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Attributes = rule, PolicyId = policyId });
                }

                dd.RoutingRules[teamId] = stored;
                return DdJson.Ok(RulesDocument(teamId, stored, context));
            }
        });
    }

    private static JsonObject RulesDocument(string teamId, System.Collections.Generic.List<DdRoutingRule> rules, HttpContext context)
    {
        var doc = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["id"] = teamId,
                ["type"] = "team_routing_rules",
                ["relationships"] = new JsonObject { ["rules"] = DdJson.RelMany(rules.Select(r => DdJson.Ref(r.Id, "team_routing_rules"))) },
            },
        };
        if (DdJson.Includes(context, "rules") && rules.Count > 0)
        {
            doc["included"] = rules.Select(r => (JsonNode?)new JsonObject
            {
                ["id"] = r.Id,
                ["type"] = "team_routing_rules",
                ["attributes"] = r.Attributes.DeepClone(),
                ["relationships"] = new JsonObject { ["policy"] = DdJson.Rel(r.PolicyId is null ? null : DdJson.Ref(r.PolicyId, "policies")) },
            }).ToJsonArray();
        }

        return doc;
    }

    private static JsonObject Resource(DdPolicy p) => new()
    {
        ["id"] = p.Id,
        ["type"] = "policies",
        ["attributes"] = new JsonObject { ["name"] = p.Name, ["resolve_page_on_policy_end"] = p.ResolvePageOnPolicyEnd, ["retries"] = p.Retries },
        ["relationships"] = new JsonObject
        {
            ["steps"] = DdJson.RelMany(p.Steps.Select(s => DdJson.Ref(s.Id, "steps"))),
            ["teams"] = DdJson.RelMany(p.TeamIds.Select(t => DdJson.Ref(t, "teams"))),
        },
    };

    // A schedule target with a position is its own resource, "<schedule>_<position>", as the recordings show.
    private static JsonObject TargetRef(DdTarget t) => t.Type == "schedules" && t.Position is { } position
        ? DdJson.Ref(t.Id + "_" + position, "schedule_target")
        : DdJson.Ref(t.Id, t.Type);

    private static JsonObject Document(DatadogState dd, DdPolicy p, HttpContext context)
    {
        var doc = new JsonObject { ["data"] = Resource(p) };
        var included = new JsonArray();
        var targets = DdJson.Includes(context, "steps.targets");
        if (DdJson.Includes(context, "steps") || targets)
        {
            foreach (var step in p.Steps)
            {
                DdJson.Include(included, new JsonObject
                {
                    ["id"] = step.Id,
                    ["type"] = "steps",
                    ["attributes"] = new JsonObject { ["assignment"] = step.Assignment, ["escalate_after_seconds"] = step.EscalateAfterSeconds },
                    ["relationships"] = new JsonObject { ["targets"] = DdJson.RelMany(step.Targets.Select(TargetRef)) },
                });
                if (!targets)
                {
                    continue;
                }

                foreach (var t in step.Targets)
                {
                    JsonObject? item = t.Type switch
                    {
                        "users" => dd.User(t.Id) is { } u ? DdJson.UserIncluded(u) : null,
                        "teams" => dd.Team(t.Id) is { } team ? DdJson.TeamIncluded(team) : null,
                        "schedules" when t.Position is { } position => new JsonObject
                        {
                            ["id"] = t.Id + "_" + position,
                            ["type"] = "schedule_target",
                            ["attributes"] = new JsonObject { ["position"] = position },
                            ["relationships"] = new JsonObject { ["schedule"] = DdJson.Rel(DdJson.Ref(t.Id, "schedules")) },
                        },
                        "schedules" => dd.Schedule(t.Id) is { } s ? ScheduleIncluded(s) : null,
                        _ => null,
                    };
                    if (item is not null)
                    {
                        DdJson.Include(included, item);
                    }
                }
            }
        }

        if (DdJson.Includes(context, "teams"))
        {
            foreach (var team in p.TeamIds.Select(dd.Team).OfType<DdTeam>())
            {
                DdJson.Include(included, DdJson.TeamIncluded(team));
            }
        }

        if (included.Count > 0)
        {
            doc["included"] = included;
        }

        return doc;
    }

    private static JsonObject ScheduleIncluded(DdSchedule s)
    {
        var o = DatadogScheduleEndpoints.Resource(s);
        ((JsonObject)o["attributes"]!).Remove("tags");
        return o;
    }

    private static string? Apply(DdPolicy target, JsonNode? body, DdPolicy? existing)
    {
        var data = body?["data"];
        var attributes = data?["attributes"];
        var name = attributes.Str("name");
        if (string.IsNullOrEmpty(name) || attributes!["steps"] is not JsonArray steps || steps.Count is < 1 or > 10)
        {
            return "name and 1..10 steps are required";
        }

        if (existing is not null && data.Str("id") is { } id && id != existing.Id)
        {
            return "data.id does not match the path";
        }

        target.Name = name;
        target.ResolvePageOnPolicyEnd = attributes["resolve_page_on_policy_end"].AsBool() ?? false;
        target.Retries = attributes["retries"].AsInt() ?? 0;
        if (target.Retries is < 0 or > 10)
        {
            return "retries must be 0..10";
        }

        foreach (var node in steps)
        {
            var stepId = node.Str("id");
            if (stepId is not null && existing?.Steps.Any(s => s.Id == stepId) != true)
            {
                return "step " + stepId + " does not belong to this policy";
            }

            var step = new DdStep
            {
                Id = stepId ?? Guid.NewGuid().ToString(),
                Assignment = node.Str("assignment") ?? "default",
                EscalateAfterSeconds = node?["escalate_after_seconds"].AsInt() ?? 3600,
            };
            if (step.EscalateAfterSeconds is < 60 or > 36000 || step.Assignment is not ("default" or "round-robin"))
            {
                return "escalate_after_seconds must be 60..36000 and assignment default or round-robin";
            }

            foreach (var t in node?["targets"] as JsonArray ?? [])
            {
                var type = t.Str("type");
                var targetId = t.Str("id");
                if (targetId is null || type is not ("users" or "teams" or "schedules"))
                {
                    return "targets need an id and a type of users, teams or schedules";
                }

                step.Targets.Add(new DdTarget { Id = targetId, Type = type, Position = t?["config"]?["schedule"].Str("position") });
            }

            target.Steps.Add(step);
        }

        target.TeamIds.Clear();
        foreach (var team in data!["relationships"]?["teams"]?["data"] as JsonArray ?? [])
        {
            if (team.Str("id") is { } teamId)
            {
                target.TeamIds.Add(teamId);
            }
        }

        return null;
    }
}
