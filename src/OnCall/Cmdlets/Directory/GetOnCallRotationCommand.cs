using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Directory;

/// <summary>Get-OnCallRotation: schedule definitions (members, order, shift length, time zone).</summary>
[Cmdlet(VerbsCommon.Get, "OnCallRotation")]
[OutputType(typeof(Rotation))]
public sealed class GetOnCallRotationCommand : OnCallConnectedCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    /// <summary>Rotation or schedule ids.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ScheduleId")]
    [OnCallArgument(ArgumentKind.Id)]
    public string[]? Id { get; set; }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (TryGetCapability<IRotationSource>(connection, out var rotations))
        {
            TryRun((sink, token) => rotations.GetRotationsAsync(Given(Team), Given(Id), sink, token), (object?)Team ?? Id);
        }
    }
}
