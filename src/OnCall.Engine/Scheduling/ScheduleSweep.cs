using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// Combines the layers and the overrides of a window in one pass over time: at each instant the highest
/// layer with someone wins, an active override replaces that person (who becomes its OriginalUser), and
/// the pieces are merged as they come out.
/// </summary>
/// <remarks>
/// One pass with a pointer per list, instead of stacking layer on layer: no intermediate lists, so a year
/// of a busy schedule allocates little more than its output.
/// </remarks>
internal static class ScheduleSweep
{
    /// <param name="layers">Each layer's pieces, sorted and disjoint; bottom layer first.</param>
    /// <param name="overrides">Sorted and disjoint.</param>
    /// <param name="sink">Receives the merged pieces in time order.</param>
    public static void Run(List<Segment>[] layers, List<Segment> overrides, ISegmentSink sink)
    {
        var positions = new int[layers.Length];
        var overridePosition = 0;
        var merger = new SegmentMerger(sink);

        var now = Instant.MaxValue;
        foreach (var list in layers)
        {
            if (list.Count > 0 && list[0].Start < now)
            {
                now = list[0].Start;
            }
        }

        if (overrides.Count > 0 && overrides[0].Start < now)
        {
            now = overrides[0].Start;
        }

        while (now != Instant.MaxValue)
        {
            var next = Instant.MaxValue;
            string? scheduled = null;
            string? scheduledLayer = null;

            // Top down, so the first layer with someone at `now` is the winner.
            for (var i = layers.Length - 1; i >= 0; i--)
            {
                var list = layers[i];
                var p = positions[i];
                while (p < list.Count && list[p].End <= now)
                {
                    p++;
                }

                positions[i] = p;
                if (p >= list.Count)
                {
                    continue;
                }

                var segment = list[p];
                if (segment.Start <= now)
                {
                    if (scheduled is null)
                    {
                        scheduled = segment.User;
                        scheduledLayer = segment.Layer;
                    }

                    next = segment.End < next ? segment.End : next;
                }
                else
                {
                    next = segment.Start < next ? segment.Start : next;
                }
            }

            while (overridePosition < overrides.Count && overrides[overridePosition].End <= now)
            {
                overridePosition++;
            }

            Segment? active = null;
            if (overridePosition < overrides.Count)
            {
                var o = overrides[overridePosition];
                if (o.Start <= now)
                {
                    active = o;
                    next = o.End < next ? o.End : next;
                }
                else
                {
                    next = o.Start < next ? o.Start : next;
                }
            }

            if (next == Instant.MaxValue)
            {
                break;
            }

            if (active.HasValue)
            {
                merger.Add(now, next, active.Value.User, null, overriding: true, originalUser: scheduled);
            }
            else if (scheduled is not null)
            {
                merger.Add(now, next, scheduled, scheduledLayer, overriding: false, originalUser: null);
            }

            now = next;
        }

        merger.Finish();
    }

    /// <summary>
    /// Joins touching pieces of the same person with the same override flag; where they came from several
    /// layers or replaced several people, the names are listed in time order, joined by ", ".
    /// </summary>
    private sealed class SegmentMerger
    {
        private readonly ISegmentSink sink;
        private bool hasPending;
        private Instant start;
        private Instant end;
        private string user = string.Empty;
        private bool isOverride;
        private string? layer;
        private string? original;
        private List<string>? layers;
        private List<string>? originals;

        public SegmentMerger(ISegmentSink sink)
        {
            this.sink = sink;
        }

        public void Add(Instant from, Instant to, string who, string? fromLayer, bool overriding, string? originalUser)
        {
            if (hasPending && end == from && isOverride == overriding && string.Equals(user, who, StringComparison.Ordinal))
            {
                end = to;
                AddDistinct(ref layers, layer, fromLayer);
                AddDistinct(ref originals, original, originalUser);
                return;
            }

            Flush();
            hasPending = true;
            start = from;
            end = to;
            user = who;
            isOverride = overriding;
            layer = fromLayer;
            original = originalUser;
            layers = null;
            originals = null;
        }

        public void Finish() => Flush();

        private void Flush()
        {
            if (!hasPending)
            {
                return;
            }

            sink.Add(new Segment(
                start,
                end,
                user,
                layers is null ? layer : string.Join(", ", layers),
                isOverride,
                originals is null ? original : string.Join(", ", originals)));
            hasPending = false;
        }

        // Keeps the list null (no allocation) for the usual run of pieces that all share one name.
        private static void AddDistinct(ref List<string>? names, string? firstName, string? name)
        {
            if (name is null || (names is null && string.Equals(name, firstName, StringComparison.Ordinal)))
            {
                return;
            }

            if (names is null)
            {
                names = new List<string>();
                if (firstName is not null)
                {
                    names.Add(firstName);
                }
            }

            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }
    }
}
