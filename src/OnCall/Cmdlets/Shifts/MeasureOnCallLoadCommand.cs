using System;
using System.Management.Automation;
using OnCall.Engine.Scheduling;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Shifts;

/// <summary>
/// Measure-OnCallLoad: per person, hours on call in total, at night and on weekends, shifts and
/// handoffs: "is our rotation fair".
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "OnCallLoad")]
[OutputType(typeof(OnCallLoad))]
public sealed class MeasureOnCallLoadCommand : ShiftPipelineCommand
{
    /// <summary>When night starts, local time of the shift's zone (22:00 by default).</summary>
    [Parameter]
    public TimeSpan NightStart { get; set; } = TimeSpan.FromHours(22);

    /// <summary>When night ends, local time (07:00 by default).</summary>
    [Parameter]
    public TimeSpan NightEnd { get; set; } = TimeSpan.FromHours(7);

    /// <summary>IANA zone for nights and weekends when the shifts carry none.</summary>
    [Parameter]
    [OnCallArgument(ArgumentKind.Label)]
    public string? TimeZone { get; set; }

    /// <summary>Count only the part of each shift inside this window.</summary>
    [Parameter]
    public DateTimeOffset? Start { get; set; }

    [Parameter]
    public DateTimeOffset? End { get; set; }

    /// <summary>One result per person and team instead of per person.</summary>
    [Parameter]
    public SwitchParameter PerTeam { get; set; }

    private protected override void Prepare()
    {
        if (NightStart < TimeSpan.Zero || NightStart >= TimeSpan.FromDays(1) || NightEnd < TimeSpan.Zero || NightEnd >= TimeSpan.FromDays(1))
        {
            ThrowOnCallError(new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidNight", "-NightStart and -NightEnd are times of day, from 00:00 to 23:59.", null, new { NightStart, NightEnd }));
        }

        if (Start is { } s && End is { } e && TimeWindow.Problem(s, e) is { } problem)
        {
            ThrowOnCallError(problem, new { Start, End });
        }

        if (TimeZone is not null)
        {
            TimeZone = ScheduleTimeZones.Normalize(TimeZone);
        }
    }

    private protected override void Complete()
    {
        var options = new LoadOptions { NightStart = NightStart, NightEnd = NightEnd, TimeZone = TimeZone, Start = Start, End = End, PerTeam = PerTeam };
        try
        {
            foreach (var load in LoadCalculator.Measure(Shifts, options))
            {
                WriteObject(load);
            }
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error, TimeZone);
        }
    }
}
