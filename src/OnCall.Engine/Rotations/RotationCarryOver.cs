using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>
/// A definition from one vendor rebuilt for another (research-9 4.2), and exactly what does not survive the
/// trip: <see cref="NotCarried"/> changes who is on call when (a copy refuses it unless forced),
/// <see cref="Dropped"/> is information the destination has no place for.
/// </summary>
public sealed class RotationCarryOver
{
    private RotationCarryOver(RotationDefinition definition)
    {
        Definition = definition;
    }

    /// <summary>What would be created; the members are the destination's.</summary>
    public RotationDefinition Definition { get; }

    public IList<string> NotCarried { get; } = new List<string>();

    public IList<string> Dropped { get; } = new List<string>();

    /// <summary>The item of <see cref="Dropped"/> about the source's owning teams (null: none), which the destination's replace.</summary>
    public string? DroppedTeams { get; private set; }

    /// <param name="source">The source, already lined up with who holds each shift now (<see cref="AlignToCurrent"/>).</param>
    /// <param name="destination">What the destination can hold.</param>
    /// <param name="name">The new name; the source's when null.</param>
    /// <param name="members">Each source member's id to the destination's member.</param>
    /// <param name="from">The start of the window whose overlaps are looked at.</param>
    /// <param name="to">Its end.</param>
    public static RotationCarryOver Translate(RotationDefinition source, RotationCapabilities destination, string? name, IReadOnlyDictionary<string, RotationMember> members, DateTimeOffset from, DateTimeOffset to)
    {
        var sourceZone = source.TimeZone ?? source.Layers.Select(l => l.TimeZone).FirstOrDefault(z => z is not null) ?? "UTC";
        var target = new RotationDefinition
        {
            Provider = destination.Provider,
            Name = string.IsNullOrWhiteSpace(name) ? source.Name : name!,
            Description = destination.Description ? source.Description : null,
        };
        var result = new RotationCarryOver(target);
        if (!destination.Description && !string.IsNullOrWhiteSpace(source.Description))
        {
            result.Dropped.Add(string.Format(CultureInfo.InvariantCulture, "the description '{0}' ({1} rotations have none)", source.Description, destination.Provider));
        }

        if (source.TeamIds.Count > 0 || (source.Provider == OnCallProvider.Datadog && !string.IsNullOrEmpty(source.Team)))
        {
            result.DroppedTeams = string.Format(CultureInfo.InvariantCulture, "the owning teams ({0}), which are the source's", source.Team ?? string.Join(", ", source.TeamIds));
            result.Dropped.Add(result.DroppedTeams);
        }

        var layers = source.Layers.ToList();
        if (layers.Count > destination.MaxLayers)
        {
            result.NotCarried.Add(string.Format(
                CultureInfo.InvariantCulture,
                "'{0}' has {1} {2}; {3} holds {4} in one rotation, so only {5} is copied",
                source.Name,
                layers.Count,
                source.Provider == OnCallProvider.VictorOps ? "shifts" : "layers",
                destination.Provider,
                destination.MaxLayers,
                string.Join(", ", layers.Take(destination.MaxLayers).Select(l => "'" + l.Name + "'"))));
            layers = layers.Take(destination.MaxLayers).ToList();
        }

        var sourceCaps = RotationCapabilities.For(source.Provider);
        if (layers.Count > 1 && sourceCaps.LayerPrecedence != destination.LayerPrecedence && Overlapping(source, layers, from, to) is { } overlap)
        {
            result.NotCarried.Add(sourceCaps.LayerPrecedence
                ? string.Format(CultureInfo.InvariantCulture, "layers '{0}' and '{1}' overlap: {2} shows only the upper one on call there, {3} pages everyone on call in any shift", overlap.A, overlap.B, source.Provider, destination.Provider)
                : string.Format(CultureInfo.InvariantCulture, "shifts '{0}' and '{1}' overlap: {2} pages everyone on call in any shift, {3} shows only the upper layer", overlap.A, overlap.B, source.Provider, destination.Provider));
        }

        foreach (var layer in layers)
        {
            target.Layers.Add(TranslateLayer(source, layer, sourceZone, destination, target, members, result));
        }

        return result;
    }

