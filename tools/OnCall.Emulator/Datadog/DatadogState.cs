using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OnCall.Emulator.Datadog;

/// <summary>The Datadog side of the demo organisation. Callers lock <see cref="EmulatorState.Sync"/>.</summary>
public sealed class DatadogState
{
    public const string PlatformTeamId = "6a1f0d2e-0000-4000-8000-00000000a001";
    public const string DatabaseTeamId = "6a1f0d2e-0000-4000-8000-00000000a002";
    public const string PlatformScheduleId = "5c3e9b10-0000-4000-8000-00000000b001";
    public const string DatabaseScheduleId = "5c3e9b10-0000-4000-8000-00000000b002";
    public const string PlatformPolicyId = "9e7d4c20-0000-4000-8000-00000000c001";
    public const string DatabasePolicyId = "9e7d4c20-0000-4000-8000-00000000c002";

    internal DatadogState() => Seed();

    public List<DdUser> Users { get; } = [];
    public List<DdTeam> Teams { get; } = [];
    public List<DdSchedule> Schedules { get; } = [];
    public List<DdOverride> Overrides { get; } = [];
    public List<DdPolicy> Policies { get; } = [];
    public Dictionary<string, List<DdRoutingRule>> RoutingRules { get; } = new(StringComparer.Ordinal);
    public List<DdPage> Pages { get; } = [];

    public DdUser? User(string id) => Users.Find(u => u.Id == id);

    public DdTeam? Team(string id) => Teams.Find(t => t.Id == id);

    public DdSchedule? Schedule(string id) => Schedules.Find(s => s.Id == id);

    public DdPolicy? Policy(string id) => Policies.Find(p => p.Id == id);

    /// <summary>A layer's n-th member slot (0-based) as Datadog names it: "&lt;layer id&gt;-member-&lt;n+1&gt;" (recorded, research-9 1.2).</summary>
    public static string MemberId(string layerId, int index) => layerId + "-member-" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The demo user id for a person (same people as VictorOps and ZStack).</summary>
    public static string UserId(string username) => DemoIds.DatadogUser(username);

    /// <summary>
    /// Who a schedule puts on call at a time: an override wins, else the last layer that has someone (later layers
    /// sit on top, as in Datadog's editor). Returns the shift bounds too, clipped to restrictions and the override.
    /// GUESS: "last in the list wins" is the module's reading of the docs' "lower layers take precedence"
    /// (research-9 0.9); and a turn of an empty member slot in the upper layer leaves nobody on call rather than
    /// letting a lower layer show through, as the module renders it.
    /// </summary>
    public (string UserId, DateTimeOffset Start, DateTimeOffset End, bool IsOverride)? ShiftAt(DdSchedule schedule, DateTimeOffset at)
    {
        // GUESS: where overrides overlap, the later one wins (not documented, not recorded).
        var over = Overrides.LastOrDefault(o => o.ScheduleId == schedule.Id && o.Start <= at && at < o.End);
        if (over is not null)
        {
            return (over.UserId, over.Start, over.End, true);
        }

        // GUESS: the last listed layer wins (INFERRED from the editor; research for issue 9).
        for (var i = schedule.Layers.Count - 1; i >= 0; i--)
        {
            var shift = LayerShiftAt(schedule.Layers[i], schedule.TimeZone, at);
            if (shift is { } s)
            {
                return s.UserId is null ? null : (s.UserId, s.Start, s.End, false);
            }
        }

        return null;
    }

    internal static (string? UserId, DateTimeOffset Start, DateTimeOffset End)? LayerShiftAt(DdLayer layer, string scheduleZone, DateTimeOffset at)
    {
        if (at < layer.EffectiveDate || (layer.EndDate is { } end && at >= end) || layer.Members.Count == 0 || layer.Interval <= TimeSpan.Zero)
        {
            return null;
        }

        // Hand-offs at rotation_start + k x interval: recorded (six "who is on call" answers end there, to the second).
        // GUESS: a days-only interval hands off at the same local wall-clock time across a DST change (no recording
        // spans one). GUESS: between effective_date and rotation_start the rotation runs backwards (negative k); the
        // recordings only ask after rotation_start.
        var rotation = new Infrastructure.Rotation(layer.RotationStart, layer.Interval, FindZone(layer.TimeZone ?? scheduleZone));
        var index = rotation.IndexAt(at);
        var n = layer.Members.Count;
        var member = layer.Members[(int)(((index % n) + n) % n)].Value;
        var start = rotation.ShiftStart(index);
        var stop = rotation.ShiftStart(index + 1);
        // GUESS: a restriction cuts the turn to [max(hand-off, window start), min(next hand-off, window end)); no
        // recorded answer has a bound at a restriction edge. That the window is one weekly span (Mon 09:00 to Fri
        // 17:00, not 09-17 each day) is recorded (answers at night mid-week name someone).
        if (layer.Restrictions.Count > 0)
        {
            var zone = FindZone(layer.TimeZone ?? scheduleZone);
            var window = layer.Restrictions.Select(r => RestrictionWindow(r, zone, at)).FirstOrDefault(w => w is not null);
            if (window is not { } w)
            {
                return null;
            }

            if (w.Start > start)
            {
                start = w.Start;
            }

            if (w.End < stop)
            {
                stop = w.End;
            }
        }

        return (member, start, stop);
    }

