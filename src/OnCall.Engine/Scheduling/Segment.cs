using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>One person over one interval while rendering, before it becomes a public <see cref="Shift"/>.</summary>
internal readonly struct Segment
{
    public Segment(Instant start, Instant end, string user, string? layer, bool isOverride = false, string? originalUser = null)
    {
        Start = start;
        End = end;
        User = user;
        Layer = layer;
        IsOverride = isOverride;
        OriginalUser = originalUser;
    }

    public Instant Start { get; }

    public Instant End { get; }

    public string User { get; }

    public string? Layer { get; }

    public bool IsOverride { get; }

    public string? OriginalUser { get; }

    public Segment WithBounds(Instant start, Instant end) => new(start, end, User, Layer, IsOverride, OriginalUser);
}
