using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using OnCall.Engine.Json;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Providers.ZStack;

/// <summary>One member of a ZStack rotation.</summary>
internal sealed class ZStackMember
{
    public ZStackMember(string userId, string? userName, int order)
    {
        UserId = userId;
        UserName = string.IsNullOrWhiteSpace(userName) ? userId : userName!;
        Order = order;
    }

    public string UserId { get; }

    /// <summary>What the module shows as the user; the id when ZStack gave no name.</summary>
    public string UserName { get; }

    public int Order { get; }
}

/// <summary>A ZStack on-call schedule, read from its "Schedule" object (zstack.md section 1).</summary>
internal sealed class ZStackSchedule
{
    private ZStackSchedule(string uuid, string name, string timeZone, string? rotationType, string? shiftDuration, TimeSpan duration, IReadOnlyList<ZStackMember> members, DateTimeOffset? startDate, IDictionary<string, object?>? raw)
    {
        Uuid = uuid;
        Name = name;
        TimeZone = timeZone;
        RotationType = rotationType;
        ShiftDuration = shiftDuration;
        Duration = duration;
        Members = members;
        StartDate = startDate;
        Raw = raw;
    }

    public string Uuid { get; }

    public string Name { get; }

    public string TimeZone { get; }

    public string? RotationType { get; }

    public string? ShiftDuration { get; }

    public TimeSpan Duration { get; }

    /// <summary>In hand-off order (by "order", then as listed).</summary>
    public IReadOnlyList<ZStackMember> Members { get; }

    public DateTimeOffset? StartDate { get; }

    public IDictionary<string, object?>? Raw { get; }

    public static ZStackSchedule FromJson(JsonElement element)
    {
        var uuid = element.Str("uuid") ?? throw new OnCallException(OnCallErrorKind.InvalidData, "MalformedResponse", "ZStack returned a schedule without a uuid.", OnCallProvider.ZStack);
        var name = element.Str("name") ?? uuid;
        var duration = GoDuration.Parse(element.Str("shiftDuration"), "schedule '" + name + "'");

        // OrderBy is stable: members without an order keep the order ZStack listed them in.
        var members = element.Items("members")
            .Select((m, i) => (Member: new ZStackMember(m.Str("userId") ?? string.Empty, m.Str("userName"), m.Int("order") ?? int.MaxValue), Index: i))
            .Where(m => m.Member.UserId.Length > 0)
            .OrderBy(m => m.Member.Order)
            .ThenBy(m => m.Index)
            .Select(m => m.Member)
            .ToList();
        var zone = element.Str("timezone");
        return new ZStackSchedule(uuid, name, string.IsNullOrWhiteSpace(zone) ? "UTC" : zone!, element.Str("rotationType"), element.Str("shiftDuration"), duration, members, element.Time("startDate"), RawJson.ToDictionary(element));
    }

    /// <summary>
    /// daily and weekly rotations hand off at the same local time each day or week (calendar lengths, DST-correct);
    /// custom rotations, and daily/weekly ones whose duration is not whole days, use the elapsed duration.
    /// </summary>
    public ShiftLength ShiftLength()
    {
        var wholeDays = Duration.Ticks % TimeSpan.TicksPerDay == 0 ? (int)(Duration.Ticks / TimeSpan.TicksPerDay) : 0;
        var type = (RotationType ?? string.Empty).Trim().ToLowerInvariant();
        if (wholeDays > 0 && (type == "daily" || type == "weekly"))
        {
            return wholeDays % 7 == 0 && type == "weekly" ? Scheduling.ShiftLength.Weeks(wholeDays / 7) : Scheduling.ShiftLength.Days(wholeDays);
        }

        return Scheduling.ShiftLength.FromDuration(Duration);
    }

    /// <summary>The member by id or by name (case-insensitive), or null.</summary>
    public ZStackMember? FindMember(string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return null;
        }

        return Members.FirstOrDefault(m => string.Equals(m.UserId, user, StringComparison.OrdinalIgnoreCase))
            ?? Members.FirstOrDefault(m => string.Equals(m.UserName, user, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The schedule as the engine's definition; null when it cannot put anyone on call (no members or no start).</summary>
    public ScheduleDefinition? ToDefinition(OnCallProvider provider, string connection, IEnumerable<ScheduleOverride>? overrides = null)
    {
        if (Members.Count == 0 || StartDate is null)
        {
            return null;
        }

        var rotation = new ShiftRotation(StartDate.Value, ShiftLength(), Members.Select(m => m.UserName), TimeZone, null, Name);
        var definition = ScheduleDefinition.FromRotation(rotation, overrides);
        definition.Provider = provider;
        definition.Connection = connection;
        definition.Schedule = Name;
        definition.ScheduleId = Uuid;
        return definition;
    }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} ({1})", Name, Uuid);
}
