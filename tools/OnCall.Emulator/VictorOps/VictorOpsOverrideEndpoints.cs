using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>Scheduled overrides and their per-policy assignments.</summary>
internal static class VictorOpsOverrideEndpoints
{
    private const string Base = "/api-public/v1/overrides";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var vo = state.VictorOps;

        app.MapGet(Base, () =>
        {
            lock (state.Sync)
            {
                return Http.Json(new JsonObject
                {
                    ["_selfUrl"] = Base,
                    ["overrides"] = vo.Overrides.Select(o => (JsonNode?)Override(vo, o)).ToJsonArray(),
                });
            }
        });

        app.MapPost(Base, (HttpContext context) =>
        {
            var body = context.JsonBody();
            var username = body.Str("username");
            var timezone = body.Str("timezone");
            if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(timezone)
                || !Http.TryParseTime(body.Str("start"), out var start) || !Http.TryParseTime(body.Str("end"), out var end))
            {
                return Http.VoError(400, "username, timezone, start and end (ISO-8601) are required");
            }

            if (end <= start)
            {
                return Http.VoError(422, "end must be after start");
            }

            lock (state.Sync)
            {
                if (vo.User(username) is null)
                {
                    return Http.VoError(404, "User not found: " + username);
                }

                var created = new VoOverride
                {
                    PublicId = DemoIds.Guid("vo-override:" + vo.Overrides.Count + ":" + username + ":" + state.Now.Ticks)[..8],
                    Username = username,
                    Timezone = timezone,
                    Start = start,
                    End = end,
                };

                // One assignment per policy that could page the absent user, as the real service sets them up.
                foreach (var policy in vo.Policies.Where(p => vo.Rotation(p.RotationGroupId)?.Members.Contains(username) == true || p.StepTwoUser == username))
                {
                    created.Assignments.Add(new KeyValuePair<string, string?>(policy.Slug, null));
                }

                vo.Overrides.Add(created);
                state.Ledger.Applied(context, LedgerAction.OverrideSet, created.PublicId, username + " " + Http.Iso(start));

                // The live API answers under "override" although the spec says "schedule".
                return Http.Json(new JsonObject { ["_selfUrl"] = Base + "/" + created.PublicId, ["override"] = Override(vo, created) });
            }
        });

        app.MapGet(Base + "/{publicId}", (HttpContext context) => WithOverride(context, state, o =>
            Http.Json(new JsonObject { ["_selfUrl"] = Base + "/" + o.PublicId, ["override"] = Override(vo, o) })));

        app.MapDelete(Base + "/{publicId}", (HttpContext context) => WithOverride(context, state, o =>
        {
            vo.Overrides.Remove(o);
            state.Ledger.Applied(context, LedgerAction.OverrideRemoved, o.PublicId, o.Username + " " + Http.Iso(o.Start));
            return Results.Ok();
        }));

        app.MapGet(Base + "/{publicId}/assignments", (HttpContext context) => WithOverride(context, state, o =>
            Http.Json(o.Assignments.Select(a => (JsonNode?)Assignment(vo, o, a)).ToJsonArray())));

        app.MapGet(Base + "/{publicId}/assignments/{policySlug}", (HttpContext context) => WithAssignment(context, state, (o, i) =>
            Http.Json(Assignment(vo, o, o.Assignments[i]))));

        app.MapPut(Base + "/{publicId}/assignments/{policySlug}", (HttpContext context) =>
        {
            var body = context.JsonBody();
            var username = body.Str("username");
            if (string.IsNullOrEmpty(username))
            {
                return Http.VoError(400, "username is required");
            }

            var acceptOverlap = body?["acceptOverlap"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            return WithAssignment(context, state, (o, i) =>
            {
                if (vo.User(username) is null)
                {
                    return Http.VoError(404, "User not found: " + username);
                }

                // acceptOverlap is documented (kwent's UpdateAssignment, the Go client's UpdateAssignmentPayload):
                // "assigning someone who already has an absence scheduled at this time". GUESS: the refusal when it
                // is not given; the spec lists a 422 with copy-pasted text, so the status and message are the emulator's.
                if (!acceptOverlap && vo.Overrides.Any(other => other != o && other.Username == username && other.Start < o.End && o.Start < other.End))
                {
                    return Http.VoError(422, username + " has an absence scheduled during this override; send acceptOverlap to assign anyway");
                }

                o.Assignments[i] = new KeyValuePair<string, string?>(o.Assignments[i].Key, username);
                return Http.Json(Assignment(vo, o, o.Assignments[i]));
            });
        });

        app.MapDelete(Base + "/{publicId}/assignments/{policySlug}", (HttpContext context) => WithAssignment(context, state, (o, i) =>
        {
            o.Assignments[i] = new KeyValuePair<string, string?>(o.Assignments[i].Key, null);
            return Http.Json(Assignment(vo, o, o.Assignments[i]));
        }));
    }

    private static JsonObject Override(VictorOpsState vo, VoOverride o)
    {
        var user = vo.User(o.Username);
        return new JsonObject
        {
            ["publicId"] = o.PublicId,
            ["user"] = new JsonObject { ["username"] = o.Username, ["firstName"] = user?.FirstName, ["lastName"] = user?.LastName },
            ["timezone"] = o.Timezone,
            ["start"] = Http.Iso(o.Start),
            ["end"] = Http.Iso(o.End),
            ["assignments"] = o.Assignments.Select(a => (JsonNode?)Assignment(vo, o, a)).ToJsonArray(),
        };
    }

    private static JsonObject Assignment(VictorOpsState vo, VoOverride o, KeyValuePair<string, string?> a) => new()
    {
        ["_selfUrl"] = Base + "/" + o.PublicId + "/assignments/" + a.Key,
        ["team"] = vo.Policy(a.Key)?.TeamSlug,
        ["policy"] = a.Key,
        ["assigned"] = a.Value is not null,
        ["user"] = a.Value,
    };

    private static IResult WithOverride(HttpContext context, EmulatorState state, Func<VoOverride, IResult> answer)
    {
        lock (state.Sync)
        {
            var id = context.Param("publicId");
            return state.VictorOps.Overrides.Find(o => o.PublicId == id) is { } found ? answer(found) : Http.VoError(404, "Override not found: " + id);
        }
    }

    private static IResult WithAssignment(HttpContext context, EmulatorState state, Func<VoOverride, int, IResult> answer) =>
        WithOverride(context, state, o =>
        {
            var slug = context.Param("policySlug");
            var index = o.Assignments.FindIndex(a => a.Key == slug);
            return index < 0 ? Http.VoError(404, "Assignment not found: " + slug) : answer(o, index);
        });
}
