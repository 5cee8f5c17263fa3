using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>The shifts of a team, user or schedule over a window, overrides applied.</summary>
public interface IScheduleSource
{
    Task GetShiftsAsync(ScheduleQuery query, IOperationSink sink, CancellationToken cancellationToken);
}

public sealed class ScheduleQuery
{
    public IReadOnlyList<string> Teams { get; set; } = Array.Empty<string>();

    public IReadOnlyList<string> Users { get; set; } = Array.Empty<string>();

    public IReadOnlyList<string> Schedules { get; set; } = Array.Empty<string>();

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    /// <summary>Escalation step (VictorOps), 0 by default.</summary>
    public int? Step { get; set; }

    /// <summary>Escalation policies by name or id; wildcards allowed (VictorOps schedules are per policy).</summary>
    public IReadOnlyList<string> Policies { get; set; } = Array.Empty<string>();

    /// <summary>Join adjacent shifts of one person (by default one shift per turn of a rotation, as the vendor draws it).</summary>
    public bool Merge { get; set; }
}