    /// <summary>
    /// A copy of the definition whose member order starts each VictorOps shift with whoever holds it at
    /// <paramref name="now"/> (after a scheduled-user change the start and order alone no longer say so), as the
    /// Splunk import adapter lines rotations up (research-9 3.3).
    /// </summary>
    public static RotationDefinition AlignToCurrent(RotationDefinition definition, DateTimeOffset now)
    {
        var aligned = definition.Clone();
        foreach (var layer in aligned.Layers)
        {
            if (string.IsNullOrEmpty(layer.CurrentMember) || layer.Members.Count < 2 || layer.ShiftLength <= TimeSpan.Zero || now < layer.Start)
            {
                continue;
            }

            var wanted = layer.Members.ToList().FindIndex(m => m.IsNamed(layer.CurrentMember));
            if (wanted < 0)
            {
                continue;
            }

            var single = new RotationDefinition { TimeZone = aligned.TimeZone ?? layer.TimeZone ?? "UTC" };
            var plain = layer.Clone();
            plain.Restrictions.Clear();
            plain.End = null;
            plain.EffectiveDate = null;
            single.Layers.Add(plain);
            var positions = new Dictionary<RotationMember, int>();
            for (var i = 0; i < plain.Members.Count; i++)
            {
                positions[plain.Members[i]] = i;
            }

            var schedule = RotationRendering.ToSchedule(single, m => positions[m].ToString(CultureInfo.InvariantCulture));
            var shift = schedule?.WhoIsOnCall(now);
            if (shift is null || !int.TryParse(shift.User, NumberStyles.Integer, CultureInfo.InvariantCulture, out var scheduled) || scheduled == wanted)
            {
                continue;
            }

            // Rotate so that the member scheduled now by start and order is the one VictorOps says holds the shift.
            var members = layer.Members.ToList();
            var shiftBy = ((wanted - scheduled) % members.Count + members.Count) % members.Count;
            layer.Members.Clear();
            for (var i = 0; i < members.Count; i++)
            {
                layer.Members.Add(members[(i + shiftBy) % members.Count]);
            }
        }

        return aligned;
    }

    private static RotationLayer TranslateLayer(RotationDefinition source, RotationLayer layer, string sourceZone, RotationCapabilities destination, RotationDefinition target, IReadOnlyDictionary<string, RotationMember> members, RotationCarryOver result)
    {
        var where = string.Format(CultureInfo.InvariantCulture, "{0} '{1}'", source.Provider == OnCallProvider.VictorOps ? "shift" : source.Provider == OnCallProvider.Datadog ? "layer" : "rotation", layer.Name);
        var zone = layer.TimeZone ?? sourceZone;
        var copy = new RotationLayer { Name = destination.Provider == OnCallProvider.ZStack ? target.Name : layer.Name, Start = layer.Start };
        if (destination.Provider == OnCallProvider.VictorOps)
        {
            copy.TimeZone = zone;
        }
        else if (target.TimeZone is null)
        {
            target.TimeZone = zone;
        }
        else if (!string.Equals(target.TimeZone, zone, StringComparison.OrdinalIgnoreCase))
        {
            copy.TimeZone = zone;
        }

        if (layer.EffectiveDate is { } effective && effective > layer.Start && !destination.EffectiveDate)
        {
            result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0} begins to apply at {1}, after its first hand-off at {2}; {3} rotations apply from their first hand-off", where, RotationDiff.Time(effective), RotationDiff.Time(layer.Start), destination.Provider));
        }
        else if (destination.EffectiveDate)
        {
            copy.EffectiveDate = layer.EffectiveDate ?? layer.Start;
        }

