using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.OnCall;

/// <summary>Remove-OnCallOverride: deletes a scheduled override, or one policy's assignment of it.</summary>
[Cmdlet(VerbsCommon.Remove, "OnCallOverride", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveOnCallOverrideCommand : OnCallConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [PlainValue]
    [OnCallArgument(ArgumentKind.Id)]
    public string? Id { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ScheduleId")]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Schedule { get; set; }

    /// <summary>Remove only this policy's assignment (VictorOps), keeping the override.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Policy { get; set; }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IOverrideSource>(connection, out var source))
        {
            return;
        }

        var target = Policy is null ? $"override {Id}" : $"assignment of policy {Policy} in override {Id}";
        if (!ShouldProcess(connection.Describe(target), "Remove"))
        {
            return;
        }

        var removal = new OverrideRemoval { Id = Id!, Schedule = Schedule, Policy = Policy };
        TryRun((sink, token) => source.RemoveOverrideAsync(removal, sink, token), Id);
    }
}
