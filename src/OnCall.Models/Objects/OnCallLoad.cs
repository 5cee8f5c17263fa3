using System;

namespace OnCall;

/// <summary>How much one person is on call over a window (PSTypeName OnCall.OnCallLoad).</summary>
public sealed class OnCallLoad : OnCallObject
{
    public string User { get; set; } = string.Empty;

    /// <summary>The team, when all of the person's shifts belong to one (or the load is measured per team).</summary>
    public string? Team { get; set; }

    /// <summary>The schedule, when all of the person's shifts belong to one (or the load is measured per team).</summary>
    public string? Schedule { get; set; }

    public double TotalHours { get; set; }

    /// <summary>Hours inside the night window (local time of the shift's zone).</summary>
    public double NightHours { get; set; }

    /// <summary>Hours on local Saturdays and Sundays.</summary>
    public double WeekendHours { get; set; }

    /// <summary>Continuous stretches on call (adjacent shifts of the same person count once).</summary>
    public int ShiftCount { get; set; }

    /// <summary>Times on-call passed directly to or from someone else.</summary>
    public int Handoffs { get; set; }

    /// <summary>This person's part (0 to 1) of all hours measured in the same group.</summary>
    public double Share { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public override string ToString() => FormattableString.Invariant($"{User} {TotalHours:0.##} h");
}
