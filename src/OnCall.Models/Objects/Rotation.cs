using System;
using System.Collections.Generic;

namespace OnCall;

/// <summary>
/// A schedule definition: members taking turns at a fixed shift length in a time zone. One object per
/// Datadog layer, per ZStack schedule and per VictorOps shift; each carries what Set-OnCallRotation needs
/// to rebuild the vendor's whole definition (<see cref="Definition"/>), so Get | Set round-trips.
/// </summary>
public sealed class Rotation : OnCallObject
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Team { get; set; }

    /// <summary>The container's name: the Datadog schedule, the VictorOps rotation group, the ZStack schedule.</summary>
    public string? Schedule { get; set; }

    public string? ScheduleId { get; set; }

    /// <summary>Members in hand-off order.</summary>
    public IList<string> Members { get; } = new List<string>();

    public TimeSpan? ShiftLength { get; set; }

    /// <summary>The shift length as a Go duration ("168h", "36h30m"): ZStack's own text, formatted for the others.</summary>
    public string? ShiftDuration { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>The first hand-off: member 1 starts here (Datadog rotation_start, ZStack startDate, VictorOps start).</summary>
    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    /// <summary>Datadog: when the layer begins to apply (it may lie after <see cref="Start"/>).</summary>
    public DateTimeOffset? EffectiveDate { get; set; }

    /// <summary>Weekly windows the rotation applies in (Datadog restrictions, VictorOps masks); empty: around the clock.</summary>
    public IList<RotationRestriction> Restrictions { get; } = new List<RotationRestriction>();

    /// <summary>ZStack's description.</summary>
    public string? Description { get; set; }

    /// <summary>ZStack: daily, weekly or custom. VictorOps: the shift type (std, pho, cstm).</summary>
    public string? RotationType { get; set; }

    /// <summary>VictorOps: who holds the shift now (its scheduled user).</summary>
    public string? CurrentMember { get; set; }

    /// <summary>The vendor's whole definition as read (every layer or shift, member ids): the base a Set changes.</summary>
    public RotationDefinition? Definition { get; set; }

    public override string ToString() => Name;
}
