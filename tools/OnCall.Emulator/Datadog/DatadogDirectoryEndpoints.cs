using System;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>Teams and users: where on-call ids come from.</summary>
internal static class DatadogDirectoryEndpoints
{
    private const string OrgId = "4dee724d-00cc-11ea-a77b-570c9d03c6c5";
    private static readonly DateTimeOffset Created = new(2025, 11, 27, 14, 11, 37, TimeSpan.Zero);

    public static void Map(WebApplication app, EmulatorState state)
    {
        var dd = state.Datadog;

        app.MapGet("/api/v2/team", (HttpContext context) =>
        {
            var keyword = context.Query("filter[keyword]");
            var page = DdPaging.Read(context, 10);
            lock (state.Sync)
            {
                var teams = dd.Teams.Where(t => keyword is null
                    || t.Name.Contains(keyword, StringComparison.OrdinalIgnoreCase) || t.Handle.Contains(keyword, StringComparison.OrdinalIgnoreCase)).ToList();
                var (meta, links) = DdPaging.OffsetMetaAndLinks(context, teams.Count, page);
                return DdJson.Ok(new JsonObject
                {
                    ["data"] = DdPaging.Slice(teams, page).Select(t => (JsonNode?)Team(t)).ToJsonArray(),
                    ["meta"] = meta,
                    ["links"] = links,
                });
            }
        });

        app.MapGet("/api/v2/team/{team_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return dd.Team(context.Param("team_id")) is { } team
                    ? DdJson.Ok(new JsonObject { ["data"] = Team(team) })
                    : Http.DdError(404, "team not found");
            }
        });

        // The team's members, as Datadog's team API lists them: team_memberships with a role and a
        // user relationship, the users themselves included.
        app.MapGet("/api/v2/team/{team_id}/memberships", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                if (dd.Team(context.Param("team_id")) is not { } team)
                {
                    return Http.DdError(404, "team not found");
                }

                // GUESS: memberships page like the other lists (default 10); the answer's meta is not modelled.
                var users = DdPaging.Slice(team.MemberIds.Select(dd.User).Where(u => u is not null).Select(u => u!).ToList(), DdPaging.Read(context, 10));
                return DdJson.Ok(new JsonObject
                {
                    ["data"] = users.Select(u => (JsonNode?)new JsonObject
                    {
                        ["type"] = "team_memberships",
                        ["id"] = "membership-" + team.Id + "-" + u.Id,
                        ["attributes"] = new JsonObject { ["role"] = null, ["provisioned_by"] = "user" },
                        ["relationships"] = new JsonObject
                        {
                            ["user"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "users", ["id"] = u.Id } },
                        },
                    }).ToJsonArray(),
                    ["included"] = users.Select(u => (JsonNode?)User(u)).ToJsonArray(),
                });
            }
        });

        app.MapGet("/api/v2/users", (HttpContext context) =>
        {
            var filter = context.Query("filter");
            // GUESS: default 10 and the cap like the other lists; meta.page totals are the published Pagination model.
            var page = DdPaging.Read(context, 10);
            lock (state.Sync)
            {
                var users = dd.Users.Where(u => filter is null
                    || u.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || u.Email.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
                return DdJson.Ok(new JsonObject
                {
                    ["data"] = DdPaging.Slice(users, page).Select(u => (JsonNode?)User(u)).ToJsonArray(),
                    ["meta"] = new JsonObject { ["page"] = new JsonObject { ["total_count"] = dd.Users.Count, ["total_filtered_count"] = users.Count } },
                });
            }
        });

        app.MapGet("/api/v2/users/{user_id}", (HttpContext context) =>
        {
            lock (state.Sync)
            {
                return dd.User(context.Param("user_id")) is { } user
                    ? DdJson.Ok(new JsonObject { ["data"] = User(user) })
                    : Http.DdError(404, "user not found");
            }
        });
    }

    private static JsonObject Team(DdTeam t) => new()
    {
        ["id"] = t.Id,
        ["type"] = "team",
        ["attributes"] = new JsonObject
        {
            ["avatar"] = null,
            ["banner"] = 1,
            ["created_at"] = Created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
            ["description"] = t.Description,
            ["handle"] = t.Handle,
            ["hidden_modules"] = new JsonArray(),
            ["link_count"] = 0,
            ["modified_at"] = Created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
            ["name"] = t.Name,
            ["summary"] = null,
            ["user_count"] = t.MemberIds.Count,
            ["visible_modules"] = new JsonArray(),
        },
        ["relationships"] = new JsonObject
        {
            ["team_links"] = new JsonObject { ["data"] = new JsonArray(), ["links"] = new JsonObject { ["related"] = "/api/v2/team/" + t.Id + "/links" } },
            ["user_team_permissions"] = new JsonObject { ["links"] = new JsonObject { ["related"] = "/api/v2/team/" + t.Id + "/permission-settings" } },
        },
    };

    private static JsonObject User(DdUser u) => new()
    {
        ["type"] = "users",
        ["id"] = u.Id,
        ["attributes"] = new JsonObject
        {
            ["name"] = u.Name,
            ["handle"] = u.Handle,
            ["created_at"] = Created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
            ["modified_at"] = Created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
            ["email"] = u.Email,
            ["icon"] = "https://secure.gravatar.com/avatar/" + u.Id.Replace("-", string.Empty, StringComparison.Ordinal) + "?s=48&d=retro",
            ["title"] = null,
            ["verified"] = true,
            ["service_account"] = false,
            ["disabled"] = false,
            ["allowed_login_methods"] = new JsonArray(),
            ["status"] = u.Status,
            ["last_login_time"] = null,
        },
        ["relationships"] = new JsonObject
        {
            ["roles"] = new JsonObject { ["data"] = new JsonArray() },
            ["org"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "orgs", ["id"] = OrgId } },
        },
    };
}
