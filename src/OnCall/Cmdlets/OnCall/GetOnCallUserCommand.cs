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
    /// <summary>Team names or slugs; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TeamCompleter))]
    public string[]? Team { get; set; }

    /// <summary>Escalation policy names or slugs; wildcards allowed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    public string[]? Policy { get; set; }

    /// <summary>Schedule names or ids (Datadog, ZStack).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? Schedule { get; set; }

    /// <summary>Only these people: answers "which teams is this person on call for".</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(UserCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? User { get; set; }

    /// <summary>Who was or will be on call at this time instead of now (where the vendor can say).</summary>
    [Parameter]
    public DateTimeOffset? At { get; set; }

    protected override void ProcessRecord()
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
