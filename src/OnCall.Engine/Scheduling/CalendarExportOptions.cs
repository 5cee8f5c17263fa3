using System;

namespace OnCall.Engine.Scheduling;

/// <summary>Settings for <see cref="IcsCalendarWriter"/>.</summary>
public sealed class CalendarExportOptions
{
    /// <summary>Shown by calendar apps as the calendar's name (X-WR-CALNAME).</summary>
    public string? CalendarName { get; set; }

    /// <summary>
    /// IANA zone to write local times in. Null: each shift's own TimeZone; shifts without a known zone are
    /// written in UTC.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>Forces UTC times (no VTIMEZONE) whatever the shifts' zones.</summary>
    public bool UseUtc { get; set; }

    /// <summary>DTSTAMP of every event; now by default. Fix it to get byte-identical exports.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    public string ProductId { get; set; } = "-//OnCall//OnCall PowerShell module//EN";
}
