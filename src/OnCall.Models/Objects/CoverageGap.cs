using System;

namespace OnCall;

/// <summary>An interval in which nobody is on call for a team or schedule (PSTypeName OnCall.CoverageGap).</summary>
public sealed class CoverageGap : OnCallObject
{
    public string? Team { get; set; }

    public string? Schedule { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public TimeSpan Duration => End - Start;

    public override string ToString() => $"{Team ?? Schedule} {Start:u} - {End:u}";
}
