using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

// Each vendor client implements the capabilities its API has. A cmdlet asks the connection for the
// capability it needs (OnCallConnectedCmdlet.TryGetCapability), so "Datadog has no incident list" is one clear
// NotSupported error instead of a special case in every cmdlet. Results stream through the sink.

/// <summary>Every vendor client.</summary>
public interface IProviderClient
{
    OnCallProvider Provider { get; }

    /// <summary>One cheap authenticated call that proves the keys work (Connect-OnCall without -SkipValidation).</summary>
    Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken);
}

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
}

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
}

public sealed class OverrideRemoval
{
    public string Id { get; set; } = string.Empty;

    public string? Schedule { get; set; }

    /// <summary>Remove only this policy's assignment (VictorOps) instead of the whole override.</summary>
    public string? Policy { get; set; }
}

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

/// <summary>What a vendor's incident ids look like, so a cmdlet can refuse a malformed one before any request.</summary>
public interface IIncidentIdRule
{
    /// <summary>Why the text cannot be one of this vendor's incident ids (an InvalidArgument about it), or null when it can.</summary>
    OnCallException? IncidentIdProblem(string id);
}

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

/// <summary>Teams, members, policies and rotations: lookups that also feed tab completion.</summary>
public interface IDirectorySource
{
    Task GetTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken);

    Task GetTeamMembersAsync(IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken);

}

/// <summary>Escalation policies with a filter by team or policy, and their steps when asked.</summary>
public interface IEscalationPolicySource
{
    Task GetEscalationPoliciesAsync(EscalationPolicyQuery query, IOperationSink sink, CancellationToken cancellationToken);
}

public sealed class EscalationPolicyQuery
{
    /// <summary>Team names or ids; wildcards allowed.</summary>
    public IReadOnlyList<string> Teams { get; set; } = Array.Empty<string>();

    /// <summary>Policy names or ids; wildcards allowed.</summary>
    public IReadOnlyList<string> Policies { get; set; } = Array.Empty<string>();

    /// <summary>Read each policy's steps too (one more call per policy).</summary>
    public bool IncludeSteps { get; set; }
}

/// <summary>Rotation (schedule definition) reads and writes.</summary>
public interface IRotationSource
{
    Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken);
}

/// <summary>Incident notes.</summary>
public interface IIncidentNotes
{
    Task AddNoteAsync(string incidentId, string name, string text, IOperationSink sink, CancellationToken cancellationToken);
}
