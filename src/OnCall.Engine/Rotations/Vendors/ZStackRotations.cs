using System;
using System.Linq;
using System.Text.Json;
using OnCall.Engine.Providers.ZStack;

namespace OnCall.Engine.Rotations;

/// <summary>
/// A ZStack schedule as a rotation definition and back: UpdateOnCallSchedule's body exactly as seed 004
/// documents it (name, description, timezone, shiftDuration, members; research-9 2.2), and the body of
/// CreateOnCallSchedule and ValidateOnCallSchedule (the same plus rotationType and startDate, 2.3, 2.4).
/// </summary>
internal static class ZStackRotations
{
    public static RotationDefinition FromSchedule(ZStackSchedule schedule)
    {
        var description = schedule.Raw is { } raw && raw.TryGetValue("description", out var text) ? text as string : null;
        var definition = new RotationDefinition
        {
            Provider = OnCallProvider.ZStack,
            Id = schedule.Uuid,
            Name = schedule.Name,
            Description = description,
            TimeZone = schedule.TimeZone,
        };
        var layer = new RotationLayer
        {
            Name = schedule.Name,
            Start = schedule.StartDate ?? DateTimeOffset.MinValue,
            ShiftLength = schedule.Duration,
            ShiftDuration = schedule.ShiftDuration,
            RotationType = schedule.RotationType,
            CalendarDays = RotationLength.ZStackCalendar(schedule.RotationType, schedule.Duration),
        };
        foreach (var member in schedule.Members)
        {
            layer.Members.Add(new RotationMember { Id = member.UserId, Name = member.UserName, Display = member.UserName });
        }

        definition.Layers.Add(layer);
        return definition;
    }

    /// <summary>PUT /api/v1/oncall/schedules/{uuid}: all five fields, every time, in the seed's order.</summary>
    public static string UpdateBody(RotationDefinition definition) => RotationJson.Write(w =>
    {
        var layer = definition.Layers.Single();
        w.WriteStartObject();
        w.WriteString("name", definition.Name);
        w.WriteString("description", definition.Description ?? string.Empty);
        w.WriteString("timezone", Zone(definition));
        w.WriteString("shiftDuration", RotationLength.ToZStack(layer));
        Members(w, layer);
        w.WriteEndObject();
    });

    /// <summary>POST /api/v1/oncall/schedules, and POST .../validate (the same body).</summary>
    public static string CreateBody(RotationDefinition definition) => RotationJson.Write(w =>
    {
        var layer = definition.Layers.Single();
        w.WriteStartObject();
        w.WriteString("name", definition.Name);
        w.WriteString("description", definition.Description ?? string.Empty);
        w.WriteString("timezone", Zone(definition));
        w.WriteString("rotationType", layer.RotationType ?? RotationLength.ZStackType(layer.ShiftLength));
        w.WriteString("shiftDuration", RotationLength.ToZStack(layer));
        Members(w, layer);

        // The default when it is left out is undocumented: always sent.
        w.WriteString("startDate", RotationJson.UtcSeconds(layer.Start));
        w.WriteEndObject();
    });

    private static string Zone(RotationDefinition definition) =>
        definition.TimeZone ?? definition.Layers.Select(l => l.TimeZone).FirstOrDefault(z => z is not null) ?? "UTC";

    private static void Members(Utf8JsonWriter w, RotationLayer layer)
    {
        w.WritePropertyName("members");
        w.WriteStartArray();
        var order = 0;
        foreach (var member in layer.Members)
        {
            w.WriteStartObject();
            w.WriteString("userId", member.Id);
            w.WriteString("userName", member.Name ?? member.Display);
            w.WriteNumber("order", ++order);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
