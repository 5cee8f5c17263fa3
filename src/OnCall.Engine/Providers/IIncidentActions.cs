using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Acting on incidents, batched where the API takes lists.</summary>
public interface IIncidentActions
{
    /// <summary>Writes one IncidentActionResult per id; refused ids come as errors through the sink.</summary>
    Task InvokeActionAsync(IncidentAction action, IReadOnlyList<string> ids, IncidentActionOptions options, IOperationSink sink, CancellationToken cancellationToken);
}

public sealed class IncidentActionOptions
{
    public string? User { get; set; }

    public string? Message { get; set; }

    /// <summary>VictorOps: act on every incident the user was paged for.</summary>
    public bool ByUser { get; set; }

    /// <summary>Reroute targets.</summary>
    public IReadOnlyList<string> Targets { get; set; } = Array.Empty<string>();
}
