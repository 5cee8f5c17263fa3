using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.OnCall;

/// <summary>Get-OnCallSchedule: the shifts of a team, user or schedule over a window, overrides included.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallSchedule", DefaultParameterSetName = TeamSet)]
[OutputType(typeof(Shift))]
public sealed class GetOnCallScheduleCommand : OnCallConnectedCmdlet
{
    private protected override string? Advice(OnCallException error) =>
        error.Reason == "WindowTooLong" ? "Add -Force if that is really meant." : null;

    private const string TeamSet = "Team";
    private const string UserSet = "User";
    private const string ScheduleSet = "Schedule";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TeamSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = UserSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(UserCompleter))]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? User { get; set; }

    /// <summary>Schedule ids or names (Datadog, ZStack).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ScheduleSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ScheduleId")]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Schedule { get; set; }

    /// <summary>Start of the window; now by default.</summary>
    [Parameter]
    public DateTimeOffset? Start { get; set; }

    /// <summary>End of the window; -Days after the start by default.</summary>
    [Parameter]
    public DateTimeOffset? End { get; set; }

    /// <summary>Length of the window in days when -End is not given (14 by default).</summary>
    [Parameter]
    [ValidateRange(1, 3653)]
    public int? Days { get; set; }

    /// <summary>Escalation step (VictorOps): 0 is the first responders.</summary>
    [Parameter]
    [ValidateRange(0, 3)]
    public int? Step { get; set; }

    /// <summary>Join adjacent shifts of one person into one (by default: one shift per turn of a rotation, as the vendor draws it).</summary>
    [Parameter]
    public SwitchParameter Merge { get; set; }

    /// <summary>Allow a window longer than ten years.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private DateTimeOffset _start;
    private DateTimeOffset _end;

    private protected override void Prepare()
    {
        (_start, _end) = TimeWindow.Resolve(Start, End, Days, 14);
        if (TimeWindow.Problem(_start, _end, Force) is { } problem)
        {
            ThrowOnCallError(problem, new { Start = _start, End = _end });
        }
    }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IScheduleSource>(connection, out var source))
        {
            return;
        }

        var query = new ScheduleQuery
        {
            Teams = Given(Team),
            Users = Given(User),
            Schedules = Given(Schedule),
            Start = _start,
            End = _end,
            Step = Step,
            Merge = Merge,
        };
        TryRun((sink, token) => source.GetShiftsAsync(query, sink, token), (object?)Team ?? (object?)User ?? Schedule);
    }
}
