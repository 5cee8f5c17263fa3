using System;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// Combines the layers and the overrides of a window in one pass over time: at each instant the highest
/// layer with someone wins, an active override replaces that person (who becomes its OriginalUser), and
/// the pieces are joined as they come out: by default the pieces of one rotation turn (or one override)
/// are one shift, as the vendor draws them; with <c>merge</c> every touching piece of one person is.
/// </summary>
/// <remarks>
/// One pass with a pointer per list, instead of stacking layer on layer: no intermediate lists, so a year
/// of a busy schedule allocates little more than its output.
/// </remarks>
internal static class ScheduleSweep
{
    /// <param name="layers">Each layer's pieces, sorted and disjoint; bottom layer first.</param>
    /// <param name="overrides">Sorted and disjoint.</param>
    /// <param name="sink">Receives the joined pieces in time order.</param>
    /// <param name="merge">Join touching pieces of one person across turns, layers and overrides' edges.</param>
    public static void Run(LayerPieces[] layers, OverrideWindow overrides, ISegmentSink sink, bool merge = false)
    {
        var count = layers.Length;
        var positions = new int[count];
        var now = long.MaxValue;
        foreach (var layer in layers)
        {
            if (layer.Count > 0 && layer.Starts[0] < now)
            {
                now = layer.Starts[0];
            }
        }

        if (overrides.Count > 0 && overrides.StartTicks(0) < now)
        {
            now = overrides.StartTicks(0);
        }

        var merger = new SegmentMerger(sink, merge);
        var overridePosition = 0;
        while (now != long.MaxValue)
        {
            var next = long.MaxValue;
            var winner = -1;

            // Top down, so the first layer with someone at `now` is the winner. Layers below it cannot change
            // the answer before the winner's piece ends, so they are not even looked at (their positions
            // catch up when they are next visited): the sweep steps only where the visible answer may change.
            for (var i = count - 1; i >= 0 && winner < 0; i--)
            {
                var layer = layers[i];
                var layerStarts = layer.Starts;
                var layerEnds = layer.Ends;
                var length = layer.Count;
                var p = positions[i];
                while (p < length && layerEnds[p] <= now)
                {
                    p++;
                }

                positions[i] = p;
                if (p >= length)
                {
                    continue;
                }

                if (layerStarts[p] <= now)
                {
                    winner = i;
                    next = layerEnds[p] < next ? layerEnds[p] : next;
                }
                else
                {
                    next = layerStarts[p] < next ? layerStarts[p] : next;
                }
            }

            while (overridePosition < overrides.Count && overrides.EndTicks(overridePosition) <= now)
            {
                overridePosition++;
            }

            var overriding = false;
            if (overridePosition < overrides.Count)
            {
                var start = overrides.StartTicks(overridePosition);
                var end = overrides.EndTicks(overridePosition);
                if (start <= now)
                {
                    overriding = true;
                    next = end < next ? end : next;
                }
                else
                {
                    next = start < next ? start : next;
                }
            }

            if (next == long.MaxValue)
            {
                break;
            }

            var scheduled = winner < 0 ? null : layers[winner].Users[positions[winner]];
            if (overriding)
            {
                merger.Add(now, next, overrides.User(overridePosition), null, overriding: true, originalUser: scheduled, source: -1, turn: overridePosition);
            }
            else if (scheduled is not null)
            {
                merger.Add(now, next, scheduled, layers[winner].Layer, overriding: false, originalUser: null, source: winner, turn: layers[winner].Turns[positions[winner]]);
            }

            now = next;
        }

        merger.Finish();
    }

    /// <summary>
    /// Joins touching pieces of one source (a layer's turn, or one override), or with <c>merge</c> of the
    /// same person with the same override flag; where they came from several layers or replaced several
    /// people, the names are listed in time order, joined by ", ".
    /// </summary>
    private sealed class SegmentMerger
    {
        private readonly ISegmentSink sink;
        private readonly bool merge;
        private bool hasPending;
        private int source;
        private long turn;
        private long start;
        private long end;
        private string user = string.Empty;
        private bool isOverride;
        private string? layer;
        private string? original;
        private readonly NameList layers = new();
        private readonly NameList originals = new();

        public SegmentMerger(ISegmentSink sink, bool merge)
        {
            this.sink = sink;
            this.merge = merge;
        }

        // source: the winning layer's index, or -1 for an override; turn: the layer's hand-off index, or
        // the override piece's position.
        public void Add(long from, long to, string who, string? fromLayer, bool overriding, string? originalUser, int source, long turn)
        {
            // The sweep also steps where nothing visible changes (an override over a hand-off below it):
            // those pieces are always one shift. A new turn of the same person is one only when merging.
            if (hasPending && end == from && isOverride == overriding && string.Equals(user, who, StringComparison.Ordinal)
                && (merge || (this.source == source && this.turn == turn)))
            {
                end = to;
                layers.AddDistinct(layer, fromLayer);
                originals.AddDistinct(original, originalUser);
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
            layers.Clear();
            originals.Clear();
            this.source = source;
            this.turn = turn;
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
                layers.JoinOr(layer),
                isOverride,
                originals.JoinOr(original)));
            hasPending = false;
        }
    }

    /// <summary>
    /// The distinct names of one joined piece, in time order; one per merger, reused for every piece, so
    /// the usual run of pieces that all share one name costs nothing and a joined one only its string.
    /// </summary>
    private sealed class NameList
    {
        private string[] names = new string[4];
        private int count;

        public void Clear() => count = 0;

        public void AddDistinct(string? firstName, string? name)
        {
            if (name is null || (count == 0 && string.Equals(name, firstName, StringComparison.Ordinal)))
            {
                return;
            }

            if (count == 0 && firstName is not null)
            {
                names[count++] = firstName;
            }

            for (var i = 0; i < count; i++)
            {
                if (string.Equals(names[i], name, StringComparison.Ordinal))
                {
                    return;
                }
            }

            if (count == names.Length)
            {
                Array.Resize(ref names, count * 2);
            }

            names[count++] = name;
        }

        /// <summary>The names joined by ", ", or <paramref name="single"/> when nothing was added.</summary>
        public string? JoinOr(string? single) => count == 0 ? single : string.Join(", ", names, 0, count);
    }
}
