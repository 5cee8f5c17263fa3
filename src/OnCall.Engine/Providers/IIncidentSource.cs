using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Incidents: list, history, one by id, create.</summary>
public interface IIncidentSource
{
    Task GetIncidentsAsync(IncidentQuery query, IOperationSink sink, CancellationToken cancellationToken);

    Task NewIncidentAsync(NewIncidentRequest request, IOperationSink sink, CancellationToken cancellationToken);
}

public sealed class IncidentQuery
{
    public IReadOnlyList<string> Ids { get; set; } = Array.Empty<string>();

    public IReadOnlyList<IncidentStatus> Statuses { get; set; } = Array.Empty<IncidentStatus>();

    public IReadOnlyList<string> Teams { get; set; } = Array.Empty<string>();

    public IReadOnlyList<string> Services { get; set; } = Array.Empty<string>();

    /// <summary>Search history (reporting API) rather than the open incidents.</summary>
    public bool History { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public int? First { get; set; }
}

public sealed class NewIncidentRequest
{
    public string Title { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string? User { get; set; }

    /// <summary>Targets as "User:alice", "EscalationPolicy:pol-..." or vendor ids.</summary>
    public IReadOnlyList<string> Targets { get; set; } = Array.Empty<string>();

    public string? Urgency { get; set; }

    public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();

    public bool MultiResponder { get; set; }
}
