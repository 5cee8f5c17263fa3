using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace OnCall.Emulator.ZStack;

/// <summary>The ZStack side of the demo organisation. Callers lock <see cref="EmulatorState.Sync"/>.</summary>
public sealed partial class ZStackState
{
    public const string PlatformScheduleUuid = "sched-00112233";
    public const string DatabaseScheduleUuid = "sched-00445566";

    internal ZStackState(TimeProvider clock) => Seed(clock.GetUtcNow());

    public List<ZsSchedule> Schedules { get; } = [];
    public List<ZsOverride> Overrides { get; } = [];
    public List<ZsEvent> Events { get; } = [];

    /// <summary>How the schedule and event lists page (a guess; see <see cref="ZsPaging"/>).</summary>
    public ZsPaging Paging { get; } = new();
    private int nextId = 1;

    public ZsSchedule? Schedule(string uuid) => Schedules.Find(s => s.Uuid == uuid);

    public ZsEvent? Event(string uuid) => Events.Find(e => e.Uuid == uuid);

    /// <summary>Whether the text is the id of a demo person or of any schedule's member.</summary>
    public bool IsUserId(string text) =>
        DemoPeople.All.Any(p => UserId(p.Username) == text) || Schedules.Any(s => s.Members.Any(m => m.UserId == text));

    public static string UserId(string username) => "user-" + username.Split('@')[0].Split('.')[0];

