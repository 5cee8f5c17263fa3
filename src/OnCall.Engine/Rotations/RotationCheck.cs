using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>
/// The module's own checks of a rotation definition, the same for New, Set, Test and Copy: members given
/// and not repeated, no layer without members, a shift long enough for the vendor (an hour on Datadog,
/// whole days on VictorOps), a known IANA zone, an end after the start, and nothing the vendor cannot hold.
/// Whether the members exist needs the vendor and is the writer's part.
/// </summary>
internal static class RotationCheck
{
    public const string NoName = "NoName";
    public const string NoLayers = "NoLayers";
    public const string TooManyLayers = "TooManyLayers";
    public const string EmptyLayer = "EmptyLayer";
    public const string DuplicateMember = "DuplicateMember";
    public const string EmptySlot = "EmptySlot";
    public const string ShortInterval = "ShortInterval";
    public const string LongInterval = "LongInterval";
    public const string NotWholeDays = "NotWholeDays";
    public const string InvalidRestriction = "InvalidRestriction";
    public const string InvalidRotationType = "InvalidRotationType";
    public const string NotSupported = "NotSupported";
    public const string UnknownMember = "UnknownMember";
    public const string NotAMember = "NotAMember";

    private static readonly HashSet<string> CapabilityReasons = new(StringComparer.Ordinal) { TooManyLayers, EmptySlot, NotWholeDays, NotSupported };

    /// <summary>Every problem, in the order a person would fix them.</summary>
    public static IReadOnlyList<RotationConflict> Problems(RotationDefinition definition, RotationCapabilities vendor)
    {
        var problems = new List<RotationConflict>();
        void Add(string type, string details, string? user = null) => problems.Add(new RotationConflict { Type = type, Details = details, User = user });

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            Add(NoName, "The rotation has no name.");
        }

        if (definition.TimeZone is { } zone && !ScheduleTimeZones.IsKnown(zone))
        {
            Add(ScheduleErrors.UnknownTimeZone, Zone(zone));
        }

        if (definition.Layers.Count == 0)
        {
            Add(NoLayers, "The rotation has no layer: give its members, shift duration, start and time zone.");
        }
        else if (definition.Layers.Count > vendor.MaxLayers)
        {
            Add(TooManyLayers, string.Format(CultureInfo.InvariantCulture, "The rotation has {0} layers; {1} holds at most {2} in one rotation.", definition.Layers.Count, vendor.Provider, vendor.MaxLayers));
        }

        if (!string.IsNullOrWhiteSpace(definition.Description) && !vendor.Description)
        {
            Add(NotSupported, string.Format(CultureInfo.InvariantCulture, "{0} rotations have no description.", vendor.Provider));
        }

        foreach (var layer in definition.Layers)
        {
            CheckLayer(definition, layer, vendor, Add);
        }

