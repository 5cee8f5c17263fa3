using System;

namespace OnCall.Engine.Scheduling;

/// <summary>What <see cref="CoverageAnalyzer"/> groups by and which gaps it ignores.</summary>
public sealed class CoverageOptions
{
    /// <summary>Gaps shorter than this are left out (a handoff a minute late is not a coverage problem).</summary>
    public TimeSpan MinimumGap { get; set; } = TimeSpan.Zero;

    /// <summary>Team: anyone on call for the team covers it. Schedule: each schedule of a team on its own.</summary>
    public CoverageScope Scope { get; set; } = CoverageScope.Team;

    /// <summary>IANA zone the gaps are expressed in; by default the shifts' zone, else the window start's offset.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Named on the gap when there are no shifts at all (the whole window is then one gap).</summary>
    public string? Team { get; set; }

    /// <summary>Named on the gap when there are no shifts at all.</summary>
    public string? Schedule { get; set; }

    public OnCallProvider Provider { get; set; }

    public string Connection { get; set; } = string.Empty;
}
