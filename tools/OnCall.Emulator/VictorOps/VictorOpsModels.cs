using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.VictorOps;

public sealed class VoUser
{
    public required string Username { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public string DisplayName => FirstName + " " + LastName;
}

public sealed class VoTeam
{
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Description { get; set; } = string.Empty;
    public List<string> Members { get; } = [];
    public List<string> Admins { get; } = [];
    public bool IsDefaultTeam { get; set; }
}

/// <summary>
/// A rotation group: one or more shifts, each with its own members, start, length in days, zone and masks. The
/// group is found by its numeric <see cref="GroupId"/> (the write paths use it, research-9 0.3) or its rtg- slug.
/// </summary>
public sealed class VoRotation
{
    public required long GroupId { get; set; }
    public required string Slug { get; set; }
    public required string Label { get; set; }
    public required string TeamSlug { get; set; }
    public List<VoShift> Shifts { get; } = [];

    // GUESS: an escalation policy that pages a group pages the member of its first shift; the emulator's policies,
    // schedules and on-call answers read that shift only.
    public VoShift Primary => Shifts[0];

    public string ShiftName => Primary.Label;

    public DateTimeOffset Start => Primary.Start;

    public TimeSpan ShiftLength => TimeSpan.FromDays(Primary.DurationDays);

    public string TimeZone => Primary.TimeZone;

    public List<string> Members => Primary.Members;

    public long ShiftIndexAt(DateTimeOffset at) => Primary.ShiftIndexAt(at);

    public DateTimeOffset ShiftStart(long index) => Primary.ShiftStart(index);

    /// <summary>The member on shift <paramref name="index"/> of the first shift, <paramref name="offset"/> places later in the order.</summary>
    public string? MemberFor(long index, int offset = 0) => Primary.MemberFor(index, offset);

    public bool IsNamed(string id) =>
        string.Equals(Slug, id, StringComparison.Ordinal) || GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture) == id;
}

