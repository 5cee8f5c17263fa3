using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Who is on call now, or at a given time.</summary>
public interface IOnCallUserSource
{
    Task GetOnCallUsersAsync(OnCallUserQuery query, IOperationSink sink, CancellationToken cancellationToken);
}

public sealed class OnCallUserQuery
{
    /// <summary>Team names or slugs/ids; wildcards allowed.</summary>
    public IReadOnlyList<string> Teams { get; set; } = Array.Empty<string>();

    public IReadOnlyList<string> Policies { get; set; } = Array.Empty<string>();

    public IReadOnlyList<string> Schedules { get; set; } = Array.Empty<string>();

    /// <summary>Only these users ("which teams is this person on call for").</summary>
    public IReadOnlyList<string> Users { get; set; } = Array.Empty<string>();

    /// <summary>Null for now.</summary>
    public DateTimeOffset? At { get; set; }

    /// <summary>Escalation step (VictorOps) when answering for another time than now; 0 by default.</summary>
    public int? Step { get; set; }
}
