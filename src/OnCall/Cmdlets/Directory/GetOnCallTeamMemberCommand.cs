using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Directory;

/// <summary>Get-OnCallTeamMember: the members of teams (all teams when none is named).</summary>
[Cmdlet(VerbsCommon.Get, "OnCallTeamMember")]
[OutputType(typeof(TeamMember))]
public sealed class GetOnCallTeamMemberCommand : OnCallConnectedCmdlet
{
    /// <summary>Team names or slugs; Get-OnCallTeam output binds by its Name.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (TryGetCapability<IDirectorySource>(connection, out var directory))
        {
            TryRun((sink, token) => directory.GetTeamMembersAsync(Given(Team), sink, token), Team);
        }
    }
}