    internal string NewId(string prefix) => prefix + "-" + (0x5a000000 + nextId++).ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Parses a Go duration ("168h", "1h30m", "90m", "45s"); null when it is not one.</summary>
    public static TimeSpan? ParseGoDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var matches = GoDuration().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }

        return total;
    }

    /// <summary>
    /// The shift at a time, with an active override for its user applied.
    /// GUESS (research-9 0.10): daily and weekly schedules of whole days hand off at the start's local time in the
    /// schedule's zone (the same on both sides of a DST change), as the module reads them; custom ones by elapsed time.
    /// GUESS: nobody before startDate, and during an override the substitute with the shift clipped to the override
    /// (zstack.md 1.6 documents only the isOverride flag).
    /// </summary>
    public (ZsMember Member, DateTimeOffset Start, DateTimeOffset End, bool IsOverride)? ShiftAt(ZsSchedule schedule, DateTimeOffset at)
    {
        var length = ParseGoDuration(schedule.ShiftDuration) ?? TimeSpan.FromDays(7);
        var members = schedule.Members.OrderBy(m => m.Order).ToList();
        if (members.Count == 0 || length <= TimeSpan.Zero || at < schedule.StartDate)
        {
            return null;
        }

        var calendar = schedule.RotationType is "daily" or "weekly" && length.Ticks % TimeSpan.TicksPerDay == 0;
        var zone = calendar ? Datadog.DatadogState.FindZone(schedule.Timezone) : TimeZoneInfo.Utc;
        var rotation = new Infrastructure.Rotation(schedule.StartDate, length, zone);
        var index = calendar ? rotation.IndexAt(at) : (long)Math.Floor((at - schedule.StartDate) / length);
        var member = members[(int)(index % members.Count)];
        var start = calendar ? rotation.ShiftStart(index) : schedule.StartDate + (length * index);
        var end = calendar ? rotation.ShiftStart(index + 1) : start + length;
        var over = Overrides.LastOrDefault(o => o.ScheduleUuid == schedule.Uuid && o.OriginalUser == member.UserId && o.StartTime <= at && at < o.EndTime);
        if (over is null)
        {
            return (member, start, end, false);
        }

        var substitute = members.Find(m => m.UserId == over.SubstituteUser)
            ?? new ZsMember { UserId = over.SubstituteUser, UserName = NameOf(over.SubstituteUser), Order = 0 };
        return (substitute, over.StartTime > start ? over.StartTime : start, over.EndTime < end ? over.EndTime : end, true);
    }

    public static string NameOf(string userId)
    {
        foreach (var (username, first, last) in DemoPeople.All)
        {
            if (UserId(username) == userId)
            {
                return first + " " + last;
            }
        }

        return userId;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();

    private void Seed(DateTimeOffset now)
    {
        var created = new DateTimeOffset(2026, 1, 2, 8, 0, 0, TimeSpan.Zero);
        var platform = new ZsSchedule
        {
            Uuid = PlatformScheduleUuid,
            Name = "Platform On-Call",
            Description = "24x7 platform on-call rotation",
            Timezone = "America/New_York",
            RotationType = "weekly",
            ShiftDuration = "168h",
            StartDate = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero),
            CreateDate = created,
            LastOpDate = created,
        };
        AddMembers(platform, DemoPeople.Jane, DemoPeople.John, DemoPeople.Alice);
        var database = new ZsSchedule
        {
            Uuid = DatabaseScheduleUuid,
            Name = "Database On-Call",
            Description = "Daily database rotation",
            Timezone = "Europe/Berlin",
            RotationType = "daily",
            ShiftDuration = "24h",
            StartDate = new DateTimeOffset(2026, 1, 1, 7, 0, 0, TimeSpan.Zero),
            CreateDate = created,
            LastOpDate = created,
        };
        AddMembers(database, DemoPeople.Bob, DemoPeople.Carol, DemoPeople.Dave);
        Schedules.AddRange([platform, database]);

        (string Rule, string Metric, double Value, double Threshold, string Severity, string State)[] seeds =
        [
            ("High CPU Usage", "cpu_usage_percent", 95.3, 90, "critical", "firing"),
            ("High Memory Usage", "memory_usage_percent", 91.2, 85, "warning", "firing"),
            ("Disk Almost Full", "disk_usage_percent", 97.5, 95, "critical", "acknowledged"),
            ("Host Down", "host_up", 0, 1, "critical", "resolved"),
            ("High Load", "load_average_5m", 12.4, 8, "info", "firing"),
            ("Packet Loss", "packet_loss_percent", 7.5, 5, "warning", "resolved"),
            ("High CPU Usage", "cpu_usage_percent", 92.1, 90, "critical", "firing"),
            ("Slow Disk", "disk_latency_ms", 120, 50, "warning", "acknowledged"),
        ];
        for (var i = 0; i < seeds.Length; i++)
        {
            var s = seeds[i];
            var n = i + 1;
            var at = now - TimeSpan.FromMinutes(17 * (seeds.Length - i));
            var e = new ZsEvent
            {
                Uuid = "event-" + n.ToString("000", CultureInfo.InvariantCulture),
                RuleUuid = "rule-" + DemoIds.Guid("zs-rule:" + s.Metric)[..6],
                RuleName = s.Rule,
                ResourceUuid = "res-" + n.ToString("000000", CultureInfo.InvariantCulture),
                MetricName = s.Metric,
                CurrentValue = s.Value,
                Threshold = s.Threshold,
                Operator = s.Metric == "host_up" ? "<" : ">",
                Severity = s.Severity,
                State = s.State,
                Message = string.Create(CultureInfo.InvariantCulture, $"{s.Rule}: {s.Metric} is {s.Value}"),
                Fingerprint = "fp-" + n.ToString("000000", CultureInfo.InvariantCulture),
                NotifiedAt = at,
            };
            e.Timeline.Add(("created", "system", "Alert fired", at));
            if (s.State is "acknowledged" or "resolved")
            {
                e.AcknowledgedBy = "admin";
                e.AcknowledgedAt = at.AddMinutes(2);
                e.Timeline.Add(("acknowledged", "admin", "Alert acknowledged by admin", at.AddMinutes(2)));
            }

            if (s.State == "resolved")
            {
                e.ResolvedBy = "admin";
                e.ResolvedAt = at.AddMinutes(9);
                e.Timeline.Add(("resolved", "admin", "Alert resolved by admin", at.AddMinutes(9)));
            }

            Events.Add(e);
        }
    }

    private static void AddMembers(ZsSchedule schedule, params string[] usernames)
    {
        for (var i = 0; i < usernames.Length; i++)
        {
            schedule.Members.Add(new ZsMember { UserId = UserId(usernames[i]), UserName = NameOf(UserId(usernames[i])), Order = i + 1 });
        }
    }
}