        if (layer.End is { } end)
        {
            if (destination.EndDate)
            {
                copy.End = end;
            }
            else
            {
                result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0} ends at {1}; {2} rotations run on without an end", where, RotationDiff.Time(end), destination.Provider));
            }
        }

        TranslateLength(layer, copy, where, destination, result);
        TranslateMembers(layer, copy, where, destination, members, result);
        TranslateRestrictions(source, layer, copy, where, destination, result);
        return copy;
    }

    private static void TranslateLength(RotationLayer layer, RotationLayer copy, string where, RotationCapabilities destination, RotationCarryOver result)
    {
        var length = layer.ShiftLength;
        var wholeDays = length.Ticks % TimeSpan.TicksPerDay == 0;
        if (length < destination.MinimumLength)
        {
            result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0} hands off every {1}; {2} needs at least {3}, so the copy would hand off every {3}", where, RotationLength.Text(length), destination.Provider, RotationLength.Text(destination.MinimumLength)));
            length = destination.MinimumLength;
        }
        else if (destination.WholeDaysOnly && !wholeDays)
        {
            var days = Math.Max(1, (long)Math.Round(length.TotalDays));
            result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0} hands off every {1}; {2} counts shifts in whole days, so the copy would hand off every {3} day(s)", where, RotationLength.Text(length), destination.Provider, days));
            length = TimeSpan.FromDays(days);
        }

        copy.ShiftLength = length;
        wholeDays = length.Ticks % TimeSpan.TicksPerDay == 0;
        switch (destination.Provider)
        {
            case OnCallProvider.Datadog:
                // Days alone hand off by the calendar; an elapsed length of whole days goes as seconds, which Datadog counts as elapsed time.
                if (wholeDays && (layer.CalendarDays || length > TimeSpan.FromSeconds(2592000)))
                {
                    copy.CalendarDays = true;
                    copy.IntervalDays = length.Ticks / TimeSpan.TicksPerDay;
                    copy.IntervalSeconds = 0;
                }
                else if (wholeDays)
                {
                    copy.IntervalDays = 0;
                    copy.IntervalSeconds = length.Ticks / TimeSpan.TicksPerSecond;
                }

                break;
            case OnCallProvider.ZStack:
                copy.RotationType = RotationLength.ZStackType(length);
                copy.CalendarDays = RotationLength.ZStackCalendar(copy.RotationType, length);
                copy.ShiftDuration = RotationLength.Text(length);
                break;
            default:
                copy.CalendarDays = true;
                break;
        }

        if (copy.CalendarDays != layer.CalendarDays && wholeDays)
        {
            result.Dropped.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0} hands off by {1}, the copy by {2}: across a daylight-saving change the hand-off moves by the change (shown as a predicted difference when the window holds one)",
                where,
                layer.CalendarDays ? "the calendar (same local time)" : "elapsed time",
                copy.CalendarDays ? "the calendar" : "elapsed time"));
        }
    }

    private static void TranslateMembers(RotationLayer layer, RotationLayer copy, string where, RotationCapabilities destination, IReadOnlyDictionary<string, RotationMember> members, RotationCarryOver result)
    {
        var empty = 0;
        foreach (var member in layer.Members)
        {
            if (member.IsEmpty)
            {
                if (destination.EmptySlots)
                {
                    copy.Members.Add(member.Clone());
                }
                else
                {
                    empty++;
                }

                continue;
            }

            copy.Members.Add(members[member.Id!].Clone());
        }

        if (empty > 0)
        {
            result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0} has {1} empty member slot(s) (nobody on call for a turn); {2} has none, so the copy leaves them out and the turns move", where, empty, destination.Provider));
        }
    }

    private static void TranslateRestrictions(RotationDefinition source, RotationLayer layer, RotationLayer copy, string where, RotationCapabilities destination, RotationCarryOver result)
    {
        if (destination.Provider == OnCallProvider.VictorOps)
        {
            copy.RotationType = source.Provider == OnCallProvider.VictorOps ? layer.RotationType : layer.Restrictions.Count == 0 ? "std" : "pho";
        }

        if (layer.Restrictions.Count == 0)
        {
            return;
        }

        var windows = string.Join(", ", layer.Restrictions);
        if (!destination.Restrictions)
        {
            result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0} applies only in weekly windows ({1}); {2} rotations apply around the clock", where, windows, destination.Provider));
            return;
        }

        if (destination.Provider == OnCallProvider.VictorOps && VictorOpsMasks.FromRestrictions(layer.Restrictions) is null)
        {
            result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0}'s windows ({1}) are not at most three daily time ranges on chosen weekdays, all VictorOps' shift masks hold", where, windows));
            return;
        }

        foreach (var restriction in layer.Restrictions)
        {
            copy.Restrictions.Add(restriction);
        }

        // GUESS (Splunk On-Call help, "rotations and shifts"): a partial-day shift handed off daily counts only the
        // days it has a shift (Friday to Monday), where a Datadog layer counts every calendar day.
        if (source.Provider == OnCallProvider.VictorOps && destination.Provider != OnCallProvider.VictorOps
            && layer.ShiftLength == TimeSpan.FromDays(1) && layer.Members.Count(m => !m.IsEmpty) > 1 && !CoversEveryDay(layer.Restrictions))
        {
            result.NotCarried.Add(string.Format(CultureInfo.InvariantCulture, "{0} hands off daily on a partial-day shift: VictorOps counts only the days with a shift, {1} every calendar day, so after the first day without one the turns differ", where, destination.Provider));
        }
    }

    private static bool CoversEveryDay(IEnumerable<RotationRestriction> restrictions) =>
        Enum.GetValues(typeof(DayOfWeek)).Cast<DayOfWeek>().All(d => restrictions.Any(r => r.StartDay == d));

    /// <summary>The first two layers that have someone on call at the same time in the window, or null.</summary>
    private static (string A, string B)? Overlapping(RotationDefinition source, IReadOnlyList<RotationLayer> layers, DateTimeOffset from, DateTimeOffset to)
    {
        var pieces = new List<(string Name, List<Shift> Shifts)>();
        foreach (var layer in layers)
        {
            var single = new RotationDefinition { TimeZone = source.TimeZone ?? layer.TimeZone ?? "UTC" };
            single.Layers.Add(layer);
            var schedule = RotationRendering.ToSchedule(single, m => m.Id ?? m.Display);
            pieces.Add((layer.Name, schedule is null ? new List<Shift>() : schedule.Render(from, to).Where(s => !ShiftRotation.IsEmptySlot(s.User)).ToList()));
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            for (var j = i + 1; j < pieces.Count; j++)
            {
                if (pieces[i].Shifts.Any(a => pieces[j].Shifts.Any(b => a.Start < b.End && b.Start < a.End)))
                {
                    return (pieces[i].Name, pieces[j].Name);
                }
            }
        }

        return null;
    }
}
