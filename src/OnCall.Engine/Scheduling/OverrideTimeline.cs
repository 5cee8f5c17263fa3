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

    /// <summary>The timeline cut to [from, to): a view of the stored pieces, clipped as they are read, so a render copies nothing.</summary>
    public OverrideWindow Cut(Instant from, Instant to)
    {
        var timeline = segments;
        var fromTicks = from.ToUnixTimeTicks();
        var toTicks = to.ToUnixTimeTicks();

        // The timeline is sorted and disjoint, so ends are sorted too: find the first that ends after `from`,
        // then the first (from there) that starts at or after `to`.
        var first = FirstIndex(timeline, 0, fromTicks, byEnd: true);
        var last = FirstIndex(timeline, first, toTicks, byEnd: false);
        return new OverrideWindow(timeline, first, last - first, fromTicks, toTicks);
    }

    // The first index from `low` on whose end (or start) is past (or at) `ticks`.
    private static int FirstIndex(Segment[] timeline, int low, long ticks, bool byEnd)
    {
        var high = timeline.Length;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            var before = byEnd ? timeline[middle].EndTicks <= ticks : timeline[middle].StartTicks < ticks;
            if (before)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
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

/// <summary>The overrides of one render's window: a slice of the timeline, each piece clipped to the window when read.</summary>
internal readonly struct OverrideWindow
{
    private readonly Segment[] timeline;
    private readonly int first;
    private readonly long from;
    private readonly long to;

    public OverrideWindow(Segment[] timeline, int first, int count, long from, long to)
    {
        this.timeline = timeline;
        this.first = first;
        Count = count;
        this.from = from;
        this.to = to;
    }

    public int Count { get; }

    public long StartTicks(int index)
    {
        var start = timeline[first + index].StartTicks;
        return start > from ? start : from;
    }

    public long EndTicks(int index)
    {
        var end = timeline[first + index].EndTicks;
        return end < to ? end : to;
    }

    public string User(int index) => timeline[first + index].User;
}
