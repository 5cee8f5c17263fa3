using System;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// One layer's pieces in a window, sorted and disjoint, as parallel arrays of Unix ticks: the render sweep
/// reads the bounds at every step, and plain long arrays are the cheapest thing to read.
/// </summary>
internal sealed class LayerPieces
{
    private long[] starts;
    private long[] ends;
    private string[] users;
    private long[] turns;

    public LayerPieces(string layer, int capacity)
    {
        capacity = Math.Max(capacity, 4);
        starts = new long[capacity];
        ends = new long[capacity];
        users = new string[capacity];
        turns = new long[capacity];
        Reset(layer, capacity);
    }

    /// <summary>The capacity above which a render does not keep the arrays for the next one.</summary>
    public const int KeptCapacity = 1 << 14;

    /// <summary>Empties the pieces for another window (renders reuse them), growing to at least <paramref name="capacity"/>.</summary>
    public void Reset(string layer, int capacity)
    {
        Layer = string.IsNullOrEmpty(layer) ? null : layer;
        Count = 0;
        if (capacity > starts.Length)
        {
            starts = new long[capacity];
            ends = new long[capacity];
            users = new string[capacity];
            turns = new long[capacity];
        }
    }

    /// <summary>Null for an unnamed layer, so shifts show no rotation rather than an empty one.</summary>
    public string? Layer { get; private set; }

    public int Count { get; private set; }

    public long[] Starts => starts;

    public long[] Ends => ends;

    public string[] Users => users;

    /// <summary>The rotation turn (hand-off index) each piece belongs to: pieces of one turn are one shift.</summary>
    public long[] Turns => turns;

    public void Add(long start, long end, string user, long turn)
    {
        if (Count == starts.Length)
        {
            Array.Resize(ref starts, Count * 2);
            Array.Resize(ref ends, Count * 2);
            Array.Resize(ref users, Count * 2);
            Array.Resize(ref turns, Count * 2);
        }

        starts[Count] = start;
        ends[Count] = end;
        users[Count] = user;
        turns[Count] = turn;
        Count++;
    }
}
