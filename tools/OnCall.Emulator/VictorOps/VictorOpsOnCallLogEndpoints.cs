using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>The reporting on-call log: who was on call for a team's policies between two times.</summary>
internal static class VictorOpsOnCallLogEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/api-reporting/v1/team/{team}/oncall/log", (HttpContext context) =>
        {
            // GUESS: the defaults are documented as "the start of the day at midnight" and "the end of the day at
            // 11:59:59" with no zone; the emulator takes the UTC day.
            var today = new DateTimeOffset(state.Now.UtcDateTime.Date, TimeSpan.Zero);
            var start = today;
            var end = today.AddDays(1).AddSeconds(-1);
            if ((context.Query("start") is { } s && !Http.TryParseTime(s, out start)) || (context.Query("end") is { } e && !Http.TryParseTime(e, out end)) || end <= start)
            {
                return Http.VoError(400, "start and end must be ISO-8601 times with start before end");
            }

            var userName = context.Query("userName");
            lock (state.Sync)
            {
                var vo = state.VictorOps;
                var slug = context.Param("team");
                if (vo.Team(slug) is not { } team || (userName is not null && vo.User(userName) is null))
                {
                    return Http.VoError(404, "Team or user(s) not found");
                }

                // GUESS: the log is rendered from the rotations alone (takes and overrides do not show), entries are
                // clipped to [start, end), even where that lies after now (the real log is history and may lag 15
                // minutes; this one answers the same all day, whenever it is asked), and userId is the username, as in
                // the official Go client's mock. None of it is documented.
                var entries = new List<(string User, DateTimeOffset On, DateTimeOffset Off, VoPolicy Policy)>();
                foreach (var policy in vo.PoliciesOf(team.Slug))
                {
                    if (vo.Rotation(policy.RotationGroupId) is not { } rotation)
                    {
                        continue;
                    }

                    for (var k = rotation.ShiftIndexAt(start); rotation.ShiftStart(k) < end; k++)
                    {
                        var user = rotation.MemberFor(k, policy.RotationOffset);
                        var on = rotation.ShiftStart(k);
                        var off = rotation.ShiftStart(k + 1);
                        if (user is not null && (userName is null || user == userName) && off > start)
                        {
                            entries.Add((user, on < start ? start : on, off > end ? end : off, policy));
                        }
                    }
                }

                var userLogs = entries.GroupBy(x => x.User).Select(g =>
                {
                    var total = TimeSpan.FromTicks(g.Sum(x => (x.Off - x.On).Ticks));
                    return (JsonNode?)new JsonObject
                    {
                        ["userId"] = g.Key,
                        ["total"] = Duration(total),

                        // GUESS: what adjusts adjustedTotal is not documented (the Go client's mock shows it lower).
                        ["adjustedTotal"] = Duration(total),
                        ["log"] = g.OrderBy(x => x.On).Select(x => (JsonNode?)new JsonObject
                        {
                            ["on"] = Http.Iso(x.On),
                            ["off"] = Http.Iso(x.Off),
                            ["duration"] = Duration(x.Off - x.On),
                            ["escalationPolicy"] = VoJson.PolicyRef(x.Policy),
                        }).ToJsonArray(),
                    };
                }).ToJsonArray();
                return Http.Json(new JsonObject
                {
                    ["teamSlug"] = team.Slug,
                    ["start"] = Http.Iso(start),
                    ["end"] = Http.Iso(end),
                    ["userLogs"] = userLogs,
                });
            }
        });
    }

    private static JsonObject Duration(TimeSpan span) => new() { ["hours"] = (int)span.TotalHours, ["minutes"] = span.Minutes };
}
