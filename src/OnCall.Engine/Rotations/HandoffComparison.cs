using System;
using System.Collections.Generic;
using System.Linq;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>
/// Renders two schedules over one window and lists every hand-off that differs: a moment where one side hands
/// over and the other does not, or hands over to someone else. Who is on call as the window opens counts as a
/// hand-off at its start.
/// </summary>
internal static class HandoffComparison
{
    public const string Nobody = "(nobody)";
    public const string NoHandoff = "(no hand-off)";

    public static IReadOnlyList<HandoffDifference> Compare(ScheduleDefinition? source, ScheduleDefinition? copy, DateTimeOffset from, DateTimeOffset to)
    {
        var a = Handoffs(source, from, to);
        var b = Handoffs(copy, from, to);
        var result = new List<HandoffDifference>();
        foreach (var at in a.Keys.Union(b.Keys).OrderBy(k => k))
        {
            var left = a.TryGetValue(at, out var l) ? l.User : NoHandoff;
            var right = b.TryGetValue(at, out var r) ? r.User : NoHandoff;
            if (!string.Equals(left, right, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(new HandoffDifference { At = a.TryGetValue(at, out var shown) ? shown.At : b[at].At, Source = left, Copy = right });
            }
        }

        return result;
    }

    /// <summary>The hand-offs of a schedule in [from, to): instant (UTC ticks) to who takes over.</summary>
    public static SortedDictionary<long, (DateTimeOffset At, string User)> Handoffs(ScheduleDefinition? schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new SortedDictionary<long, (DateTimeOffset, string)>();
        var shifts = schedule is null
            ? new List<Shift>()
            : schedule.Render(from, to).Where(s => !ShiftRotation.IsEmptySlot(s.User)).OrderBy(s => s.Start).ToList();
        var starts = new HashSet<long>(shifts.Select(s => s.Start.UtcTicks));
        if (!starts.Contains(from.UtcTicks))
        {
            result[from.UtcTicks] = (from, Nobody);
        }

        foreach (var shift in shifts)
        {
            result[shift.Start.UtcTicks] = (shift.Start, shift.User);
            var end = shift.End;
            if (end < to && !starts.Contains(end.UtcTicks))
            {
                result[end.UtcTicks] = (end, Nobody);
            }
        }

        return result;
    }
}
