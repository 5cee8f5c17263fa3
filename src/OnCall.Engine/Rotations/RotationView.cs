using System.Collections.Generic;

namespace OnCall.Engine.Rotations;

/// <summary>A definition as Get-OnCallRotation writes it: one Rotation per layer (Datadog), schedule (ZStack) or shift (VictorOps).</summary>
internal static class RotationView
{
    /// <summary>The objects of a definition; <paramref name="team"/> is the team as a person reads it (the definition's own Team when null).</summary>
    public static IReadOnlyList<Rotation> ToRotations(RotationDefinition definition, string connection, string? team = null, IDictionary<string, object?>? raw = null)
    {
        var result = new List<Rotation>();
        foreach (var layer in definition.Layers)
        {
            var rotation = new Rotation
            {
                Provider = definition.Provider,
                Connection = connection,
                Id = layer.Id ?? definition.Id ?? string.Empty,
                Name = definition.Provider == OnCallProvider.ZStack ? definition.Name : layer.Name,
                Team = team ?? definition.Team,
                Schedule = definition.Name,
                ScheduleId = definition.Slug ?? definition.Id,
                ShiftLength = layer.ShiftLength,
                ShiftDuration = definition.Provider == OnCallProvider.ZStack ? RotationLength.ToZStack(layer) : RotationLength.Text(layer.ShiftLength),
                TimeZone = layer.TimeZone ?? definition.TimeZone,
                Start = layer.Start,
                End = layer.End,
                EffectiveDate = layer.EffectiveDate,
                Description = definition.Description,
                RotationType = layer.RotationType,
                CurrentMember = layer.CurrentMember,
                Definition = definition,
                Raw = raw,
            };
            foreach (var member in layer.Members)
            {
                rotation.Members.Add(member.IsEmpty ? DatadogRotations.EmptySlot : member.Display);
            }

            foreach (var restriction in layer.Restrictions)
            {
                rotation.Restrictions.Add(restriction);
            }

            result.Add(rotation);
        }

        return result;
    }
}
