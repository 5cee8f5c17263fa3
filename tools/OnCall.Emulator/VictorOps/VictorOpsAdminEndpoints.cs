using System;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>
/// Team, member and user writes, and routing keys. Not on-call work as such, but Invoke-OnCallApi users and module
/// tests need somewhere to create and delete things without touching the seeded organisation's people.
/// </summary>
internal static class VictorOpsAdminEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        var vo = state.VictorOps;

        app.MapPost("/api-public/v1/team", (HttpContext context) =>
        {
            var name = context.JsonBody().Str("name");
            if (string.IsNullOrWhiteSpace(name))
            {
                return Http.VoError(400, "name is required");
            }

            lock (state.Sync)
            {
                if (vo.Teams.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    return Http.VoError(400, "A team named " + name + " already exists");
                }

                var team = new VoTeam { Name = name, Slug = "team-" + DemoIds.Guid("vo-team:" + name + ":" + vo.Teams.Count).Replace("-", string.Empty, StringComparison.Ordinal)[..16] };
                vo.Teams.Add(team);
                return Http.Json(VoJson.Team(team));
            }
        });

        app.MapPut("/api-public/v1/team/{team}", (HttpContext context) =>
        {
            var name = context.JsonBody().Str("name");
            if (string.IsNullOrWhiteSpace(name))
            {
                return Http.VoError(400, "name is required");
            }

            lock (state.Sync)
            {
                if (vo.Team(context.Param("team")) is not { } team)
                {
                    return Http.VoError(404, "Team not found: " + context.Param("team"));
                }

                team.Name = name;
                return Http.Json(VoJson.Team(team));
            }
        });

        app.MapDelete("/api-public/v1/team/{team}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (vo.Team(context.Param("team")) is not { } team)
                {
                    return Http.VoError(404, "Team not found: " + context.Param("team"));
                }

                vo.Teams.Remove(team);
                vo.Policies.RemoveAll(p => p.TeamSlug == team.Slug);
                vo.Rotations.RemoveAll(r => r.TeamSlug == team.Slug);
                return Results.Ok();
            }
        });

        app.MapPost("/api-public/v1/team/{team}/members", (HttpContext context) =>
        {
            var username = context.JsonBody().Str("username");
            lock (state.Sync)
            {
                if (vo.Team(context.Param("team")) is not { } team || username is null || vo.User(username) is null)
                {
                    return Http.VoError(404, "Team or user(s) not found");
                }

                if (!team.Members.Contains(username))
                {
                    team.Members.Add(username);
                }

                return Http.Json(new JsonObject { ["username"] = username, ["_selfUrl"] = "/api-public/v1/user/" + username });
            }
        });

        app.MapDelete("/api-public/v1/team/{team}/members/{user}", (HttpContext context) =>
        {
            var replacement = context.JsonBody().Str("replacement");
            if (string.IsNullOrEmpty(replacement))
            {
                return Http.VoError(400, "replacement is required");
            }

            lock (state.Sync)
            {
                var team = vo.Team(context.Param("team"));
                var user = VictorOpsOnCallEndpoints.FindUser(context, state);
                if (team is null || user is null || vo.User(replacement) is null || !team.Members.Remove(user.Username))
                {
                    return Http.VoError(404, "Team or user(s) not found");
                }

                Replace(vo, user.Username, replacement, team.Slug);
                return Results.Ok();
            }
        });

        app.MapPost("/api-public/v1/user", (HttpContext context) =>
        {
            var body = context.JsonBody();
            var username = body.Str("username");
            if (string.IsNullOrEmpty(username) || body.Str("firstName") is not { } first || body.Str("lastName") is not { } last || body.Str("email") is not { } email)
            {
                return Http.VoError(400, "firstName, lastName, username and email are required");
            }

            lock (state.Sync)
            {
                if (vo.User(username) is not null)
                {
                    return Http.VoError(400, "The username " + username + " is taken");
                }

                var user = new VoUser { Username = username, FirstName = first, LastName = last, Email = email, CreatedAt = state.Now };
                vo.Users.Add(user);
                return Http.Json(VoJson.User(user));
            }
        });

        app.MapPut("/api-public/v1/user/{user}", (HttpContext context) =>
        {
            var body = context.JsonBody();
            lock (state.Sync)
            {
                if (VictorOpsOnCallEndpoints.FindUser(context, state) is not { } user)
                {
                    return Http.VoError(404, "User not found: " + context.Param("user"));
                }

                user.FirstName = body.Str("firstName") ?? user.FirstName;
                user.LastName = body.Str("lastName") ?? user.LastName;
                user.Email = body.Str("email") ?? user.Email;
                return Http.Json(VoJson.User(user));
            }
        });

        app.MapDelete("/api-public/v1/user/{user}", (HttpContext context) =>
        {
            var replacement = context.JsonBody().Str("replacement");
            lock (state.Sync)
            {
                if (VictorOpsOnCallEndpoints.FindUser(context, state) is not { } user)
                {
                    return Http.VoError(404, "User not found: " + context.Param("user"));
                }

                if (replacement is not null && vo.User(replacement) is null)
                {
                    return Http.VoError(404, "User not found: " + replacement);
                }

                vo.Users.Remove(user);
                foreach (var team in vo.Teams)
                {
                    team.Members.Remove(user.Username);
                    team.Admins.Remove(user.Username);
                }

                Replace(vo, user.Username, replacement, null);
                return Results.Ok();
            }
        });

        app.MapGet("/api-public/v1/org/routing-keys", () =>
        {
            lock (state.Sync)
            {
                return Http.Json(new JsonObject
                {
                    ["_selfUrl"] = "/api-public/v1/org/routing-keys",
                    ["routingKeys"] = vo.RoutingKeys.Select(key => (JsonNode?)new JsonObject
                    {
                        ["routingKey"] = key.RoutingKey,
                        ["targets"] = key.PolicySlugs.Select(vo.Policy).OfType<VoPolicy>().Select(p => (JsonNode?)new JsonObject
                        {
                            ["policyName"] = p.Name,
                            ["policySlug"] = p.Slug,
                            ["_teamUrl"] = "/api-public/v1/team/" + p.TeamSlug,
                        }).ToJsonArray(),
                        ["isDefault"] = key.IsDefault,
                    }).ToJsonArray(),
                });
            }
        });
    }

    // Someone leaving a team or the organisation hands their rotation slots to the replacement (or simply drops out).
    private static void Replace(VictorOpsState vo, string username, string? replacement, string? teamSlug)
    {
        foreach (var shift in vo.Rotations.Where(r => teamSlug is null || r.TeamSlug == teamSlug).SelectMany(r => r.Shifts))
        {
            var index = shift.Members.IndexOf(username);
            if (index < 0)
            {
                continue;
            }

            if (replacement is null || shift.Members.Contains(replacement))
            {
                shift.Members.RemoveAt(index);
            }
            else
            {
                shift.Members[index] = replacement;
            }
        }

        foreach (var policy in vo.Policies.Where(p => p.StepTwoUser == username && (teamSlug is null || p.TeamSlug == teamSlug)))
        {
            policy.StepTwoUser = replacement;
        }
    }
}
