using System;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>Teams, users, escalation policies and rotations: the lookups behind names and tab completion.</summary>
internal static class VictorOpsDirectoryEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        var vo = state.VictorOps;

        app.MapGet("/api-public/v1/team", () =>
        {
            lock (state.Sync)
            {
                return Http.Json(vo.Teams.Select(t => (JsonNode?)VoJson.Team(t)).ToJsonArray());
            }
        });

        app.MapGet("/api-public/v1/team/{team}", (HttpContext context) => WithTeam(context, state, team => VoJson.Team(team)));

        app.MapGet("/api-public/v1/team/{team}/members", (HttpContext context) => WithTeam(context, state, team => new JsonObject
        {
            ["_selfUrl"] = "/api-public/v1/team/" + team.Slug + "/members",
            ["_teamUrl"] = "/api-public/v1/team/" + team.Slug,
            ["members"] = team.Members.Select(vo.User).Where(u => u is not null).Select(u => (JsonNode?)new JsonObject
            {
                ["username"] = u!.Username,
                ["firstName"] = u.FirstName,
                ["lastName"] = u.LastName,
                ["version"] = 1,
                ["verified"] = true,
            }).ToJsonArray(),
        }));

        app.MapGet("/api-public/v1/team/{team}/admins", (HttpContext context) => WithTeam(context, state, team => new JsonObject
        {
            ["_selfUrl"] = "/api-public/v1/team/" + team.Slug + "/admins",
            ["_teamUrl"] = "/api-public/v1/team/" + team.Slug,
            ["teamAdmins"] = team.Admins.Select(vo.User).Where(u => u is not null).Select(u => (JsonNode?)new JsonObject
            {
                ["username"] = u!.Username,
                ["firstName"] = u.FirstName,
                ["lastName"] = u.LastName,
                ["_selfUrl"] = "/api-public/v1/user/" + u.Username,
            }).ToJsonArray(),
        }));

        app.MapGet("/api-public/v1/team/{team}/policies", (HttpContext context) => WithTeam(context, state, team => new JsonObject
        {
            ["_selfUrl"] = "/api-public/v1/team/" + team.Slug + "/policies",
            ["_teamUrl"] = "/api-public/v1/team/" + team.Slug,
            ["policies"] = vo.PoliciesOf(team.Slug).Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["slug"] = p.Slug,
                ["_selfUrl"] = "/api-public/v1/policies/" + p.Slug,
            }).ToJsonArray(),
        }));

        // Deprecated v1 list: an array of arrays, as the live API and the Go client's [][]User have it.
        app.MapGet("/api-public/v1/user", () =>
        {
            lock (state.Sync)
            {
                return Http.Json(new JsonObject
                {
                    ["_selfUrl"] = "/api-public/v1/user",
                    ["users"] = new JsonArray(vo.Users.Select(u => (JsonNode?)VoJson.User(u)).ToJsonArray()),
                });
            }
        });

        app.MapGet("/api-public/v2/user", (HttpContext context) =>
        {
            var email = context.Query("email");
            lock (state.Sync)
            {
                var users = vo.Users.Where(u => email is null || string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
                return Http.Json(new JsonObject { ["users"] = users.Select(u => (JsonNode?)VoJson.User(u)).ToJsonArray() });
            }
        });

        app.MapGet("/api-public/v1/user/{user}", (HttpContext context) => WithUser(context, state, user => VoJson.User(user)));

        app.MapGet("/api-public/v1/user/{user}/teams", (HttpContext context) => WithUser(context, state, user => new JsonObject
        {
            ["teams"] = vo.Teams.Where(t => t.Members.Contains(user.Username)).Select(t => (JsonNode?)new JsonObject
            {
                ["name"] = t.Name,
                ["slug"] = t.Slug,
                ["_selfUrl"] = "/api-public/v1/team/" + t.Slug,
                ["_membersUrl"] = "/api-public/v1/team/" + t.Slug + "/members",
                ["_policiesUrl"] = "/api-public/v1/team/" + t.Slug + "/policies",
                ["_adminsUrl"] = "/api-public/v1/team/" + t.Slug + "/admins",
            }).ToJsonArray(),
        }));

        app.MapGet("/api-public/v1/policies", (HttpContext context) =>
        {
            var filter = context.Query("filter");
            lock (state.Sync)
            {
                var policies = vo.Policies.Where(p => filter is null || p.Name.Contains(filter, StringComparison.OrdinalIgnoreCase));
                return Http.Json(new JsonObject
                {
                    ["policies"] = policies.Select(p => (JsonNode?)new JsonObject
                    {
                        ["policy"] = new JsonObject { ["name"] = p.Name, ["slug"] = p.Slug, ["_selfUrl"] = "/api-public/v1/policies/" + p.Slug },
                        ["team"] = vo.Team(p.TeamSlug) is { } t ? VoJson.TeamRef(t) : null,
                    }).ToJsonArray(),
                });
            }
        });

        app.MapGet("/api-public/v1/policies/{policy}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (vo.Policy(context.Param("policy")) is not { } policy)
                {
                    return Http.VoError(404, "Policy not found");
                }

                var rotation = vo.Rotation(policy.RotationGroupId);
                var steps = new JsonArray(new JsonObject
                {
                    ["timeout"] = 0,
                    ["entries"] = new JsonArray(new JsonObject
                    {
                        ["executionType"] = policy.ExecutionType,
                        ["rotationGroup"] = new JsonObject { ["slug"] = policy.RotationGroupId, ["label"] = rotation?.Label },
                    }),
                });
                if (policy.StepTwoUser is { } user)
                {
                    steps.Add(new JsonObject
                    {
                        ["timeout"] = policy.StepTwoTimeoutMinutes,
                        ["entries"] = new JsonArray(new JsonObject { ["executionType"] = "user", ["user"] = VoJson.UserRef(user) }),
                    });
                }

                return Http.Json(new JsonObject
                {
                    ["name"] = policy.Name,
                    ["slug"] = policy.Slug,
                    ["ignoreCustomPagingPolicies"] = false,
                    ["steps"] = steps,
                });
            }
        });

        // Rotation groups: listed, created, deleted, and who holds a shift now.
        VictorOpsRotationEndpoints.Map(app, state);
    }

    internal static IResult WithTeam(HttpContext context, EmulatorState state, Func<VoTeam, JsonNode> answer)
    {
        lock (state.Sync)
        {
            var slug = context.Param("team");
            return state.VictorOps.Team(slug) is { } team ? Http.Json(answer(team)) : Http.VoError(404, "Team not found: " + slug);
        }
    }

    private static IResult WithUser(HttpContext context, EmulatorState state, Func<VoUser, JsonNode> answer)
    {
        lock (state.Sync)
        {
            return VictorOpsOnCallEndpoints.FindUser(context, state) is { } user
                ? Http.Json(answer(user))
                : Http.VoError(404, "User not found: " + context.Param("user"));
        }
    }
}
