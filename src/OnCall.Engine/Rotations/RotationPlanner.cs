using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Providers;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>
/// New, Set, Remove, Test and Copy of rotations, the same for every vendor: the input is checked before any
/// request, the definition is read whole, changed, checked again and compared field by field; the vendor
/// client (<see cref="IRotationWriter"/>) only reads, finds people and sends.
/// </summary>
public static class RotationPlanner
{
    public const string MissingField = "MissingField";
    public const string ChangeNotSupported = "ChangeNotSupported";
    public const string FixedAfterCreate = "FixedAfterCreate";
    public const string RemoveNotSupported = "RemoveNotSupported";
    public const string NameTheLayer = "NameTheLayer";
    public const string RotationNotFound = "RotationNotFound";
    public const string UnmappedMember = "UnmappedMember";
    public const string CannotCarry = "CannotCarry";
    public const string ValidationFailed = "ValidationFailed";

    private const int CopyActivity = 9;

    // The words a message uses for each field a new rotation needs.
    private static readonly Dictionary<string, string> FieldWords = new(StringComparer.Ordinal)
    {
        [nameof(RotationEdits.Name)] = "name",
        [nameof(RotationEdits.Members)] = "members",
        [nameof(RotationEdits.ShiftDuration)] = "shift duration",
        [nameof(RotationEdits.Start)] = "start (the first hand-off)",
        [nameof(RotationEdits.TimeZone)] = "time zone",
    };

    /// <summary>
    /// What can be told from the edits alone, before any request: a shift duration that is zero, negative or no
    /// duration, an unknown zone, members given empty or twice, an end before the start.
    /// </summary>
    public static void CheckInput(RotationEdits edits, object? target)
    {
        CheckText(edits);
        if (edits.Members is { } members)
        {
            if (members.Count == 0 || members.All(RotationEdits.IsEmptySlot))
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, RotationCheck.EmptyLayer, "The members name nobody: a rotation needs at least one person. Nothing was sent.", null, target);
            }

