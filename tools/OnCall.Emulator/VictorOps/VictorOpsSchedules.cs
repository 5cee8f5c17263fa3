using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.VictorOps;

/// <summary>Renders team and user schedules (v2 and the deprecated v1 shape) from rotations, takes and overrides.</summary>
internal static class VictorOpsSchedules
{
    internal readonly record struct Window(DateTimeOffset From, DateTimeOffset To, int Step);

    private sealed record Roll(DateTimeOffset Start, DateTimeOffset End, string User, bool IsRoll);

    private sealed record Entry(VoPolicy Policy, VoRotation? Rotation, string? OnCall, string? Override, string Type, DateTimeOffset? ShiftRoll, List<Roll> Rolls);

    private static List<Entry> Entries(VictorOpsState vo, VoPolicy policy, Window window, string? onlyUser, DateTimeOffset now)
    {
        var entries = new List<Entry>();
        // GUESS: a later step is shown as one "user" entry over the whole window; the API's shape for steps is not documented.
        if (window.Step == 1 && policy.StepTwoUser is { } stepUser && (onlyUser is null || onlyUser == stepUser))
        {
            entries.Add(new Entry(policy, null, stepUser, null, "user", null, [new Roll(window.From, window.To, stepUser, false)]));
        }

        if (window.Step != 0 || vo.Rotation(policy.RotationGroupId) is not { } rotation)
        {
            return entries;
        }

        var rolls = new List<Roll>();
        for (var k = rotation.ShiftIndexAt(window.From); rotation.ShiftStart(k) < window.To; k++)
        {
            var user = rotation.MemberFor(k, policy.RotationOffset);
            if (user is null || (onlyUser is not null && user != onlyUser))
            {
                continue;
            }

            var start = rotation.ShiftStart(k);
            var end = rotation.ShiftStart(k + 1);
            // GUESS: rolls are clipped to the window asked for, and isRoll is false for one the window cut.
            rolls.Add(new Roll(start < window.From ? window.From : start, end > window.To ? window.To : end, user, start >= window.From));
        }

        var scheduled = vo.ScheduledAt(policy, now);
        var (current, _) = vo.OnCallAt(policy, now);
        if (onlyUser is not null && rolls.Count == 0 && current != onlyUser && scheduled != onlyUser)
        {
            return entries;
        }

        var next = rotation.ShiftStart(rotation.ShiftIndexAt(now) + 1);
        entries.Add(new Entry(policy, rotation, scheduled, current != scheduled ? current : null, policy.ExecutionType, next, rolls));
        return entries;
    }

    private sealed record OverrideSpan(VoPolicy Policy, string Orig, string Over, DateTimeOffset Start, DateTimeOffset End);

    private static IEnumerable<OverrideSpan> Overrides(VictorOpsState vo, VoPolicy policy, Window window, string? onlyUser)
    {
        var takes = vo.Takes.Where(t => t.PolicySlug == policy.Slug)
            .Select(t => new OverrideSpan(policy, t.FromUser, t.ToUser, t.Start, t.End));
        var scheduled = vo.Overrides.SelectMany(o => o.Assignments
            .Where(a => a.Key == policy.Slug && a.Value is not null)
            .Select(a => new OverrideSpan(policy, o.Username, a.Value!, o.Start, o.End)));
        return takes.Concat(scheduled).Where(s => s.Start < window.To && s.End > window.From
            && (onlyUser is null || s.Orig == onlyUser || s.Over == onlyUser));
    }

