using System;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Overrides: take on-call now, or a scheduled override over a window.</summary>
public interface IOverrideSource
{
    Task GetOverridesAsync(OverrideQuery query, IOperationSink sink, CancellationToken cancellationToken);

    Task SetOverrideAsync(OverrideRequest request, IOperationSink sink, CancellationToken cancellationToken);

    Task RemoveOverrideAsync(OverrideRemoval request, IOperationSink sink, CancellationToken cancellationToken);
}

public sealed class OverrideQuery
{
    public string? Id { get; set; }

    public string? Schedule { get; set; }

    public string? User { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }
}

public sealed class OverrideRequest
{
    public string? Team { get; set; }

    public string? Policy { get; set; }

    public string? Schedule { get; set; }

    /// <summary>Who takes over.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>Who is replaced.</summary>
    public string? OriginalUser { get; set; }

    /// <summary>Null Start and End: take on-call now.</summary>
    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public string? TimeZone { get; set; }

    public string? Reason { get; set; }

    /// <summary>VictorOps: assign the user even over an absence of their own scheduled in the window (acceptOverlap).</summary>
    public bool AcceptOverlap { get; set; }
}

public sealed class OverrideRemoval
{
    public string Id { get; set; } = string.Empty;

    public string? Schedule { get; set; }

    /// <summary>Remove only this policy's assignment (VictorOps) instead of the whole override.</summary>
    public string? Policy { get; set; }
}
