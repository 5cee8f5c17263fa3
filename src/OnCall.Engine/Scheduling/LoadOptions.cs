using System;

namespace OnCall.Engine.Scheduling;

/// <summary>How <see cref="LoadCalculator"/> counts nights, weekends and groups.</summary>
public sealed class LoadOptions
{
    /// <summary>Local time the night begins (default 22:00).</summary>
    public TimeSpan NightStart { get; set; } = TimeSpan.FromHours(22);

    /// <summary>Local time the night ends (default 07:00); before NightStart means the next morning.</summary>
    public TimeSpan NightEnd { get; set; } = TimeSpan.FromHours(7);

    /// <summary>
    /// IANA zone nights and weekends are judged in. Null: each shift's own TimeZone, else the shift's offset.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>Only count time inside this window (both or neither).</summary>
    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    /// <summary>One result per person and (team, schedule) instead of one per person.</summary>
    public bool PerTeam { get; set; }
}
