using System;
using System.Collections.Generic;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// A schedule's overrides as one sorted, disjoint timeline: where overrides overlap, the one later in
/// the list wins. Built once per definition (a definition never changes), then cut to each window the
/// render sweep asks for.
/// </summary>
internal sealed class OverrideTimeline
{
    private readonly Segment[] segments;

    public OverrideTimeline(IReadOnlyList<ScheduleOverride> overrides)
    {
        segments = Build(overrides);
    }

    /// <summary>The timeline cut to [from, to).</summary>
    public List<Segment> Cut(Instant from, Instant to)
    {
        var timeline = segments;
        var fromTicks = from.ToUnixTimeTicks();
        var toTicks = to.ToUnixTimeTicks();

        // The timeline is sorted and disjoint, so ends are sorted too: find the first that ends after `from`.
        int low = 0, high = timeline.Length;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (timeline[middle].EndTicks <= fromTicks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var clipped = new List<Segment>();
        for (var i = low; i < timeline.Length && timeline[i].StartTicks < toTicks; i++)
        {
            clipped.Add(timeline[i].WithBounds(Math.Max(timeline[i].StartTicks, fromTicks), Math.Min(timeline[i].EndTicks, toTicks)));
        }

        return clipped;
    }

    private static Segment[] Build(IReadOnlyList<ScheduleOverride> overrides)
    {
        var all = new List<Segment>(overrides.Count);
        foreach (var o in overrides)
        {
            all.Add(new Segment(Instant.FromDateTimeOffset(o.Start), Instant.FromDateTimeOffset(o.End), o.User, null, isOverride: true));
        }

        // Vendors rarely let overrides overlap; then sorting is all it takes.
        var sorted = new List<Segment>(all);
        sorted.Sort((a, b) => a.Start.CompareTo(b.Start));
        var overlapping = false;
        for (var i = 1; i < sorted.Count && !overlapping; i++)
        {
            overlapping = sorted[i].Start < sorted[i - 1].End;
        }

        return (overlapping ? ResolveOverlaps(all) : sorted).ToArray();
    }

    /// <summary>
    /// Walks the overrides' edges in time order; between two edges the active override latest in the list
    /// wins. Few overrides are active at once, so the active set is a short list.
    /// </summary>
    private static List<Segment> ResolveOverlaps(List<Segment> clipped)
    {
        var byStart = new int[clipped.Count];
        var starts = new Instant[clipped.Count];
        var edges = new Instant[clipped.Count * 2];
        for (var i = 0; i < clipped.Count; i++)
        {
            byStart[i] = i;
            starts[i] = clipped[i].Start;
            edges[2 * i] = clipped[i].Start;
            edges[(2 * i) + 1] = clipped[i].End;
        }

        Array.Sort(starts, byStart);
        Array.Sort(edges);
        var active = new List<int>();
        var result = new List<Segment>(clipped.Count * 2);
        var nextStart = 0;
        for (var e = 0; e < edges.Length - 1; e++)
        {
            var at = edges[e];
            var until = edges[e + 1];
            if (at == until)
            {
                continue;
            }

            for (var i = active.Count - 1; i >= 0; i--)
            {
                if (clipped[active[i]].End <= at)
                {
                    active.RemoveAt(i);
                }
            }
            while (nextStart < byStart.Length && starts[nextStart] <= at)
            {
                active.Add(byStart[nextStart++]);
            }

            if (active.Count == 0)
            {
                continue;
            }

            var winner = clipped[Max(active)];
            var last = result.Count - 1;
            if (last >= 0 && result[last].End == at && string.Equals(result[last].User, winner.User, StringComparison.Ordinal))
            {
                result[last] = result[last].WithBounds(result[last].Start, until);
            }
            else
            {
                result.Add(winner.WithBounds(at, until));
            }
        }

        return result;
    }

    private static int Max(List<int> values)
    {
        var max = values[0];
        for (var i = 1; i < values.Count; i++)
        {
            max = values[i] > max ? values[i] : max;
        }

        return max;
    }
}
