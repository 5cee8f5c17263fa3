using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.OnCall;

/// <summary>Get-OnCallUser: who is on call now (or at -At), per team, policy or schedule.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallUser")]
[OutputType(typeof(OnCallUser))]
public sealed class GetOnCallUserCommand : OnCallConnectedCmdlet
{
    /// <summary>Team names or slugs; wildcards allowed. Team objects bind by their Name.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    /// <summary>Escalation policy names or slugs; wildcards allowed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Policy { get; set; }

    /// <summary>Schedule names or ids (Datadog, ZStack).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Schedule { get; set; }

    /// <summary>Only these people: answers "which teams is this person on call for".</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(UserCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? User { get; set; }

    /// <summary>Who was or will be on call at this time instead of now (where the vendor can say).</summary>
    [Parameter]
    public DateTimeOffset? At { get; set; }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IOnCallUserSource>(connection, out var source))
        {
            return;
        }

        var query = new OnCallUserQuery
        {
            Teams = Given(Team),
            Policies = Given(Policy),
            Schedules = Given(Schedule),
            Users = Given(User),
            At = At,
        };
        TryRun((sink, token) => source.GetOnCallUsersAsync(query, sink, token), Team);
    }

}