        return problems;
    }

    /// <summary>Throws the first problem as an error whose message names them all; nothing has been sent.</summary>
    public static void ThrowIfInvalid(RotationDefinition definition, RotationCapabilities vendor, object? target)
    {
        var problems = Problems(definition, vendor);
        if (problems.Count > 0)
        {
            throw ToError(problems, vendor.Provider, target);
        }
    }

    /// <summary>The problems as one error about the rotation: the first one's reason, every one's text.</summary>
    public static OnCallException ToError(IReadOnlyList<RotationConflict> problems, OnCallProvider provider, object? target)
    {
        var first = problems[0];
        var capability = CapabilityReasons.Contains(first.Type);
        var message = problems.Count == 1
            ? first.Details + " Nothing was sent."
            : "The rotation cannot be written, nothing was sent: " + string.Join(" ", problems.Select(p => p.Details));
        return new OnCallException(capability ? OnCallErrorKind.NotSupported : OnCallErrorKind.InvalidArgument, first.Type, message, capability ? provider : null, target);
    }

    private static void CheckLayer(RotationDefinition definition, RotationLayer layer, RotationCapabilities vendor, Action<string, string, string?> add)
    {
        var name = string.IsNullOrWhiteSpace(layer.Name) ? definition.Name : layer.Name;
        var where = definition.Layers.Count > 1 ? string.Format(CultureInfo.InvariantCulture, "Layer '{0}'", name) : "The rotation";
        if (definition.Layers.Count > 1 && string.IsNullOrWhiteSpace(layer.Name))
        {
            add(NoName, "A layer has no name.", null);
        }

        if (layer.TimeZone is { } zone && !ScheduleTimeZones.IsKnown(zone))
        {
            add(ScheduleErrors.UnknownTimeZone, Zone(zone), null);
        }
        else if (layer.TimeZone is null && definition.TimeZone is null)
        {
            add(ScheduleErrors.UnknownTimeZone, where + " has no time zone: give an IANA id such as 'Europe/Berlin'.", null);
        }

        if (layer.Members.Count == 0 || layer.Members.All(m => m.IsEmpty))
        {
            add(EmptyLayer, where + " has no members: give at least one person.", null);
        }

        if (!vendor.EmptySlots && layer.Members.Any(m => m.IsEmpty))
        {
            add(EmptySlot, string.Format(CultureInfo.InvariantCulture, "{0} has an empty member slot (nobody on call for a turn); {1} has no such thing.", where, vendor.Provider), null);
        }

        if (layer.CurrentMember is { } current && !layer.Members.Any(m => m.IsNamed(current)))
        {
            add(NotAMember, string.Format(CultureInfo.InvariantCulture, "{0} cannot be held by {1}: only its members take turns ({2}).", where, current, RotationDiff.Members(layer.Members)), current);
        }

        foreach (var repeated in layer.Members.Where(m => !m.IsEmpty).GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var shown = repeated.First().Display;
            add(DuplicateMember, string.Format(CultureInfo.InvariantCulture, "{0} lists {1} {2} times: each person takes one turn per round.", where, shown, repeated.Count()), shown);
        }

        CheckLength(layer, vendor, where, add);

        if (layer.End is { } end && end <= layer.Start)
        {
            add(ScheduleErrors.InvalidWindow, string.Format(CultureInfo.InvariantCulture, "{0} ends ({1}) before it starts ({2}).", where, ScheduleErrors.Format(end), ScheduleErrors.Format(layer.Start)), null);
        }
        else if (layer.End is { } until && layer.EffectiveDate is { } from && until <= from)
        {
            add(ScheduleErrors.InvalidWindow, string.Format(CultureInfo.InvariantCulture, "{0} ends ({1}) before it becomes effective ({2}).", where, ScheduleErrors.Format(until), ScheduleErrors.Format(from)), null);
        }

        if (layer.End is not null && !vendor.EndDate)
        {
            add(NotSupported, string.Format(CultureInfo.InvariantCulture, "{0} has an end; {1} rotations run on without one.", where, vendor.Provider), null);
        }

        if (layer.EffectiveDate is { } effective && effective != layer.Start && !vendor.EffectiveDate)
        {
            add(NotSupported, string.Format(CultureInfo.InvariantCulture, "{0} becomes effective ({1}) at another time than its first hand-off ({2}); {3} rotations begin at their first hand-off.", where, ScheduleErrors.Format(effective), ScheduleErrors.Format(layer.Start), vendor.Provider), null);
        }

        CheckRestrictions(layer, vendor, where, add);

        if (vendor.Provider == OnCallProvider.ZStack && layer.RotationType is { } type && type is not ("daily" or "weekly" or "custom"))
        {
            add(InvalidRotationType, string.Format(CultureInfo.InvariantCulture, "The rotation type '{0}' is not one of ZStack's: daily, weekly or custom.", type), null);
        }
    }

    private static void CheckLength(RotationLayer layer, RotationCapabilities vendor, string where, Action<string, string, string?> add)
    {
        var length = layer.ShiftLength;
        var shown = RotationLength.Text(length);
        if (length <= TimeSpan.Zero)
        {
            add(RotationLength.InvalidShiftDuration, string.Format(CultureInfo.InvariantCulture, "{0} has a shift duration of {1}: a shift must last longer than zero.", where, shown), null);
        }
        else if (length < vendor.MinimumLength)
        {
            add(ShortInterval, string.Format(CultureInfo.InvariantCulture, "{0} has a shift duration of {1}; {2} needs at least {3}.", where, shown, vendor.Provider, RotationLength.Text(vendor.MinimumLength)), null);
        }
        else if (length > vendor.MaximumLength)
        {
            add(LongInterval, string.Format(CultureInfo.InvariantCulture, "{0} has a shift duration of {1}; {2} takes at most {3}.", where, shown, vendor.Provider, RotationLength.Text(vendor.MaximumLength)), null);
        }
        else if (vendor.WholeDaysOnly && length.Ticks % TimeSpan.TicksPerDay != 0)
        {
            add(NotWholeDays, string.Format(CultureInfo.InvariantCulture, "{0} has a shift duration of {1}; {2} counts shifts in whole days.", where, shown, vendor.Provider), null);
        }
    }

    private static void CheckRestrictions(RotationLayer layer, RotationCapabilities vendor, string where, Action<string, string, string?> add)
    {
        if (layer.Restrictions.Count == 0)
        {
            return;
        }

        if (!vendor.Restrictions)
        {
            add(NotSupported, string.Format(CultureInfo.InvariantCulture, "{0} applies only in weekly windows ({1}); {2} rotations apply around the clock.", where, string.Join(", ", layer.Restrictions), vendor.Provider), null);
            return;
        }

        foreach (var restriction in layer.Restrictions)
        {
            if (!WholeMinuteOfDay(restriction.StartTime) || !WholeMinuteOfDay(restriction.EndTime))
            {
                add(InvalidRestriction, string.Format(CultureInfo.InvariantCulture, "The window '{0}' of {1} is not valid: use whole-minute times of day from 00:00 to 23:59.", restriction, where.ToLowerInvariant()), null);
            }
        }

        if (vendor.Provider == OnCallProvider.VictorOps && VictorOpsMasks.FromRestrictions(layer.Restrictions) is null)
        {
            add(NotSupported, string.Format(CultureInfo.InvariantCulture, "{0}'s windows ({1}) are not at most three daily time ranges on chosen weekdays, all VictorOps' shift masks can hold.", where, string.Join(", ", layer.Restrictions)), null);
        }
    }

    private static bool WholeMinuteOfDay(TimeSpan time) =>
        time >= TimeSpan.Zero && time < TimeSpan.FromDays(1) && time.Ticks % TimeSpan.TicksPerMinute == 0;

    private static string Zone(string zone) =>
        string.Format(CultureInfo.InvariantCulture, "The time zone '{0}' is not a known IANA time zone id. Did you mean: {1}?", zone, string.Join(", ", ScheduleTimeZones.Suggest(zone)));
}
