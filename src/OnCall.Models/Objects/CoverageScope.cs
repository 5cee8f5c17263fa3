namespace OnCall;

/// <summary>What counts as covered when looking for gaps.</summary>
public enum CoverageScope
{
    /// <summary>Someone on call for any schedule of the team covers the team.</summary>
    Team,

    /// <summary>Each (team, schedule) pair is checked on its own.</summary>
    Schedule,
}
