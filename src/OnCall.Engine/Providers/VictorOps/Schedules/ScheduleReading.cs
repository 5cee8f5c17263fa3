using System.Collections.Generic;

namespace OnCall.Engine.Providers.VictorOps.Schedules;

/// <summary>What the schedule calls of one team or user returned, all chunks together.</summary>
internal sealed class ScheduleReading
{
    public List<ShiftFragment> Fragments { get; } = new();

    public List<OverrideWindow> Overrides { get; } = new();

    public void Add(ScheduleReading other)
    {
        Fragments.AddRange(other.Fragments);
        Overrides.AddRange(other.Overrides);
    }
}
