using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using OnCall.Engine.Json;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>One layer of a Datadog schedule (vendor-apis.md B.3), members resolved to users.</summary>
internal sealed class DatadogLayer
{
    internal DatadogLayer(string id, string name, DateTimeOffset? effectiveDate, DateTimeOffset? endDate, DateTimeOffset rotationStart, long days, long seconds, string? timeZone, IReadOnlyList<DatadogUser?> members, IReadOnlyList<TimeRestriction> restrictions)
    {
        Id = id;
        Name = name;
        EffectiveDate = effectiveDate;
        EndDate = endDate;
        RotationStart = rotationStart;
        IntervalDays = days;
        IntervalSeconds = seconds;
        TimeZone = timeZone;
        Members = members;
        Restrictions = restrictions;
    }

    public string Id { get; }

    public string Name { get; }

    public DateTimeOffset? EffectiveDate { get; }

    public DateTimeOffset? EndDate { get; }

    public DateTimeOffset RotationStart { get; }

    public long IntervalDays { get; }

    public long IntervalSeconds { get; }

    public TimeSpan Interval => TimeSpan.FromDays(IntervalDays) + TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>The layer's own zone; null means the schedule's.</summary>
    public string? TimeZone { get; }

    /// <summary>In rotation order; null for an empty slot (a member without a user: nobody on call then).</summary>
    public IReadOnlyList<DatadogUser?> Members { get; }

    public IReadOnlyList<TimeRestriction> Restrictions { get; }
}

/// <summary>A Datadog On-Call schedule read from GET /api/v2/on-call/schedules/{id}?include=layers,layers.members.user.</summary>
internal sealed class DatadogSchedule
{
    private const int MaxIntervalDays = 36500;

    private DatadogSchedule(string id, string name, string timeZone, IReadOnlyList<DatadogLayer> layers, IReadOnlyList<string> teamIds, IReadOnlyList<string> teamNames, IReadOnlyDictionary<string, DatadogUser> users, IDictionary<string, object?>? raw)
    {
        Id = id;
        Name = name;
        TimeZone = timeZone;
        Layers = layers;
        TeamIds = teamIds;
        TeamNames = teamNames;
        Users = users;
        Raw = raw;
    }

    public string Id { get; }

    public string Name { get; }

    public string TimeZone { get; }

    /// <summary>In the order Datadog lists them: the last one is on top.</summary>
    public IReadOnlyList<DatadogLayer> Layers { get; }

    public IReadOnlyList<string> TeamIds { get; }

    /// <summary>Team names where the teams were included, else empty.</summary>
    public IReadOnlyList<string> TeamNames { get; }

    /// <summary>The included users by id.</summary>
    public IReadOnlyDictionary<string, DatadogUser> Users { get; }

    public IDictionary<string, object?>? Raw { get; }

    public static DatadogSchedule FromDocument(JsonElement root)
    {
        var data = root.Prop("data") ?? throw Malformed("a schedule answer without data");
        var id = data.Str("id") ?? throw Malformed("a schedule without an id");
        var included = JsonApi.Included(root);
        var users = new Dictionary<string, DatadogUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in included.Where(p => p.Key.Type == "users"))
        {
            users[pair.Key.Id] = DatadogUser.FromResource(pair.Value);
        }

        var name = data.Attr("name") ?? id;
        var zone = data.Attr("time_zone");
        zone = string.IsNullOrWhiteSpace(zone) ? "UTC" : zone;
        var layers = new List<DatadogLayer>();
        foreach (var (layerId, _) in data.Related("layers"))
        {
            if (!included.TryGetValue(("layers", layerId), out var layer))
            {
                throw Malformed(string.Format(CultureInfo.InvariantCulture, "schedule '{0}' without its layer {1} (the request must include layers,layers.members.user)", name, layerId));
            }

            layers.Add(ReadLayer(layer, included, users, name));
        }

