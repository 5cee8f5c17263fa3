using System;
using System.Globalization;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Engine.Scheduling;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.OnCall;

/// <summary>
/// Set-OnCallOverride: take on-call now (no -Start/-End), or schedule someone to stand in for
/// someone else over a window.
/// </summary>
[Cmdlet(VerbsCommon.Set, "OnCallOverride", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TakeSet)]
[OutputType(typeof(Override))]
public sealed class SetOnCallOverrideCommand : OnCallConnectedCmdlet
{
    private const string TakeSet = "Take";
    private const string ScheduledSet = "Scheduled";

    /// <summary>Who goes on call.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(UserCompleter))]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Name)]
    public string? User { get; set; }

    /// <summary>Who is replaced (VictorOps: the absent user of a scheduled override, or fromUser of a take).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("FromUser")]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? OriginalUser { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Team { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Policy { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ScheduleId")]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Schedule { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ScheduledSet, ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset Start { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ScheduledSet, ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset End { get; set; }

    /// <summary>IANA time zone of the override (VictorOps wants one); UTC by default.</summary>
    [Parameter(ParameterSetName = ScheduledSet)]
    [OnCallArgument(ArgumentKind.Label)]
    public string? TimeZone { get; set; }

    [Parameter]
    [OnCallArgument(ArgumentKind.Text)]
    public string? Reason { get; set; }

    /// <summary>VictorOps: assign -User even where they have an absence of their own scheduled in the window (acceptOverlap).</summary>
    [Parameter(ParameterSetName = ScheduledSet)]
    public SwitchParameter AcceptOverlap { get; set; }

    /// <summary>Which command shows whether an override whose answer was lost was made; who takes over is always -User.</summary>
    private protected override string? Advice(OnCallException error)
    {
        if (error.Reason == "UserRequired" && error.Provider != OnCallProvider.VictorOps)
        {
            return "Give -User: who takes over.";
        }

        if (!error.MayHaveApplied)
        {
            return null;
        }

        var scheduled = ParameterSetName == ScheduledSet;
        return error.Provider switch
        {
            OnCallProvider.VictorOps when !scheduled => "Get-OnCallUser -Policy " + (Policy ?? Team) + " shows who is on call.",
            OnCallProvider.VictorOps when error.Reason == "AssignmentFailed" => "Get-OnCallOverride -Id " + error.Target + " shows its assignments.",
            OnCallProvider.VictorOps => OriginalUser is null ? "Get-OnCallOverride lists the scheduled overrides." : "Get-OnCallOverride -User " + OriginalUser + " lists the overrides for " + OriginalUser + "'s absence.",
            OnCallProvider.Datadog => "Get-OnCallOverride -Schedule '" + Schedule + "' lists the schedule's overrides.",
            OnCallProvider.ZStack => "Get-OnCallUser -Schedule '" + (Schedule ?? Team ?? Policy) + "' shows the current shift.",
            _ => null,
        };
    }

    private protected override void Prepare()
    {
        // An IANA id, spelled as the tz database spells it: an unknown zone is refused before any request.
        if (TimeZone is not null)
        {
            TimeZone = ScheduleTimeZones.Normalize(TimeZone);
        }

        if (IsTyped(nameof(Start)) && IsTyped(nameof(End)) && TimeWindow.Problem(Start, End) is { } problem)
        {
            ThrowOnCallError(problem, new { Start, End });
        }
    }

    private protected override void ProcessInput()
    {
        var scheduled = ParameterSetName == ScheduledSet;
        if (scheduled && TimeWindow.Problem(Start, End) is { } problem)
        {
            WriteError(RecordOf(problem, new { Start, End }));
            return;
        }

        var connection = ResolveConnection();
        if (!TryGetCapability<IOverrideSource>(connection, out var source))
        {
            return;
        }

        if (AcceptOverlap && connection.Provider != OnCallProvider.VictorOps)
        {
            WriteInvalidArgument("AcceptOverlapNotSupported", string.Format(CultureInfo.InvariantCulture, "-AcceptOverlap is a VictorOps assignment setting; connection {0} is {1}.", connection.Name, connection.Provider), User);
            return;
        }

        var scope = Policy ?? Team ?? Schedule ?? "the default policy";
        var what = scheduled
            ? string.Format(CultureInfo.InvariantCulture, "override of {0} by {1} on {2} from {3:u} to {4:u}", OriginalUser ?? "whoever is scheduled", User, scope, Start, End)
            : string.Format(CultureInfo.InvariantCulture, "on-call for {0}: {1} takes over from {2}", scope, User, OriginalUser ?? "whoever is on call");
        if (!ShouldProcess(connection.Describe(what), scheduled ? "Schedule override" : "Take on-call"))
        {
            return;
        }

        var request = new OverrideRequest
        {
            User = User!,
            OriginalUser = OriginalUser,
            Team = Team,
            Policy = Policy,
            Schedule = Schedule,
            Start = scheduled ? Start : null,
            End = scheduled ? End : null,
            TimeZone = TimeZone,
            Reason = Reason,
            AcceptOverlap = AcceptOverlap,
        };
        TryRun((sink, token) => source.SetOverrideAsync(request, sink, token), User);
    }
}
