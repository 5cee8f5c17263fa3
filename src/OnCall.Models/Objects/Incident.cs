using System;
using System.Collections.Generic;

namespace OnCall;

/// <summary>Where an incident stands, the same words for every vendor.</summary>
public enum IncidentStatus
{
    Triggered,
    Acknowledged,
    Resolved,
}

/// <summary>An incident (VictorOps), a page (Datadog) or an alert event (ZStack).</summary>
public sealed class Incident : OnCallObject
{
    /// <summary>Incident number, page id or alert-event id.</summary>
    public string Id { get; set; } = string.Empty;

    public IncidentStatus Status { get; set; }

    public string? Title { get; set; }

    public string? Service { get; set; }

    public string? Host { get; set; }

    public string? Severity { get; set; }

    public string? Team { get; set; }

    public string? Policy { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? LastUpdate { get; set; }

    /// <summary>Who acknowledged or resolved it last, where the vendor says.</summary>
    public string? User { get; set; }

    public IList<string> PagedUsers { get; } = new List<string>();

    public IList<string> PagedTeams { get; } = new List<string>();

    public IList<string> PagedPolicies { get; } = new List<string>();

    public Uri? Link { get; set; }

    public override string ToString() => $"{Id} {Status} {Title}";
}
