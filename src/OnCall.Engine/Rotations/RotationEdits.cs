using System;
using System.Collections.Generic;
using System.Linq;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>
/// What a person asked to change (or to create): a field left null was not given. Values an object piped in
/// that equal the definition it came from are no change (<see cref="ChangedFrom"/>), so Get | Set changes nothing.
/// </summary>
public sealed class RotationEdits
{
    public string? Name { get; set; }

    public string? Schedule { get; set; }

    public string? Description { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>A Go duration or TimeSpan text (<see cref="RotationLength.Parse"/>).</summary>
    public string? ShiftDuration { get; set; }

    public IReadOnlyList<string>? Members { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public DateTimeOffset? EffectiveDate { get; set; }

    public IReadOnlyList<RotationRestriction>? Restrictions { get; set; }

    public string? RotationType { get; set; }

    public string? CurrentMember { get; set; }

    /// <summary>The fields given, by their names in <see cref="RotationFields"/>.</summary>
    public IReadOnlyList<string> Given
    {
        get
        {
            var given = new List<string>();
            void Add(bool present, string name)
            {
                if (present)
                {
                    given.Add(name);
                }
            }

            Add(Name is not null, RotationFields.Name);
            Add(Schedule is not null, RotationFields.Schedule);
            Add(Description is not null, RotationFields.Description);
            Add(TimeZone is not null, RotationFields.TimeZone);
            Add(ShiftDuration is not null, RotationFields.ShiftDuration);
            Add(Members is not null, RotationFields.Members);
            Add(Start is not null, RotationFields.Start);
            Add(End is not null, RotationFields.End);
            Add(EffectiveDate is not null, RotationFields.EffectiveDate);
            Add(Restrictions is not null, RotationFields.Restrictions);
            Add(RotationType is not null, RotationFields.RotationType);
            Add(CurrentMember is not null, RotationFields.CurrentMember);
            return given;
        }
    }

    public bool IsEmpty => Given.Count == 0;

    /// <summary>
    /// The edits that change something in layer <paramref name="index"/> of <paramref name="definition"/> (-1: the
    /// definition as a whole): values equal to the definition's are dropped. Times compare as instants, lengths as
    /// durations, zones and member names without regard to case. Text that is no duration or zone is an error.
    /// </summary>
    public RotationEdits ChangedFrom(RotationDefinition definition, int index)
    {
        var layer = index >= 0 ? definition.Layers[index] : null;
        var zs = definition.Provider == OnCallProvider.ZStack;
        var changed = new RotationEdits
        {
            Name = Differs(Name, zs || layer is null ? definition.Name : layer.Name, StringComparison.Ordinal),
            Schedule = Differs(Schedule, definition.Name, StringComparison.Ordinal),
            Description = Differs(Description, definition.Description, StringComparison.Ordinal),
            TimeZone = TimeZone is null ? null : Differs(ScheduleTimeZones.Normalize(TimeZone), layer?.TimeZone ?? definition.TimeZone, StringComparison.OrdinalIgnoreCase),
            RotationType = Differs(RotationType, layer?.RotationType, StringComparison.OrdinalIgnoreCase),
            CurrentMember = Differs(CurrentMember, layer?.CurrentMember, StringComparison.OrdinalIgnoreCase),
        };
        if (ShiftDuration is not null && (layer is null || RotationLength.Parse(ShiftDuration) != layer.ShiftLength))
        {
            changed.ShiftDuration = ShiftDuration;
        }

        if (Members is not null && (layer is null || !SameMembers(Members, layer.Members)))
        {
            changed.Members = Members;
        }

        changed.Start = Start is { } start && (layer is null || start != layer.Start) ? start : null;
        changed.End = End is { } end && (layer is null || end != layer.End) ? end : null;
        changed.EffectiveDate = EffectiveDate is { } effective && (layer is null || effective != (layer.EffectiveDate ?? layer.Start)) ? effective : null;
        if (Restrictions is not null && (layer is null || !Restrictions.SequenceEqual(layer.Restrictions)))
        {
            changed.Restrictions = Restrictions;
        }

        return changed;
    }

    /// <summary>
    /// Writes the edits into layer <paramref name="index"/> of <paramref name="definition"/>; the members are
    /// already resolved (<paramref name="members"/>, in order) when the edits change them.
    /// </summary>
    public void ApplyTo(RotationDefinition definition, int index, IReadOnlyList<RotationMember>? members)
    {
        var zs = definition.Provider == OnCallProvider.ZStack;
        if (Schedule is not null)
        {
            definition.Name = Schedule;
        }

        if (Description is not null)
        {
            definition.Description = Description;
        }

        if (index < 0)
        {
            if (TimeZone is not null)
            {
                definition.TimeZone = ScheduleTimeZones.Normalize(TimeZone);
            }

            return;
        }

        var layer = definition.Layers[index];
        if (Name is not null)
        {
            layer.Name = Name;
            if (zs)
            {
                definition.Name = Name;
            }
        }

        if (zs)
        {
            layer.Name = definition.Name;
        }

        if (TimeZone is not null)
        {
            var zone = ScheduleTimeZones.Normalize(TimeZone);

            // The layer's own zone when it has one (or is a VictorOps shift); else the schedule's, when this
            // layer is its only one, so the other layers do not move with it.
            if (layer.TimeZone is not null || definition.TimeZone is null || definition.Layers.Count > 1)
            {
                layer.TimeZone = zone;
            }
            else
            {
                definition.TimeZone = zone;
            }
        }

        if (ShiftDuration is not null)
        {
            layer.ShiftLength = RotationLength.Parse(ShiftDuration);
            layer.CalendarDays = definition.Provider switch
            {
                OnCallProvider.Datadog => layer.ShiftLength.Ticks % TimeSpan.TicksPerDay == 0,
                OnCallProvider.ZStack => RotationLength.ZStackCalendar(layer.RotationType, layer.ShiftLength),
                _ => true,
            };
        }

        if (Members is not null)
        {
            layer.Members.Clear();
            foreach (var member in members ?? throw new InvalidOperationException("Members were changed but not resolved."))
            {
                layer.Members.Add(member);
            }
        }

        if (Start is { } start)
        {
            // A layer that began to apply at its first hand-off keeps doing so.
            if (layer.EffectiveDate == layer.Start && EffectiveDate is null)
            {
                layer.EffectiveDate = start;
            }

            layer.Start = start;
        }

        if (End is { } end)
        {
            layer.End = end;
        }

        if (EffectiveDate is { } effective)
        {
            layer.EffectiveDate = effective;
        }

        if (Restrictions is not null)
        {
            layer.Restrictions.Clear();
            foreach (var restriction in Restrictions)
            {
                layer.Restrictions.Add(restriction);
            }
        }

        if (RotationType is not null)
        {
            layer.RotationType = RotationType;
        }

        if (CurrentMember is not null)
        {
            layer.CurrentMember = CurrentMember;
        }
    }

    /// <summary>Whether the texts name these members, in this order ("(nobody)" for an empty slot).</summary>
    public static bool SameMembers(IReadOnlyList<string> texts, IList<RotationMember> members) =>
        texts.Count == members.Count && texts.Select((text, i) => members[i].IsEmpty ? IsEmptySlot(text) : members[i].IsNamed(text)).All(same => same);

    /// <summary>The text Get-OnCallRotation shows for an empty Datadog slot.</summary>
    public static bool IsEmptySlot(string? text) => string.Equals(text?.Trim(), DatadogRotations.EmptySlot, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => string.Join(", ", Given);

    private static string? Differs(string? wanted, string? current, StringComparison comparison)
    {
        if (wanted is null)
        {
            return null;
        }

        var a = string.IsNullOrEmpty(wanted) ? null : wanted;
        var b = string.IsNullOrEmpty(current) ? null : current;
        return string.Equals(a, b, comparison) ? null : wanted;
    }
}