            var repeated = members.Where(m => !RotationEdits.IsEmptySlot(m)).GroupBy(m => m.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, RotationCheck.DuplicateMember, string.Format(CultureInfo.InvariantCulture, "The members list '{0}' {1} times: each person takes one turn per round. Nothing was sent.", repeated.Key, repeated.Count()), null, target);
            }
        }

        var from = edits.EffectiveDate ?? edits.Start;
        if (edits.End is { } end && from is { } start && end <= start)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, ScheduleErrors.InvalidWindow, string.Format(CultureInfo.InvariantCulture, "The rotation would end ({0}) before it starts ({1}). Nothing was sent.", ScheduleErrors.Format(end), ScheduleErrors.Format(start)), null, target);
        }
    }

    /// <summary>Text that is no duration or no zone: what even Test-OnCallRotation cannot look at.</summary>
    public static void CheckText(RotationEdits edits)
    {
        if (edits.ShiftDuration is not null)
        {
            _ = RotationLength.Parse(edits.ShiftDuration);
        }

        if (edits.TimeZone is not null)
        {
            _ = ScheduleTimeZones.Normalize(edits.TimeZone);
        }
    }

    /// <summary>The layer an address names in a definition; -1 when it names the definition as a whole.</summary>
    public static int Locate(RotationDefinition definition, RotationAddress address)
    {
        var id = address.Id.Trim();
        var byId = IndexOf(definition, l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));
        if (byId >= 0)
        {
            return byId;
        }

        if (string.Equals(definition.Id, id, StringComparison.OrdinalIgnoreCase) || string.Equals(definition.Slug, id, StringComparison.OrdinalIgnoreCase)
            || string.Equals(definition.Name, id, StringComparison.OrdinalIgnoreCase) || definition.Provider == OnCallProvider.ZStack)
        {
            return definition.Layers.Count == 1 ? 0 : -1;
        }

        var byName = definition.Layers.Where(l => string.Equals(l.Name, id, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 1)
        {
            return definition.Layers.IndexOf(byName[0]);
        }

        throw new OnCallException(OnCallErrorKind.NotFound, RotationNotFound, string.Format(CultureInfo.InvariantCulture, "{0} rotation '{1}' has no layer or shift '{2}'.", definition.Provider, definition.Name, id), definition.Provider, id);
    }

    /// <summary>
    /// A Set: the edits that change something (against the definition the object piped in came from, else the
    /// vendor's), refused before anything is sent when the vendor cannot make them, then applied to the
    /// definition as the vendor has it now. A plan that changes nothing was read only from the snapshot: no
    /// request at all.
    /// </summary>
    public static async Task<RotationPlan> PlanSetAsync(IRotationWriter writer, RotationAddress address, RotationDefinition? snapshot, RotationEdits edits, IOperationSink sink, CancellationToken cancellationToken)
    {
        var vendor = writer.Capabilities;
        var basis = snapshot?.Provider == vendor.Provider ? snapshot.Clone() : await writer.GetDefinitionAsync(address, sink, cancellationToken).ConfigureAwait(false);
        var index = Locate(basis, address);
        var changed = edits.ChangedFrom(basis, index);
        if (changed.IsEmpty)
        {
            sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Nothing to change in {0}: nothing was sent.", Describe(basis, index)));
            return new RotationPlan(basis, basis, index, Array.Empty<RotationChange>());
        }

        CheckChangeable(vendor, basis, index, changed, address.Id);

        // What the change breaks is seen on the definition piped in, before the fresh read: members aside, which need the vendor.
        var preview = basis.Clone();
        var withoutMembers = changed.ChangedFrom(basis, index);
        withoutMembers.Members = null;
        withoutMembers.ApplyTo(preview, index, null);
        RotationCheck.ThrowIfInvalid(preview, vendor, address.Id);

        var current = snapshot is null ? basis : await writer.GetDefinitionAsync(address, sink, cancellationToken).ConfigureAwait(false);
        index = Locate(current, address);
        var desired = current.Clone();
        var members = changed.Members is null ? null : await ResolveMembersAsync(writer, changed.Members, new[] { current, basis }, address.Id, sink, cancellationToken).ConfigureAwait(false);
        changed.ApplyTo(desired, index, members);
        RotationCheck.ThrowIfInvalid(desired, vendor, address.Id);
        return new RotationPlan(current, desired, index, RotationDiff.Compare(current, desired));
    }

    /// <summary>A New: the definition the edits describe, checked, with its members and owners found on the vendor.</summary>
    public static async Task<RotationDefinition> PlanNewAsync(IRotationWriter writer, RotationEdits edits, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        CheckTeams(writer.Capabilities, teams, edits.Name);
        var definition = Build(writer.Capabilities, edits);

        // The rules that need no vendor first, with the members as typed: bad input is refused before any request.
        RotationCheck.ThrowIfInvalid(definition, writer.Capabilities, edits.Name);
        var members = await ResolveMembersAsync(writer, edits.Members!, Array.Empty<RotationDefinition>(), edits.Name, sink, cancellationToken).ConfigureAwait(false);
        definition.Layers[0].Members.Clear();
        foreach (var member in members)
        {
            definition.Layers[0].Members.Add(member);
        }

        await writer.SetTeamsAsync(definition, teams, sink, cancellationToken).ConfigureAwait(false);
        RotationCheck.ThrowIfInvalid(definition, writer.Capabilities, edits.Name);
        return definition;
    }

    /// <summary>The fields (by their <see cref="RotationEdits"/> names) a new rotation needs that the edits leave out.</summary>
    public static IReadOnlyList<string> MissingFields(RotationEdits edits)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(edits.Name))
        {
            missing.Add(nameof(RotationEdits.Name));
        }

        if (edits.Members is null)
        {
            missing.Add(nameof(RotationEdits.Members));
        }

        if (edits.ShiftDuration is null)
        {
            missing.Add(nameof(RotationEdits.ShiftDuration));
        }

        if (edits.Start is null)
        {
            missing.Add(nameof(RotationEdits.Start));
        }

        if (edits.TimeZone is null)
        {
            missing.Add(nameof(RotationEdits.TimeZone));
        }

        return missing;
    }

    /// <summary>The definition edits describe, members as typed (not yet found on the vendor).</summary>
    public static RotationDefinition Build(RotationCapabilities vendor, RotationEdits edits, bool checkInput = true)
    {
        var missing = MissingFields(edits);
        if (missing.Count > 0)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, MissingField, "A new rotation is missing its " + string.Join(", ", missing.Select(f => FieldWords[f])) + ". Nothing was sent.", null, edits.Name);
        }

        if (checkInput)
        {
            CheckInput(edits, edits.Name);
        }

        var zone = ScheduleTimeZones.Normalize(edits.TimeZone);
        var length = RotationLength.Parse(edits.ShiftDuration);
        var definition = new RotationDefinition
        {
            Provider = vendor.Provider,
            Name = edits.Schedule ?? edits.Name!,
            Description = edits.Description,
            TimeZone = vendor.Provider == OnCallProvider.VictorOps ? null : zone,
        };
        var layer = new RotationLayer
        {
            Name = vendor.Provider == OnCallProvider.ZStack ? definition.Name : edits.Name!,
            TimeZone = vendor.Provider == OnCallProvider.VictorOps ? zone : null,
            Start = edits.Start!.Value,
            EffectiveDate = vendor.EffectiveDate ? edits.EffectiveDate ?? edits.Start : edits.EffectiveDate,
            End = edits.End,
            ShiftLength = length,
        };
        foreach (var restriction in edits.Restrictions ?? Array.Empty<RotationRestriction>())
        {
            layer.Restrictions.Add(restriction);
        }

        switch (vendor.Provider)
        {
            case OnCallProvider.Datadog:
                layer.CalendarDays = length.Ticks % TimeSpan.TicksPerDay == 0;
                break;
            case OnCallProvider.ZStack:
                layer.RotationType = edits.RotationType?.Trim().ToLowerInvariant() ?? RotationLength.ZStackType(length);
                layer.CalendarDays = RotationLength.ZStackCalendar(layer.RotationType, length);
                layer.ShiftDuration = edits.ShiftDuration!.Trim();
                break;
            default:
                layer.CalendarDays = true;
                layer.RotationType = edits.RotationType ?? (layer.Restrictions.Count == 0 ? "std" : "pho");
                break;
        }

        foreach (var text in edits.Members!)
        {
            layer.Members.Add(RotationEdits.IsEmptySlot(text) ? new RotationMember { Display = text } : Typed(text));
        }

        definition.Layers.Add(layer);
        return definition;
    }

    /// <summary>
    /// Test-OnCallRotation: a rotation as it is (or as the edits would make it), or a new one the edits describe
    /// when <paramref name="address"/> is null, through the module's rules, whether every member exists on the
    /// vendor, then the vendor's own check where it has one. Problems are answers here, not errors.
    /// </summary>
    public static async Task<RotationValidation> TestAsync(IRotationWriter writer, RotationAddress? address, RotationDefinition? snapshot, RotationEdits edits, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            var built = Build(writer.Capabilities, edits, checkInput: false);
            return await ValidateAsync(writer, built, edits.Members, 0, sink, cancellationToken).ConfigureAwait(false);
        }

        var definition = snapshot?.Provider == writer.Capabilities.Provider ? snapshot.Clone() : await writer.GetDefinitionAsync(address, sink, cancellationToken).ConfigureAwait(false);
        var index = Locate(definition, address);
        var changed = edits.ChangedFrom(definition, index);
        var members = changed.Members;
        changed.Members = null;
        changed.ApplyTo(definition, index, null);
        return await ValidateAsync(writer, definition, members, Math.Max(0, index), sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checks of <see cref="TestAsync"/> on a definition; <paramref name="typedMembers"/>, when given, replace layer <paramref name="layer"/>'s members.</summary>
    public static async Task<RotationValidation> ValidateAsync(IRotationWriter writer, RotationDefinition definition, IReadOnlyList<string>? typedMembers, int layer, IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new RotationValidation { Provider = definition.Provider, Name = definition.Name, Id = definition.Id };
        if (typedMembers is not null && layer < definition.Layers.Count)
        {
            var (found, unknown) = await FindAsync(writer, typedMembers, new[] { definition }, sink, cancellationToken).ConfigureAwait(false);
            foreach (var name in unknown)
            {
                result.Conflicts.Add(new RotationConflict { Type = RotationCheck.UnknownMember, User = name, Details = string.Format(CultureInfo.InvariantCulture, "{0} knows no person '{1}'.", definition.Provider, name) });
            }

            if (unknown.Count == 0)
            {
                definition.Layers[layer].Members.Clear();
                foreach (var member in found)
                {
                    definition.Layers[layer].Members.Add(member);
                }
            }
        }

        foreach (var problem in RotationCheck.Problems(definition, writer.Capabilities))
        {
            result.Conflicts.Add(problem);
        }

        if (result.Conflicts.Count == 0 && await writer.ValidateAsync(definition, sink, cancellationToken).ConfigureAwait(false) is { } vendor)
        {
            foreach (var conflict in vendor.Conflicts)
            {
                result.Conflicts.Add(conflict);
            }

            foreach (var suggestion in vendor.Suggestions)
            {
                result.Suggestions.Add(suggestion);
            }
        }

        return result;
    }

    /// <summary>
    /// A Remove: the definition as the vendor has it, and the layer to take out of it (null: all of it). A vendor
    /// without a delete is refused before any request.
    /// </summary>
    public static async Task<(RotationDefinition Current, RotationLayer? Layer)> PlanRemoveAsync(IRotationWriter writer, RotationAddress address, IOperationSink sink, CancellationToken cancellationToken)
    {
        var vendor = writer.Capabilities;
        if (!vendor.CanRemove)
        {
            throw new OnCallException(
                OnCallErrorKind.NotSupported,
                RemoveNotSupported,
                string.Format(CultureInfo.InvariantCulture, "{0} has no call that deletes an on-call schedule, so '{1}' was not removed and nothing was sent.", vendor.Provider, address.Id),
                vendor.Provider,
                address.Id);
        }

        var current = await writer.GetDefinitionAsync(address, sink, cancellationToken).ConfigureAwait(false);
        var index = Locate(current, address);

        // A Datadog layer goes on its own while others stay; VictorOps deletes whole groups only.
        var layer = vendor.LayerPrecedence && index >= 0 && current.Layers.Count > 1 ? current.Layers[index] : null;
        return (current, layer);
    }

    /// <summary>
    /// A Copy, worked out before anything is created: the source read whole and lined up with who holds each
    /// shift now, every member mapped (an error naming every unmapped person), the destination's definition,
    /// what cannot be carried, and the hand-offs predicted to differ over the verify window.
    /// </summary>
    public static async Task<RotationCopyPlan> PlanCopyAsync(IRotationWriter source, IRotationWriter destination, RotationAddress address, RotationDefinition? snapshot, RotationCopyOptions options, IOperationSink sink, CancellationToken cancellationToken)
    {
        CheckTeams(destination.Capabilities, options.Teams, address.Id);
        sink.WriteProgress(new OperationProgress(CopyActivity, "Copying a rotation", "Reading the source") { PercentComplete = 0 });
        var read = snapshot?.Provider == source.Capabilities.Provider ? snapshot.Clone() : await source.GetDefinitionAsync(address, sink, cancellationToken).ConfigureAwait(false);
        var from = options.VerifyStart;
        var to = from.AddDays(options.VerifyDays);
        var aligned = RotationCarryOver.AlignToCurrent(read, from);
        sink.WriteProgress(new OperationProgress(CopyActivity, "Copying a rotation", "Finding the members on the destination") { PercentComplete = 25 });
        var mapping = await MapMembersAsync(aligned, destination, options.MemberMap, sink, cancellationToken).ConfigureAwait(false);
        var carry = RotationCarryOver.Translate(aligned, destination.Capabilities, options.Name, mapping, from, to);
        await destination.SetTeamsAsync(carry.Definition, options.Teams, sink, cancellationToken).ConfigureAwait(false);
        RotationCheck.ThrowIfInvalid(carry.Definition, destination.Capabilities, aligned.Name);

        var plan = new RotationCopyPlan(aligned, carry, mapping, from, to);
        plan.Predicted = plan.Compare(carry.Definition);
        sink.WriteProgress(new OperationProgress(CopyActivity, "Copying a rotation", "Planned") { PercentComplete = 50 });
        return plan;
    }

    /// <summary>Creates the copy, reads it back, and compares its hand-offs with the source's.</summary>
    public static async Task<RotationCopy> CopyAsync(RotationCopyPlan plan, IRotationWriter destination, string sourceConnection, string destinationConnection, IOperationSink sink, CancellationToken cancellationToken)
    {
        sink.WriteProgress(new OperationProgress(CopyActivity, "Copying a rotation", "Creating the copy") { PercentComplete = 60 });
        var created = await destination.CreateAsync(plan.CarryOver.Definition, sink, cancellationToken).ConfigureAwait(false);
        sink.WriteProgress(new OperationProgress(CopyActivity, "Copying a rotation", "Comparing the hand-offs") { PercentComplete = 90 });
        var result = plan.Result(sourceConnection, destinationConnection, created: true);
        result.Definition = created;
        foreach (var rotation in destination.ToRotations(created))
        {
            result.Rotations.Add(rotation);
        }

        foreach (var difference in plan.Compare(created))
        {
            result.Differences.Add(difference);
        }

        sink.WriteProgress(CopyDone());
        return result;
    }

    /// <summary>The copy's progress taken down: at its end, or where the command stops after planning (-WhatIf, a refusal, a failure).</summary>
    public static OperationProgress CopyDone() => new(CopyActivity, "Copying a rotation", "Done") { Completed = true };

    /// <summary>Members found on the vendor for the texts given: known ones first, then the vendor; an error naming every unknown one.</summary>
    public static async Task<IReadOnlyList<RotationMember>> ResolveMembersAsync(IRotationWriter writer, IReadOnlyList<string> texts, IEnumerable<RotationDefinition> known, object? target, IOperationSink sink, CancellationToken cancellationToken)
    {
        var (found, unknown) = await FindAsync(writer, texts, known, sink, cancellationToken).ConfigureAwait(false);
        if (unknown.Count > 0)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                RotationCheck.UnknownMember,
                string.Format(CultureInfo.InvariantCulture, "{0} knows no {1} {2}; nothing was sent.", writer.Capabilities.Provider, unknown.Count == 1 ? "person" : "people", string.Join(", ", unknown.Select(u => "'" + u + "'"))),
                writer.Capabilities.Provider,
                target);
        }

        return found;
    }

    /// <summary>"rotation 'Weekly' of schedule 'Platform Primary'", or "schedule 'Platform On-Call'".</summary>
    public static string Describe(RotationDefinition definition, int layerIndex)
    {
        var container = definition.Provider switch
        {
            OnCallProvider.Datadog => "schedule",
            OnCallProvider.VictorOps => "rotation group",
            _ => "rotation",
        };
        return layerIndex < 0 || definition.Provider == OnCallProvider.ZStack || definition.Layers.Count == 0
            ? string.Format(CultureInfo.InvariantCulture, "{0} '{1}'", container, definition.Name)
            : string.Format(CultureInfo.InvariantCulture, "{0} '{1}' of {2} '{3}'", definition.Provider == OnCallProvider.VictorOps ? "shift" : "layer", definition.Layers[layerIndex].Name, container, definition.Name);
    }

    /// <summary>The whole definition, a line per layer, as -WhatIf shows what would be created.</summary>
    public static string Show(RotationDefinition definition)
    {
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"\n  Name: {definition.Name}"));
        if (definition.TimeZone is not null)
        {
            text.Append(FormattableString.Invariant($"; TimeZone: {definition.TimeZone}"));
        }

        if (!string.IsNullOrEmpty(definition.Description))
        {
            text.Append(FormattableString.Invariant($"; Description: {definition.Description}"));
        }

        if (definition.TeamIds.Count > 0 || (definition.Provider == OnCallProvider.VictorOps && definition.Team is not null))
        {
            text.Append(FormattableString.Invariant($"; Team: {(definition.TeamIds.Count > 0 ? string.Join(", ", definition.TeamIds) : definition.Team)}"));
        }

        foreach (var layer in definition.Layers)
        {
            text.Append(FormattableString.Invariant($"\n  {(definition.Provider == OnCallProvider.ZStack ? "Rotation" : "Layer '" + layer.Name + "'")}: every {RotationLength.Text(layer.ShiftLength)}{(layer.CalendarDays ? " (calendar days)" : string.Empty)} from {RotationDiff.Time(layer.Start)}"));
            if (layer.TimeZone is not null)
            {
                text.Append(FormattableString.Invariant($" in {layer.TimeZone}"));
            }

            if (layer.RotationType is not null)
            {
                text.Append(FormattableString.Invariant($", type {layer.RotationType}"));
            }

            if (layer.EffectiveDate is { } effective && effective != layer.Start)
            {
                text.Append(FormattableString.Invariant($", effective {RotationDiff.Time(effective)}"));
            }

            if (layer.End is { } end)
            {
                text.Append(FormattableString.Invariant($", until {RotationDiff.Time(end)}"));
            }

            if (layer.Restrictions.Count > 0)
            {
                text.Append(FormattableString.Invariant($", only {string.Join(", ", layer.Restrictions)}"));
            }

            text.Append(FormattableString.Invariant($"; members {RotationDiff.Members(layer.Members)}"));
        }

        return text.ToString();
    }

    /// <summary>Owners a vendor cannot take, or the one team it needs and was not given: refused before any request.</summary>
    private static void CheckTeams(RotationCapabilities vendor, IReadOnlyList<string> teams, object? target)
    {
        if (vendor.OneTeam && teams.Count != 1)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "TeamRequired", string.Format(CultureInfo.InvariantCulture, "A {0} rotation belongs to exactly one team, and {1} named. Nothing was sent.", vendor.Provider, teams.Count == 0 ? "none was" : teams.Count.ToString(CultureInfo.InvariantCulture) + " were"), vendor.Provider, target);
        }

        if (!vendor.Teams && !vendor.OneTeam && teams.Count > 0)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "NoTeams", string.Format(CultureInfo.InvariantCulture, "{0} rotations have no owning teams, so a team cannot be named. Nothing was sent.", vendor.Provider), vendor.Provider, target);
        }
    }

    private static void CheckChangeable(RotationCapabilities vendor, RotationDefinition basis, int index, RotationEdits changed, string target)
    {
        var given = changed.Given;
        if (index < 0)
        {
            var layerFields = given.Where(f => f is not (RotationFields.Schedule or RotationFields.Description or RotationFields.TimeZone)).ToList();
            if (layerFields.Count > 0)
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, NameTheLayer, string.Format(CultureInfo.InvariantCulture, "{0} has {1} layers; {2} belong to one of them, and none was named by its layer id. Nothing was sent.", Describe(basis, -1), basis.Layers.Count, string.Join(", ", layerFields)), vendor.Provider, target);
            }
        }

        var fixedFields = given.Where(vendor.FixedAfterCreate.Contains).ToList();
        if (fixedFields.Count > 0)
        {
            var layer = basis.Layers[Math.Max(0, index)];
            var shown = fixedFields.Select(f => f == RotationFields.Start
                ? string.Format(CultureInfo.InvariantCulture, "Start {0} -> {1}", RotationDiff.Time(layer.Start), RotationDiff.Time(changed.Start))
                : string.Format(CultureInfo.InvariantCulture, "RotationType {0} -> {1}", layer.RotationType ?? "(none)", changed.RotationType));
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                FixedAfterCreate,
                string.Format(CultureInfo.InvariantCulture, "{0} keeps the rotation type and the start date of a schedule as created (its update has no such fields), so {1} cannot be sent; nothing was sent.", vendor.Provider, string.Join(" and ", shown)),
                vendor.Provider,
                target);
        }

        var refused = given.Where(f => !vendor.Settable.Contains(f)).ToList();
        if (refused.Count > 0)
        {
            var only = string.Join(", ", vendor.Settable);
            throw new OnCallException(
                OnCallErrorKind.NotSupported,
                ChangeNotSupported,
                string.Format(CultureInfo.InvariantCulture, "{0}'s API cannot change {1} of {2} (it can change: {3}); nothing was sent.", vendor.Provider, string.Join(", ", refused), Describe(basis, index), only.Length == 0 ? "nothing" : only),
                vendor.Provider,
                target);
        }
    }

    private static async Task<Dictionary<string, RotationMember>> MapMembersAsync(RotationDefinition source, IRotationWriter destination, IDictionary<string, string>? memberMap, IOperationSink sink, CancellationToken cancellationToken)
    {
        var people = source.Layers.SelectMany(l => l.Members).Where(m => !m.IsEmpty).GroupBy(m => m.Id!, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        var sameVendor = source.Provider == destination.Capabilities.Provider;
        var hints = new List<RotationMember>();
        foreach (var person in people)
        {
            var mapped = memberMap?.FirstOrDefault(pair => person.IsNamed(pair.Key)).Value;
            hints.Add(mapped is not null
                ? Typed(mapped)
                : new RotationMember { Id = sameVendor ? person.Id : null, Email = person.Email, Name = person.Name, Display = person.Display });
        }

        var found = hints.Count == 0 ? Array.Empty<RotationMember?>() : await destination.FindMembersAsync(hints, sink, cancellationToken).ConfigureAwait(false);
        var unmapped = people.Where((p, i) => found[i] is null).ToList();
        if (unmapped.Count > 0)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                UnmappedMember,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} has no {1} for {2} of '{3}'; nothing was created.",
                    destination.Capabilities.Provider,
                    unmapped.Count == 1 ? "match" : "matches",
                    string.Join(", ", unmapped.Select(p => "'" + p.Display + "'" + (p.Email is null || p.Email == p.Display ? string.Empty : " (" + p.Email + ")"))),
                    source.Name),
                destination.Capabilities.Provider,
                source.Name);
        }

        var result = new Dictionary<string, RotationMember>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < people.Count; i++)
        {
            result[people[i].Id!] = found[i]!;
        }

        return result;
    }

    private static async Task<(List<RotationMember> Found, List<string> Unknown)> FindAsync(IRotationWriter writer, IReadOnlyList<string> texts, IEnumerable<RotationDefinition> known, IOperationSink sink, CancellationToken cancellationToken)
    {
        var knownMembers = known.SelectMany(d => d.Layers).SelectMany(l => l.Members).Where(m => !m.IsEmpty).ToList();
        var result = new RotationMember?[texts.Count];
        var pending = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i].Trim();
            if (RotationEdits.IsEmptySlot(text))
            {
                result[i] = new RotationMember { Display = DatadogRotations.EmptySlot };
            }
            else if (knownMembers.FirstOrDefault(m => m.IsNamed(text)) is { } member)
            {
                result[i] = member.Clone();
            }
            else
            {
                pending.Add(i);
            }
        }

        var unknown = new List<string>();
        if (pending.Count > 0)
        {
            var found = await writer.FindMembersAsync(pending.Select(i => Typed(texts[i])).ToList(), sink, cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < pending.Count; j++)
            {
                if (found[j] is { } member)
                {
                    result[pending[j]] = member;
                }
                else
                {
                    unknown.Add(texts[pending[j]].Trim());
                }
            }
        }

        return (result.Where(m => m is not null).Select(m => m!).ToList(), unknown);
    }

    /// <summary>A person as typed: the text may be an id, an e-mail, a name, or (ZStack) 'userId=User Name'.</summary>
    private static RotationMember Typed(string text)
    {
        var value = text.Trim();
        var equals = value.IndexOf('=');
        if (equals > 0 && equals < value.Length - 1)
        {
            var id = value.Substring(0, equals).Trim();
            var name = value.Substring(equals + 1).Trim();
            return new RotationMember { Id = id, Name = name, Display = name };
        }

        return new RotationMember { Id = value, Name = value, Email = value.IndexOf('@') > 0 ? value : null, Display = value };
    }

    private static int IndexOf(RotationDefinition definition, Func<RotationLayer, bool> match)
    {
        for (var i = 0; i < definition.Layers.Count; i++)
        {
            if (match(definition.Layers[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
