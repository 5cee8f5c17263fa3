using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>
/// A Datadog schedule as a rotation definition and back: the POST and PUT bodies of /api/v2/on-call/schedules
/// (research-9 1.2, 1.3). Keys are written in the order Datadog's own clients send them (alphabetical), so
/// the recorded requests can be compared byte for byte.
/// </summary>
internal static class DatadogRotations
{
    /// <summary>Member slots without a user: shown as this, sent as {}.</summary>
    public const string EmptySlot = "(nobody)";

    public static RotationDefinition FromSchedule(DatadogSchedule schedule)
    {
        var definition = new RotationDefinition
        {
            Provider = OnCallProvider.Datadog,
            Id = schedule.Id,
            Name = schedule.Name,
            TimeZone = schedule.TimeZone,
            Team = schedule.TeamNames.Count > 0 ? string.Join(", ", schedule.TeamNames) : null,
        };
        foreach (var team in schedule.TeamIds)
        {
            definition.TeamIds.Add(team);
        }

        foreach (var read in schedule.Layers)
        {
            var layer = new RotationLayer
            {
                Id = read.Id,
                Name = read.Name,
                TimeZone = read.TimeZone,
                Start = read.RotationStart,
                EffectiveDate = read.EffectiveDate,
                End = read.EndDate,
            };
            RotationLength.FromDatadog(layer, read.IntervalDays, read.IntervalSeconds);
            foreach (var user in read.Members)
            {
                layer.Members.Add(user is null
                    ? new RotationMember { Display = EmptySlot }
                    : new RotationMember { Id = user.Id, Name = user.Name, Email = user.Email, Display = user.Display });
            }

            foreach (var restriction in read.Restrictions)
            {
                layer.Restrictions.Add(new RotationRestriction(restriction.StartDay, restriction.StartTime, restriction.EndDay, restriction.EndTime));
            }

            definition.Layers.Add(layer);
        }

        return definition;
    }

    /// <summary>The POST body (no ids).</summary>
    public static string CreateBody(RotationDefinition definition) => Body(definition, update: false);

    /// <summary>The PUT body: the schedule's id and every layer's id, so Datadog keeps them (it matches layers by id).</summary>
    public static string UpdateBody(RotationDefinition definition) => Body(definition, update: true);

    private static string Body(RotationDefinition definition, bool update) => RotationJson.Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("data");
        w.WriteStartObject();
        w.WritePropertyName("attributes");
        w.WriteStartObject();
        w.WritePropertyName("layers");
        w.WriteStartArray();
        foreach (var layer in definition.Layers)
        {
            Layer(w, layer, update);
        }

        w.WriteEndArray();
        w.WriteString("name", definition.Name);
        w.WriteString("time_zone", definition.TimeZone ?? definition.Layers.Select(l => l.TimeZone).FirstOrDefault(z => z is not null) ?? "UTC");
        w.WriteEndObject();
        if (update && definition.Id is not null)
        {
            w.WriteString("id", definition.Id);
        }

        // An empty team list is left out: that leaves a schedule without teams as it is (recorded); the
        // effect of leaving it out on a schedule with teams is unconfirmed, so their ids are always sent.
        if (definition.TeamIds.Count > 0)
        {
            w.WritePropertyName("relationships");
            w.WriteStartObject();
            w.WritePropertyName("teams");
            w.WriteStartObject();
            w.WritePropertyName("data");
            w.WriteStartArray();
            foreach (var team in definition.TeamIds)
            {
                w.WriteStartObject();
                w.WriteString("id", team);
                w.WriteString("type", "teams");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteString("type", "schedules");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void Layer(Utf8JsonWriter w, RotationLayer layer, bool update)
    {
        w.WriteStartObject();
        w.WriteString("effective_date", RotationJson.Utc(layer.EffectiveDate ?? layer.Start));
        if (layer.End is { } end)
        {
            w.WriteString("end_date", RotationJson.Utc(end));
        }

        if (update && layer.Id is not null)
        {
            w.WriteString("id", layer.Id);
        }

        var (days, seconds) = RotationLength.ToDatadog(layer);
        w.WritePropertyName("interval");
        w.WriteStartObject();
        if (days != 0)
        {
            w.WriteNumber("days", days);
        }

        if (seconds != 0)
        {
            w.WriteNumber("seconds", seconds);
        }

        w.WriteEndObject();
        w.WritePropertyName("members");
        w.WriteStartArray();
        foreach (var member in layer.Members)
        {
            // An empty slot is {} (recorded: the terraform cassettes), not a member with a null user.
            w.WriteStartObject();
            if (!member.IsEmpty)
            {
                w.WritePropertyName("user");
                w.WriteStartObject();
                w.WriteString("id", member.Id);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("name", layer.Name);
        w.WritePropertyName("restrictions");
        w.WriteStartArray();
        foreach (var r in layer.Restrictions)
        {
            w.WriteStartObject();
            w.WriteString("end_day", TimeRestriction.ToDatadogDay(r.EndDay));
            w.WriteString("end_time", Clock(r.EndTime));
            w.WriteString("start_day", TimeRestriction.ToDatadogDay(r.StartDay));
            w.WriteString("start_time", Clock(r.StartTime));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("rotation_start", RotationJson.Utc(layer.Start));
        if (layer.TimeZone is not null)
        {
            w.WriteString("time_zone", layer.TimeZone);
        }

        w.WriteEndObject();
    }

    private static string Clock(TimeSpan time) => time.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture);
}
