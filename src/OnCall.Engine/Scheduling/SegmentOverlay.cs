using System.Collections.Generic;

namespace OnCall.Engine.Scheduling;

/// <summary>Stacking sorted, disjoint segment lists: the upper list wins wherever it has someone.</summary>
internal static class SegmentOverlay
{
    /// <summary>The lower list with the upper one laid over it; both inputs and the result are sorted and disjoint.</summary>
    public static List<Segment> Stack(List<Segment> lower, List<Segment> upper)
    {
        if (upper.Count == 0)
        {
            return lower;
        }

        if (lower.Count == 0)
        {
            return upper;
        }

        return Interleave(Uncovered(lower, upper), upper);
    }

    /// <summary>
    /// Overrides laid over the schedule: each override piece is split where the person it replaces
    /// changes, so every piece names its OriginalUser (null where nobody was scheduled).
    /// </summary>
    public static List<Segment> ApplyOverrides(List<Segment> scheduled, List<Segment> overrides)
    {
        if (overrides.Count == 0)
        {
            return scheduled;
        }

        var pieces = new List<Segment>(overrides.Count * 2);
        var first = 0;
        foreach (var o in overrides)
        {
            while (first < scheduled.Count && scheduled[first].End <= o.Start)
            {
                first++;
            }

            var cursor = o.Start;
            for (var i = first; i < scheduled.Count && scheduled[i].Start < o.End; i++)
            {
                var s = scheduled[i];
                if (s.Start > cursor)
                {
                    pieces.Add(new Segment(cursor, s.Start, o.User, o.Layer, isOverride: true));
                    cursor = s.Start;
                }

                var end = s.End < o.End ? s.End : o.End;
                if (end > cursor)
                {
                    pieces.Add(new Segment(cursor, end, o.User, o.Layer, isOverride: true, originalUser: s.User));
                    cursor = end;
                }
            }

            if (cursor < o.End)
            {
                pieces.Add(new Segment(cursor, o.End, o.User, o.Layer, isOverride: true));
            }
        }

        return Interleave(Uncovered(scheduled, overrides), pieces);
    }

    /// <summary>The parts of <paramref name="lower"/> that no segment of <paramref name="upper"/> covers.</summary>
    private static List<Segment> Uncovered(List<Segment> lower, List<Segment> upper)
    {
        var result = new List<Segment>(lower.Count + upper.Count);
        var first = 0;
        foreach (var segment in lower)
        {
            while (first < upper.Count && upper[first].End <= segment.Start)
            {
                first++;
            }

            var cursor = segment.Start;
            for (var i = first; i < upper.Count && cursor < segment.End; i++)
            {
                var cover = upper[i];
                if (cover.Start >= segment.End)
                {
                    break;
                }

                if (cover.Start > cursor)
                {
                    result.Add(segment.WithBounds(cursor, cover.Start));
                }

                if (cover.End > cursor)
                {
                    cursor = cover.End;
                }
            }

            if (cursor < segment.End)
            {
                result.Add(segment.WithBounds(cursor, segment.End));
            }
        }

        return result;
    }

    /// <summary>Merges two sorted lists that do not overlap each other into one sorted list.</summary>
    private static List<Segment> Interleave(List<Segment> a, List<Segment> b)
    {
        var result = new List<Segment>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (j >= b.Count || (i < a.Count && a[i].Start < b[j].Start))
            {
                result.Add(a[i++]);
            }
            else
            {
                result.Add(b[j++]);
            }
        }

        return result;
    }
}
