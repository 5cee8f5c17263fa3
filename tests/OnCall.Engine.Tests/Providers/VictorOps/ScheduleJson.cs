using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace OnCall.Engine.Tests.Providers.VictorOps;

/// <summary>Builds v2 TeamSchedule answers in the documented shape (vendor-apis.md A.2).</summary>
internal static class ScheduleJson
{
    public static string Team(
        string teamName,
        string teamSlug,
        string policyName,
        string policySlug,
        IEnumerable<(string User, DateTimeOffset Start, DateTimeOffset End)> rolls,
        IEnumerable<(string Orig, string Over, DateTimeOffset Start, DateTimeOffset End)>? overrides = null,
        bool epochTimes = false) =>
        JsonSerializer.Serialize(TeamObject(teamName, teamSlug, policyName, policySlug, rolls, overrides, epochTimes));

    public static string User(params object[] teamSchedules) => JsonSerializer.Serialize(new { teamSchedules });

    public static object TeamObject(
        string teamName,
        string teamSlug,
        string policyName,
        string policySlug,
        IEnumerable<(string User, DateTimeOffset Start, DateTimeOffset End)> rolls,
        IEnumerable<(string Orig, string Over, DateTimeOffset Start, DateTimeOffset End)>? overrides = null,
        bool epochTimes = false)
    {
        object Time(DateTimeOffset t) => epochTimes
            ? t.ToUnixTimeMilliseconds()
            : t.ToOffset(TimeSpan.FromHours(-6)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        var rollList = rolls.ToList();
        return new
        {
            team = new { name = teamName, slug = teamSlug },
            schedules = new[]
            {
                new
                {
                    policy = new { name = policyName, slug = policySlug },
                    schedule = new[]
                    {
                        new
                        {
                            onCallUser = new { username = rollList.Count > 0 ? rollList[0].User : "nobody" },
                            onCallType = "rotation_group",
                            rotationName = "Primary",
                            shiftName = "Week",
                            shiftRoll = Time(rollList.Count > 0 ? rollList[0].End : DateTimeOffset.UnixEpoch),
                            rolls = rollList.Select(r => new { start = Time(r.Start), end = Time(r.End), onCallUser = new { username = r.User }, isRoll = true }).ToArray(),
                        },
                    },
                    overrides = (overrides ?? Array.Empty<(string, string, DateTimeOffset, DateTimeOffset)>())
                        .Select(o => new { origOnCallUser = new { username = o.Orig }, overrideOnCallUser = new { username = o.Over }, start = Time(o.Start), end = Time(o.End) })
                        .ToArray(),
                },
            },
        };
    }
}
