using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Directory;

/// <summary>Get-OnCallTeam: the teams of a connection.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallTeam")]
[OutputType(typeof(Team))]
public sealed class GetOnCallTeamCommand : OnCallConnectedCmdlet
{
    /// <summary>Team names or slugs; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Name { get; set; }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (TryGetCapability<IDirectorySource>(connection, out var directory))
        {
            TryRun((sink, token) => directory.GetTeamsAsync(Given(Name), sink, token), Name);
        }
    }
}
