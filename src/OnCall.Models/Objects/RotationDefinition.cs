using System;
using System.Collections.Generic;
using System.Linq;

namespace OnCall;

/// <summary>
/// A vendor's whole rotation, in one shape for all three: a Datadog schedule with its layers, a ZStack
/// schedule (one layer), a VictorOps rotation group with its shifts (one layer each). What a Set changes,
/// what a Copy carries from one vendor to another.
/// </summary>
public sealed class RotationDefinition
{
    public OnCallProvider Provider { get; set; }

    /// <summary>Datadog schedule id, ZStack uuid, VictorOps numeric group id; null before it is created.</summary>
    public string? Id { get; set; }

    /// <summary>VictorOps: the group's rtg- slug.</summary>
    public string? Slug { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>ZStack only.</summary>
    public string? Description { get; set; }

    /// <summary>The schedule's IANA zone (Datadog, ZStack); layers without their own zone use it.</summary>
    public string? TimeZone { get; set; }

    /// <summary>VictorOps: the team slug the group lives in. Datadog: the team names, for display.</summary>
    public string? Team { get; set; }

    /// <summary>Datadog: the ids of the teams that own the schedule.</summary>
    public IList<string> TeamIds { get; } = new List<string>();

    /// <summary>Bottom first: where Datadog layers overlap, the last one wins.</summary>
    public IList<RotationLayer> Layers { get; } = new List<RotationLayer>();

    public RotationDefinition Clone()
    {
        var copy = new RotationDefinition
        {
            Provider = Provider,
            Id = Id,
            Slug = Slug,
            Name = Name,
            Description = Description,
            TimeZone = TimeZone,
            Team = Team,
        };
        foreach (var team in TeamIds)
        {
            copy.TeamIds.Add(team);
        }

        foreach (var layer in Layers)
        {
            copy.Layers.Add(layer.Clone());
        }

        return copy;
    }

    public override string ToString() => Name;
}

/// <summary>One rotation of a definition: members taking turns from a start, in a zone, maybe within weekly windows.</summary>
public sealed class RotationLayer
{
    /// <summary>Datadog layer id, VictorOps shift id; null for ZStack and before it is created.</summary>
    public string? Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The layer's own zone; null: the definition's.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The first hand-off: member 1 starts here.</summary>
    public DateTimeOffset Start { get; set; }

    /// <summary>Datadog: when the layer begins to apply; null: at <see cref="Start"/>.</summary>
    public DateTimeOffset? EffectiveDate { get; set; }

    public DateTimeOffset? End { get; set; }

    public TimeSpan ShiftLength { get; set; }

    /// <summary>
    /// Whole days counted on the calendar (the hand-off keeps its local time across a DST change) rather than
    /// elapsed time. Datadog days without seconds, ZStack daily and weekly, VictorOps days.
    /// </summary>
    public bool CalendarDays { get; set; }

    /// <summary>ZStack's shiftDuration text as read, sent back unchanged while the length is.</summary>
    public string? ShiftDuration { get; set; }

    /// <summary>Datadog's interval as read, sent back unchanged while the length is.</summary>
    public long? IntervalDays { get; set; }

    public long? IntervalSeconds { get; set; }

    /// <summary>ZStack: daily, weekly or custom. VictorOps: the shift type.</summary>
    public string? RotationType { get; set; }

    /// <summary>In hand-off order.</summary>
    public IList<RotationMember> Members { get; } = new List<RotationMember>();

    public IList<RotationRestriction> Restrictions { get; } = new List<RotationRestriction>();

    /// <summary>VictorOps: who holds the shift now.</summary>
    public string? CurrentMember { get; set; }

    public RotationLayer Clone()
    {
        var copy = new RotationLayer
        {
            Id = Id,
            Name = Name,
            TimeZone = TimeZone,
            Start = Start,
            EffectiveDate = EffectiveDate,
            End = End,
            ShiftLength = ShiftLength,
            CalendarDays = CalendarDays,
            ShiftDuration = ShiftDuration,
            IntervalDays = IntervalDays,
            IntervalSeconds = IntervalSeconds,
            RotationType = RotationType,
            CurrentMember = CurrentMember,
        };
        foreach (var member in Members)
        {
            copy.Members.Add(member.Clone());
        }

        foreach (var restriction in Restrictions)
        {
            copy.Restrictions.Add(restriction);
        }

        return copy;
    }

    public override string ToString() => Name;
}

/// <summary>One member slot of a rotation.</summary>
public sealed class RotationMember
{
    /// <summary>Datadog user uuid, ZStack userId, VictorOps username; null for an empty Datadog slot (nobody on call).</summary>
    public string? Id { get; set; }

    /// <summary>The person's name as the vendor shows it (ZStack userName, Datadog and VictorOps full name).</summary>
    public string? Name { get; set; }

    public string? Email { get; set; }

    /// <summary>VictorOps: the member's rtm- slug.</summary>
    public string? Slug { get; set; }

    /// <summary>What Get-OnCallRotation shows in Members for it.</summary>
    public string Display { get; set; } = string.Empty;

    public bool IsEmpty => string.IsNullOrEmpty(Id);

    public RotationMember Clone() => (RotationMember)MemberwiseClone();

    /// <summary>Whether the text names this member: its id, e-mail, name or shown name (case-insensitive).</summary>
    public bool IsNamed(string? text) =>
        !string.IsNullOrWhiteSpace(text) && new[] { Id, Email, Name, Display }.Any(v => string.Equals(v, text!.Trim(), StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Display;
}
