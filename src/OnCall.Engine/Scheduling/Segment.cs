using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>One person over one interval while rendering, before it becomes a public <see cref="Shift"/>.</summary>
/// <remarks>
/// Times are kept as Unix ticks: the render sweep compares them thousands of times, and DateTimeOffset
/// input has tick precision anyway.
/// </remarks>
internal readonly struct Segment
{
    public Segment(Instant start, Instant end, string user, string? layer, bool isOverride = false, string? originalUser = null)
        : this(start.ToUnixTimeTicks(), end.ToUnixTimeTicks(), user, layer, isOverride, originalUser)
    {
    }

    public Segment(long startTicks, long endTicks, string user, string? layer, bool isOverride = false, string? originalUser = null)
    {
        StartTicks = startTicks;
        EndTicks = endTicks;
        User = user;
        Layer = layer;
        IsOverride = isOverride;
        OriginalUser = originalUser;
    }

    public long StartTicks { get; }

    public long EndTicks { get; }

    public Instant Start => Instant.FromUnixTimeTicks(StartTicks);

    public Instant End => Instant.FromUnixTimeTicks(EndTicks);

    public string User { get; }

    public string? Layer { get; }

    public bool IsOverride { get; }

    public string? OriginalUser { get; }

    public Segment WithBounds(Instant start, Instant end) => new(start, end, User, Layer, IsOverride, OriginalUser);

    public Segment WithBounds(long startTicks, long endTicks) => new(startTicks, endTicks, User, Layer, IsOverride, OriginalUser);
}