    internal static JsonObject TeamSchedule(VictorOpsState vo, VoTeam team, Window window, string? onlyUser, DateTimeOffset now)
    {
        var schedules = new JsonArray();
        foreach (var policy in vo.PoliciesOf(team.Slug))
        {
            var entries = Entries(vo, policy, window, onlyUser, now);
            var overrides = Overrides(vo, policy, window, onlyUser).ToList();
            if (onlyUser is not null && entries.Count == 0 && overrides.Count == 0)
            {
                continue;
            }

            schedules.Add(new JsonObject
            {
                ["policy"] = VoJson.PolicyRef(policy),
                ["schedule"] = entries.Select(e =>
                {
                    var zone = VoJson.Zone(e.Rotation?.TimeZone ?? "UTC");
                    var o = new JsonObject
                    {
                        ["onCallUser"] = VoJson.UserRef(e.OnCall),
                        ["overrideOnCallUser"] = e.Override is null ? null : VoJson.UserRef(e.Override),
                        ["onCallType"] = e.Type,
                        ["rotationName"] = e.Rotation?.Label,
                        ["shiftName"] = e.Rotation?.ShiftName,
                        ["shiftRoll"] = e.ShiftRoll is { } roll ? Http.IsoLocal(roll, zone) : null,
                        ["rolls"] = e.Rolls.Select(r => (JsonNode?)new JsonObject
                        {
                            ["start"] = Http.IsoLocal(r.Start, zone),
                            ["end"] = Http.IsoLocal(r.End, zone),
                            ["onCallUser"] = VoJson.UserRef(r.User),
                            ["isRoll"] = r.IsRoll,
                        }).ToJsonArray(),
                    };
                    return (JsonNode?)o;
                }).ToJsonArray(),
                ["overrides"] = overrides.Select(s => (JsonNode?)new JsonObject
                {
                    ["origOnCallUser"] = VoJson.UserRef(s.Orig),
                    ["overrideOnCallUser"] = VoJson.UserRef(s.Over),
                    ["start"] = Http.IsoLocal(s.Start, VoJson.Zone(RotationZone(vo, policy))),
                    ["end"] = Http.IsoLocal(s.End, VoJson.Zone(RotationZone(vo, policy))),
                    ["policy"] = VoJson.PolicyRef(policy),
                }).ToJsonArray(),
            });
        }

        return new JsonObject { ["team"] = VoJson.TeamRef(team), ["schedules"] = schedules };
    }

    // v1 (deprecated): flat per team, "onCall"/"overrideOnCall" and ISO strings as the live API returned them.
    internal static JsonObject V1Schedule(VictorOpsState vo, VoTeam team, Window window, string? onlyUser, DateTimeOffset now)
    {
        var schedule = new JsonArray();
        var overrides = new JsonArray();
        foreach (var policy in vo.PoliciesOf(team.Slug))
        {
            var zone = VoJson.Zone(RotationZone(vo, policy));
            foreach (var e in Entries(vo, policy, window, onlyUser, now))
            {
                schedule.Add(new JsonObject
                {
                    ["onCall"] = e.OnCall,
                    ["overrideOnCall"] = e.Override,
                    ["policyType"] = e.Type,
                    ["rotationName"] = e.Rotation?.Label,
                    ["shiftName"] = e.Rotation?.ShiftName,
                    ["shiftRoll"] = e.ShiftRoll is { } roll ? Http.IsoLocal(roll, zone) : null,
                    ["rolls"] = e.Rolls.Select(r => (JsonNode?)new JsonObject
                    {
                        ["change"] = Http.IsoLocal(r.Start, zone),
                        ["until"] = Http.IsoLocal(r.End, zone),
                        ["onCall"] = r.User,
                        ["isRoll"] = r.IsRoll,
                    }).ToJsonArray(),
                });
            }

            foreach (var s in Overrides(vo, policy, window, onlyUser))
            {
                overrides.Add(new JsonObject
                {
                    ["origOnCall"] = s.Orig,
                    ["overrideOnCall"] = s.Over,
                    ["start"] = Http.IsoLocal(s.Start, zone),
                    ["end"] = Http.IsoLocal(s.End, zone),
                });
            }
        }

        return new JsonObject { ["team"] = team.Name, ["schedule"] = schedule, ["overrides"] = overrides };
    }

    private static string RotationZone(VictorOpsState vo, VoPolicy policy) => vo.Rotation(policy.RotationGroupId)?.TimeZone ?? "UTC";
}
