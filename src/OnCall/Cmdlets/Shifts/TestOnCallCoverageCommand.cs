using System;
using System.Linq;
using System.Management.Automation;
using OnCall.Engine.Scheduling;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Shifts;

/// <summary>Test-OnCallCoverage: the gaps in a window where nobody is on call, per team or schedule.</summary>
[Cmdlet(VerbsDiagnostic.Test, "OnCallCoverage")]
[OutputType(typeof(CoverageGap))]
public sealed class TestOnCallCoverageCommand : ShiftPipelineCommand
{
    /// <summary>Start of the window to check; the earliest shift's start by default.</summary>
    [Parameter]
    public DateTimeOffset? Start { get; set; }

    /// <summary>End of the window to check; the latest shift's end by default.</summary>
    [Parameter]
    public DateTimeOffset? End { get; set; }

    /// <summary>Ignore gaps shorter than this (handoff seams of a few minutes, say).</summary>
    [Parameter]
    public TimeSpan MinimumGap { get; set; } = TimeSpan.Zero;

    /// <summary>Check each team (default) or each schedule separately, or all shifts as one.</summary>
    [Parameter]
    public CoverageScope By { get; set; } = CoverageScope.Team;

    private protected override void Prepare()
    {
        if (MinimumGap < TimeSpan.Zero)
        {
            ThrowOnCallError(new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidMinimumGap", "-MinimumGap cannot be negative.", null, MinimumGap));
        }

        if (Start is { } start && End is { } end && TimeWindow.Problem(start, end) is { } problem)
        {
            ThrowOnCallError(problem, new { Start, End });
        }
    }

    private protected override void Complete()
    {
        if (Shifts.Count == 0 && (Start is null || End is null))
        {
            WriteInvalidArgument("NoShifts", "No shifts came down the pipeline, and without -Start and -End there is no window to check.", null);
            return;
        }

        var start = Start ?? Shifts.Min(s => s.Start);
        var end = End ?? Shifts.Max(s => s.End);
        if (TimeWindow.Problem(start, end) is { } problem)
        {
            WriteError(RecordOf(problem, new { Start = start, End = end }));
            return;
        }

        var first = Shifts.Count > 0 ? Shifts[0] : null;
        var options = new CoverageOptions
        {
            MinimumGap = MinimumGap,
            Scope = By,
            Provider = first?.Provider ?? default,
            Connection = first?.Connection ?? string.Empty,
        };

        try
        {
            foreach (var gap in CoverageAnalyzer.FindGaps(Shifts, start, end, options))
            {
                WriteObject(gap);
            }
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error);
        }
    }
}
