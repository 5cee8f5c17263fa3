using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OnCall.Engine.Rotations;

/// <summary>
/// Field-by-field differences between two definitions of one rotation: what -WhatIf shows and what decides
/// that a Set sends nothing. Times are compared as instants, never as text (Datadog echoes the offsets it was
/// sent and answers a GET in UTC), lengths as durations, zones and names without regard to case.
/// </summary>
internal static class RotationDiff
{
    public static IReadOnlyList<RotationChange> Compare(RotationDefinition before, RotationDefinition after)
    {
        var changes = new List<RotationChange>();
        var containerField = before.Provider == OnCallProvider.ZStack ? RotationFields.Name : RotationFields.Schedule;
        Text(changes, null, containerField, before.Name, after.Name, StringComparison.Ordinal);
        Text(changes, null, RotationFields.Description, before.Description, after.Description, StringComparison.Ordinal);
        Text(changes, null, RotationFields.TimeZone, before.TimeZone, after.TimeZone, StringComparison.OrdinalIgnoreCase);
        if (!before.TeamIds.OrderBy(t => t, StringComparer.OrdinalIgnoreCase).SequenceEqual(after.TeamIds.OrderBy(t => t, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
        {
            changes.Add(Change(null, RotationFields.Teams, string.Join(", ", before.TeamIds), string.Join(", ", after.TeamIds)));
        }

        var matched = new HashSet<RotationLayer>();
        for (var i = 0; i < after.Layers.Count; i++)
        {
            var layer = after.Layers[i];
            var old = layer.Id is null ? (i < before.Layers.Count && before.Layers[i].Id is null ? before.Layers[i] : null) : before.Layers.FirstOrDefault(l => string.Equals(l.Id, layer.Id, StringComparison.OrdinalIgnoreCase));
            if (old is null)
            {
                changes.Add(Change(layer.Name, RotationFields.Layers, null, "added"));
                continue;
            }

            matched.Add(old);
            if (before.Layers.IndexOf(old) != i && before.Layers.Count == after.Layers.Count)
            {
                changes.Add(Change(layer.Name, "Position", (before.Layers.IndexOf(old) + 1).ToString(CultureInfo.InvariantCulture), (i + 1).ToString(CultureInfo.InvariantCulture)));
            }

            CompareLayer(changes, before.Provider, old, layer);
        }

        foreach (var removed in before.Layers.Where(l => !matched.Contains(l)))
        {
            changes.Add(Change(removed.Name, RotationFields.Layers, "present", "removed"));
        }

        return changes;
    }

    /// <summary>Members as a person reads them: "a, b, (nobody)".</summary>
    public static string Members(IEnumerable<RotationMember> members) => string.Join(", ", members.Select(m => m.IsEmpty ? "(nobody)" : m.Display));

    public static string Time(DateTimeOffset? time) =>
        time?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? "(none)";

    private static void CompareLayer(List<RotationChange> changes, OnCallProvider provider, RotationLayer before, RotationLayer after)
    {
        var name = after.Name;
        if (provider != OnCallProvider.ZStack)
        {
            Text(changes, name, RotationFields.Name, before.Name, after.Name, StringComparison.Ordinal);
        }

        Text(changes, name, RotationFields.TimeZone, before.TimeZone, after.TimeZone, StringComparison.OrdinalIgnoreCase);
        if (before.ShiftLength != after.ShiftLength || before.CalendarDays != after.CalendarDays)
        {
            changes.Add(Change(name, RotationFields.ShiftDuration, Length(before), Length(after)));
        }

        var beforeIds = before.Members.Select(m => m.Id ?? string.Empty);
        var afterIds = after.Members.Select(m => m.Id ?? string.Empty);
        if (!beforeIds.SequenceEqual(afterIds, StringComparer.OrdinalIgnoreCase))
        {
            changes.Add(Change(name, RotationFields.Members, Members(before.Members), Members(after.Members)));
        }

        Instant(changes, name, RotationFields.Start, before.Start, after.Start);
        Instant(changes, name, RotationFields.EffectiveDate, before.EffectiveDate, after.EffectiveDate);
        Instant(changes, name, RotationFields.End, before.End, after.End);
        if (!before.Restrictions.SequenceEqual(after.Restrictions))
        {
            changes.Add(Change(name, RotationFields.Restrictions, Windows(before.Restrictions), Windows(after.Restrictions)));
        }

        Text(changes, name, RotationFields.RotationType, before.RotationType, after.RotationType, StringComparison.OrdinalIgnoreCase);
        Text(changes, name, RotationFields.CurrentMember, before.CurrentMember, after.CurrentMember, StringComparison.OrdinalIgnoreCase);
    }

    private static string Length(RotationLayer layer) =>
        RotationLength.Text(layer.ShiftLength) + (layer.CalendarDays ? " (calendar days)" : string.Empty);

    private static string Windows(IEnumerable<RotationRestriction> restrictions)
    {
        var text = string.Join(", ", restrictions);
        return text.Length == 0 ? "(around the clock)" : text;
    }

    private static void Text(List<RotationChange> changes, string? layer, string field, string? before, string? after, StringComparison comparison)
    {
        var a = string.IsNullOrEmpty(before) ? null : before;
        var b = string.IsNullOrEmpty(after) ? null : after;
        if (!string.Equals(a, b, comparison))
        {
            changes.Add(Change(layer, field, a, b));
        }
    }

    private static void Instant(List<RotationChange> changes, string? layer, string field, DateTimeOffset? before, DateTimeOffset? after)
    {
        // DateTimeOffset equality is equality of instants: 09:00-05:00 and 14:00Z are the same hand-off.
        if (before != after)
        {
            changes.Add(Change(layer, field, Time(before), Time(after)));
        }
    }

    private static RotationChange Change(string? layer, string field, string? before, string? after) =>
        new() { Layer = layer, Field = field, Before = before, After = after };
}