/// <summary>One shift of a rotation group: members take turns of <see cref="DurationDays"/> days from <see cref="Start"/>.</summary>
public sealed class VoShift
{
    public required long ShiftId { get; set; }
    public required string Label { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required int DurationDays { get; set; }
    public required string TimeZone { get; set; }

    /// <summary>std (24/7), pho (partial day), cstm (multi-day); GUESS: the codes' meanings (research-9 3.3).</summary>
    public string ShiftType { get; set; } = "std";

    public List<string> Members { get; } = [];

    /// <summary>Day flags times time ranges; empty: around the clock.</summary>
    public List<VoMask> Masks { get; } = [];

    /// <summary>
    /// How many places the turn order has moved since the start: a scheduled-user change (PUT .../scheduled) sets it.
    /// GUESS: VictorOps keeps start and member order and re-phases who holds the shift (research-9 3.3 "Phase").
    /// </summary>
    public int Phase { get; set; }

    // GUESS (research-9 5.2): a shift of N days hands off at the start's local time every N days, across DST too.
    private Infrastructure.Rotation Shape => new(Start, TimeSpan.FromDays(DurationDays), Datadog.DatadogState.FindZone(TimeZone));

    public long ShiftIndexAt(DateTimeOffset at) => Shape.IndexAt(at);

    public DateTimeOffset ShiftStart(long index) => Shape.ShiftStart(index);

    public string? MemberFor(long index, int offset = 0)
    {
        if (Members.Count == 0)
        {
            return null;
        }

        var n = Members.Count;
        var i = (int)((((index + offset + Phase) % n) + n) % n);
        return Members[i];
    }

    /// <summary>
    /// The periods someone holds this shift from the one running at <paramref name="from"/> on: each turn cut to the
    /// mask windows. GUESS: a partial-day shift hands off every N calendar days like a 24/7 one and is on call only
    /// inside its windows (the Splunk help says a daily hand-off counts only days with a shift; not modelled).
    /// </summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End, string User, long Index)> Periods(DateTimeOffset from)
    {
        var zone = Datadog.DatadogState.FindZone(TimeZone);
        var around = Masks.Count == 0 || Masks.Any(m => m.Days.All(d => d) && m.Times.Any(t => t.Start == t.End));
        for (var k = Math.Max(0, ShiftIndexAt(from)); k < ShiftIndexAt(from) + 4000; k++)
        {
            var start = ShiftStart(k);
            var end = ShiftStart(k + 1);
            if (MemberFor(k) is not { } user)
            {
                yield break;
            }

            if (around)
            {
                if (end > from)
                {
                    yield return (start, end, user, k);
                }

                continue;
            }

            foreach (var (windowStart, windowEnd) in Windows(zone, start, end))
            {
                var a = windowStart > start ? windowStart : start;
                var b = windowEnd < end ? windowEnd : end;
                if (a < b && b > from)
                {
                    yield return (a, b, user, k);
                }
            }
        }
    }

    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Windows(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var day = TimeZoneInfo.ConvertTime(from, zone).Date.AddDays(-1);
        var last = TimeZoneInfo.ConvertTime(to, zone).Date;
        var result = new List<(DateTimeOffset, DateTimeOffset)>();
        for (; day <= last; day = day.AddDays(1))
        {
            foreach (var mask in Masks.Where(m => m.Days[(int)day.DayOfWeek]))
            {
                foreach (var (s, e) in mask.Times.Count == 0 ? [(TimeSpan.Zero, TimeSpan.Zero)] : mask.Times)
                {
                    var localStart = day + s;
                    var localEnd = (e <= s ? day.AddDays(1) : day) + e;
                    result.Add((Local(localStart, zone), Local(localEnd, zone)));
                }
            }
        }

        return result.OrderBy(w => w.Item1);
    }

    private static DateTimeOffset Local(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}

/// <summary>A shift mask: the days it applies and the daily time ranges (an end at or before the start runs past midnight).</summary>
public sealed class VoMask
{
    /// <summary>Indexed by <see cref="DayOfWeek"/>.</summary>
    public bool[] Days { get; } = new bool[7];

    public List<(TimeSpan Start, TimeSpan End)> Times { get; } = [];
}

/// <summary>An escalation policy whose first step pages a rotation (offset 0 = current, 1 = next member).</summary>
public sealed class VoPolicy
{
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string TeamSlug { get; set; }
    public required string RotationGroupId { get; set; }
    public int RotationOffset { get; set; }
    public int StepTwoTimeoutMinutes { get; set; } = 15;
    public string? StepTwoUser { get; set; }

    public string ExecutionType => RotationOffset switch
    {
        0 => "rotation_group",
        1 => "rotation_group_next",
        _ => "rotation_group_previous",
    };
}

/// <summary>The result of "take on-call": <see cref="ToUser"/> replaces <see cref="FromUser"/> on one policy until the shift ends.</summary>
public sealed class VoTake
{
    public required string PolicySlug { get; set; }
    public required string FromUser { get; set; }
    public required string ToUser { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required DateTimeOffset End { get; set; }
}

/// <summary>A scheduled override: <see cref="Username"/> is away; each policy's assignment names who covers.</summary>
public sealed class VoOverride
{
    public required string PublicId { get; set; }
    public required string Username { get; set; }
    public required string Timezone { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required DateTimeOffset End { get; set; }

    /// <summary>Policy slug → covering username (null while unassigned), in creation order.</summary>
    public List<KeyValuePair<string, string?>> Assignments { get; } = [];
}

public sealed class VoTransition
{
    public required string Name { get; set; }
    public required DateTimeOffset At { get; set; }
    public string? By { get; set; }
    public string? Message { get; set; }
    public bool Manually { get; set; }
    public string? AlertId { get; set; }
}

public sealed class VoNote
{
    public required string Name { get; set; }
    public required string DisplayName { get; set; }
    public JsonNode? JsonValue { get; set; }
}

public static class VoPhase
{
    public const string Unacked = "UNACKED";
    public const string Acked = "ACKED";
    public const string Resolved = "RESOLVED";
}

public sealed class VoIncident
{
    public required int Number { get; set; }
    public required DateTimeOffset StartTime { get; set; }
    public string CurrentPhase { get; set; } = VoPhase.Unacked;
    public required string EntityId { get; set; }
    public required string EntityDisplayName { get; set; }
    public string EntityState { get; set; } = "CRITICAL";
    public string EntityType { get; set; } = "SERVICE";
    public string? Host { get; set; }
    public required string Service { get; set; }
    public string RoutingKey { get; set; } = "default";
    public int AlertCount { get; set; } = 1;
    public required string LastAlertId { get; set; }
    public string MonitorName { get; set; } = "Nagios";
    public string MonitorType { get; set; } = "API";
    public List<string> PagedUsers { get; } = [];
    public List<string> PagedTeams { get; } = [];
    public List<string> PagedPolicies { get; } = [];
    public List<VoTransition> Transitions { get; } = [];
    public List<VoNote> Notes { get; } = [];
}

public sealed class VoRoutingKey
{
    public required string RoutingKey { get; set; }
    public List<string> PolicySlugs { get; } = [];
    public bool IsDefault { get; set; }
}