    // A restriction is a weekly window from (start_day, start_time) to (end_day, end_time) in the layer's zone.
    private static (DateTimeOffset Start, DateTimeOffset End)? RestrictionWindow(DdRestriction r, TimeZoneInfo zone, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var weekStart = local.Date.AddDays(-(int)local.DayOfWeek);
        var startMinute = MinuteOfWeek(r.StartDay, r.StartTime);
        var endMinute = MinuteOfWeek(r.EndDay, r.EndTime);
        if (endMinute <= startMinute)
        {
            endMinute += 7 * 24 * 60;
        }

        foreach (var weekOffset in new[] { -7, 0 })
        {
            var ws = weekStart.AddDays(weekOffset);
            var s = ws.AddMinutes(startMinute);
            var e = ws.AddMinutes(endMinute);
            if (s <= local.DateTime && local.DateTime < e)
            {
                return (ToOffset(s, zone), ToOffset(e, zone));
            }
        }

        return null;
    }

    private static DateTimeOffset ToOffset(DateTime local, TimeZoneInfo zone) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));

    private static int MinuteOfWeek(string day, string time)
    {
        var days = Array.IndexOf(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"], day.ToLowerInvariant());
        var t = TimeSpan.Parse(time, CultureInfo.InvariantCulture);
        return (Math.Max(0, days) * 24 * 60) + (int)t.TotalMinutes;
    }

    internal static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    private void Seed()
    {
        foreach (var (username, first, last) in DemoPeople.All)
        {
            Users.Add(new DdUser { Id = UserId(username), Name = first + " " + last, Email = DemoPeople.Email(username) });
        }

        var platform = new DdTeam { Id = PlatformTeamId, Name = "Platform Ops", Handle = "platform-ops", Description = "Runs the platform." };
        platform.MemberIds.AddRange(new[] { DemoPeople.Jane, DemoPeople.John, DemoPeople.Alice, DemoPeople.Bob }.Select(UserId));
        var database = new DdTeam { Id = DatabaseTeamId, Name = "Database SRE", Handle = "database-sre", Description = "Keeps the databases up." };
        database.MemberIds.AddRange(new[] { DemoPeople.Bob, DemoPeople.Carol, DemoPeople.Dave }.Select(UserId));
        Teams.AddRange([platform, database]);

        var weekly = new DdSchedule { Id = PlatformScheduleId, Name = "Platform Primary", TimeZone = "America/New_York" };
        weekly.TeamIds.Add(PlatformTeamId);
        var weeklyLayer = new DdLayer
        {
            Id = "2b8f6a30-0000-4000-8000-00000000d001",
            Name = "Weekly",
            EffectiveDate = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero),
            RotationStart = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero),
            IntervalDays = 7,
        };
        AddMembers(weeklyLayer, DemoPeople.Jane, DemoPeople.John, DemoPeople.Alice);
        weekly.Layers.Add(weeklyLayer);

        var daily = new DdSchedule { Id = DatabaseScheduleId, Name = "Database Business Hours", TimeZone = "Europe/Berlin" };
        daily.TeamIds.Add(DatabaseTeamId);
        var dailyLayer = new DdLayer
        {
            Id = "2b8f6a30-0000-4000-8000-00000000d002",
            Name = "Business hours",
            EffectiveDate = new DateTimeOffset(2026, 1, 1, 7, 0, 0, TimeSpan.Zero),
            RotationStart = new DateTimeOffset(2026, 1, 1, 7, 0, 0, TimeSpan.Zero),
            IntervalDays = 1,
            TimeZone = "Europe/Berlin",
        };
        AddMembers(dailyLayer, DemoPeople.Bob, DemoPeople.Carol, DemoPeople.Dave);
        dailyLayer.Restrictions.Add(new DdRestriction { StartDay = "monday", StartTime = "08:00:00", EndDay = "friday", EndTime = "18:00:00" });
        daily.Layers.Add(dailyLayer);
        Schedules.AddRange([weekly, daily]);

        Policies.Add(SeedPolicy(PlatformPolicyId, "Platform Ops Escalation", PlatformTeamId, PlatformScheduleId, 1));
        Policies.Add(SeedPolicy(DatabasePolicyId, "Database SRE Escalation", DatabaseTeamId, DatabaseScheduleId, 2));
        foreach (var policy in Policies)
        {
            var teamId = policy.TeamIds[0];
            RoutingRules[teamId] =
            [
                new DdRoutingRule
                {
                    Id = "virtual-" + teamId + "-rule-0",
                    PolicyId = policy.Id,
                    Attributes = new System.Text.Json.Nodes.JsonObject
                    {
                        ["actions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                        {
                            ["type"] = "escalation_policy",
                            ["policy_id"] = policy.Id,
                            ["urgency"] = "high",
                        }),
                        ["query"] = string.Empty,
                        ["urgency"] = "high",
                    },
                },
            ];
        }
    }

    private static DdPolicy SeedPolicy(string id, string name, string teamId, string scheduleId, int n)
    {
        var policy = new DdPolicy { Id = id, Name = name };
        policy.TeamIds.Add(teamId);
        var first = new DdStep { Id = DemoIds.Guid("dd-step", n * 10), EscalateAfterSeconds = 900 };
        first.Targets.Add(new DdTarget { Id = scheduleId, Type = "schedules" });
        var second = new DdStep { Id = DemoIds.Guid("dd-step", (n * 10) + 1), Assignment = "round-robin", EscalateAfterSeconds = 1800 };
        second.Targets.Add(new DdTarget { Id = teamId, Type = "teams" });
        policy.Steps.AddRange([first, second]);
        return policy;
    }

    private static void AddMembers(DdLayer layer, params string[] usernames)
    {
        foreach (var username in usernames)
        {
            layer.Members.Add(new(MemberId(layer.Id, layer.Members.Count), UserId(username)));
        }
    }
}