        var teamIds = data.Related("teams").Select(t => t.Id).ToList();
        var teamNames = teamIds.Select(t => included.TryGetValue(("teams", t), out var team) ? team.Attr("name") ?? team.Attr("handle") : null).OfType<string>().ToList();
        return new DatadogSchedule(id, name, zone!, layers, teamIds, teamNames, users, RawJson.ToDictionary(root));
    }

    private static DatadogLayer ReadLayer(JsonElement layer, Dictionary<(string Type, string Id), JsonElement> included, Dictionary<string, DatadogUser> users, string scheduleName)
    {
        var attributes = layer.Attributes() ?? default;
        var layerName = attributes.Str("name") ?? layer.Str("id") ?? "layer";
        var rotationStart = attributes.Time("rotation_start") ?? attributes.Time("applied_rotation_start") ?? attributes.Time("effective_date")
            ?? throw Malformed(string.Format(CultureInfo.InvariantCulture, "layer '{0}' of '{1}' without rotation_start", layerName, scheduleName));

        // Datadog hands off at whole seconds: every recorded "who is on call" answer ends at rotation_start
        // plus k intervals with the fraction of a second dropped, not rounded (research-10 §1.2).
        rotationStart = rotationStart.AddTicks(-(rotationStart.Ticks % TimeSpan.TicksPerSecond));
        var interval = attributes.Prop("interval");
        var days = interval?.Long("days") ?? 0;
        var seconds = interval?.Long("seconds") ?? 0;

        // A century is already no rotation; beyond it the TimeSpan arithmetic would overflow.
        if (days is < 0 or > MaxIntervalDays || seconds is < 0 or > MaxIntervalDays * 86400L)
        {
            throw Malformed(string.Format(CultureInfo.InvariantCulture, "layer '{0}' of '{1}' with a rotation interval of {2} days and {3} seconds", layerName, scheduleName, days, seconds));
        }

        var members = new List<DatadogUser?>();
        foreach (var (memberId, memberType) in layer.Related("members"))
        {
            // A member slot without a user is not included at all (recorded: terraform cassette, member-2).
            DatadogUser? user = null;
            if (included.TryGetValue((string.IsNullOrEmpty(memberType) ? "members" : memberType, memberId), out var member)
                && member.Related("user").FirstOrDefault() is { Id: not null } userRef)
            {
                user = users.TryGetValue(userRef.Id, out var known) ? known : new DatadogUser(userRef.Id, null, null, null);
            }

            members.Add(user);
        }

        var restrictions = new List<TimeRestriction>();
        foreach (var r in attributes.Items("restrictions"))
        {
            restrictions.Add(TimeRestriction.FromDatadog(r.Str("start_day") ?? "monday", r.Str("start_time") ?? "00:00:00", r.Str("end_day") ?? "monday", r.Str("end_time") ?? "00:00:00"));
        }

        var layerZone = attributes.Str("time_zone");
        return new DatadogLayer(layer.Str("id") ?? string.Empty, layerName, attributes.Time("effective_date"), attributes.Time("end_date"), rotationStart, days, seconds, string.IsNullOrWhiteSpace(layerZone) ? null : layerZone, members, restrictions);
    }

    /// <summary>
    /// The schedule as the engine's definition; null when no layer has anyone in it. Members (and the
    /// overrides' users) are user ids, shown by <see cref="DatadogUser.Display"/>: shifts carry both.
    /// </summary>
    /// <remarks>
    /// The overrides' users are user ids (or, when an id is unknown, a name); <c>listed</c> are the
    /// overrides they come from, for their users' names.
    /// </remarks>
    public ScheduleDefinition? ToDefinition(string connection, IEnumerable<ScheduleOverride>? overrides = null, IEnumerable<Override>? listed = null)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var layers = new List<ScheduleLayer>();
        foreach (var layer in Layers)
        {
            if (layer.Members.Count == 0 || layer.Members.All(m => m is null))
            {
                continue;
            }

            var length = ShiftLength.FromDatadogInterval(checked((int)layer.IntervalDays), layer.IntervalSeconds);
            foreach (var member in layer.Members.OfType<DatadogUser>())
            {
                names[member.Id] = member.Display;
            }

            var rotation = new ShiftRotation(layer.RotationStart, length, layer.Members.Select(m => m is null || string.IsNullOrEmpty(m.Id) ? ShiftRotation.EmptySlot : m.Id), layer.TimeZone ?? TimeZone, null, layer.Name);

            // An effective date after the end date would be refused by the engine; such a layer never applies.
            if (layer.EffectiveDate is { } from && layer.EndDate is { } to && to <= from)
            {
                continue;
            }

            layers.Add(new ScheduleLayer(layer.Name, rotation, layer.Restrictions, layer.EffectiveDate, layer.EndDate));
        }

        if (layers.Count == 0)
        {
            return null;
        }

        foreach (var o in listed ?? Enumerable.Empty<Override>())
        {
            if (o.UserId is { } id && o.User is { } name)
            {
                names[id] = name;
            }
        }

        return new ScheduleDefinition(TimeZone, layers, overrides)
        {
            UserNames = names,
            Provider = OnCallProvider.Datadog,
            Connection = connection,
            Team = TeamNames.Count > 0 ? string.Join(", ", TeamNames) : null,
            Schedule = Name,
            ScheduleId = Id,
        };
    }

    private static OnCallException Malformed(string what) =>
        new(OnCallErrorKind.InvalidData, "MalformedResponse", "Datadog returned " + what + ".", OnCallProvider.Datadog);
}
