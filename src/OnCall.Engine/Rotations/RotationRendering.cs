using System;
using System.Collections.Generic;
using System.Linq;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>
/// A definition as the schedule engine's <see cref="ScheduleDefinition"/>, so a copy can be rendered next to
/// its source and every hand-off compared (<see cref="HandoffComparison"/>). People are named by a key the
/// caller chooses, so both sides of a copy speak of the same person by the same name.
/// </summary>
internal static class RotationRendering
{
    /// <summary>The schedule, or null when no layer has anyone in it. Empty slots render as nobody on call.</summary>
    public static ScheduleDefinition? ToSchedule(RotationDefinition definition, Func<RotationMember, string> key)
    {
        var zone = definition.TimeZone ?? definition.Layers.Select(l => l.TimeZone).FirstOrDefault(z => z is not null) ?? "UTC";
        var layers = new List<ScheduleLayer>();
        foreach (var layer in definition.Layers)
        {
            if (layer.Members.All(m => m.IsEmpty) || layer.ShiftLength <= TimeSpan.Zero
                || (layer.End is { } end && end <= (layer.EffectiveDate ?? layer.Start)))
            {
                continue;
            }

            var rotation = new ShiftRotation(
                layer.Start,
                RotationLength.ToEngine(layer),
                layer.Members.Select(m => m.IsEmpty ? ShiftRotation.EmptySlot : key(m)),
                layer.TimeZone ?? zone,
                null,
                layer.Name);
            var restrictions = layer.Restrictions.Select(r => new TimeRestriction(r.StartDay, r.StartTime, r.EndDay, r.EndTime));
            layers.Add(new ScheduleLayer(layer.Name, rotation, restrictions, layer.EffectiveDate, layer.End));
        }

        return layers.Count == 0 ? null : new ScheduleDefinition(zone, layers) { Provider = definition.Provider, Schedule = definition.Name, ScheduleId = definition.Id };
    }
}
