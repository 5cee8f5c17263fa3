using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.OnCall;

/// <summary>Get-OnCallOverride: scheduled overrides, all of them or one by id.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallOverride")]
[OutputType(typeof(Override))]
public sealed class GetOnCallOverrideCommand : OnCallConnectedCmdlet
{
    private protected override string? Advice(OnCallException error) =>
        error.Kind == OnCallErrorKind.NotSupported && error.Provider == OnCallProvider.ZStack
            ? "Get-OnCallUser shows whether the current shift is an override."
            : null;

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Id)]
    public string? Id { get; set; }

    /// <summary>The schedule whose overrides to list (Datadog).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ScheduleId")]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Schedule { get; set; }

    /// <summary>Only overrides that involve this person.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? User { get; set; }

    [Parameter]
    public DateTimeOffset? Start { get; set; }

    [Parameter]
    public DateTimeOffset? End { get; set; }

    private protected override void Prepare()
    {
        if (Start is { } s && End is { } e && TimeWindow.Problem(s, e) is { } problem)
        {
            ThrowOnCallError(problem, new { Start, End });
        }
    }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IOverrideSource>(connection, out var source))
        {
            return;
        }

        var query = new OverrideQuery { Id = Id, Schedule = Schedule, User = User, Start = Start, End = End };
        TryRun((sink, token) => source.GetOverridesAsync(query, sink, token), Id);
    }
}
