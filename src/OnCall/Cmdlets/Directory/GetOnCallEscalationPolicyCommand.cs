using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Directory;

/// <summary>Get-OnCallEscalationPolicy: escalation policies, of some teams or all, with their steps on request.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallEscalationPolicy")]
[OutputType(typeof(EscalationPolicy))]
public sealed class GetOnCallEscalationPolicyCommand : OnCallConnectedCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    /// <summary>Policy names or slugs; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Name { get; set; }

    /// <summary>Read each policy's steps too (VictorOps: one more request per policy).</summary>
    [Parameter]
    public SwitchParameter IncludeSteps { get; set; }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (TryGetCapability<IEscalationPolicySource>(connection, out var policies))
        {
            var query = new EscalationPolicyQuery { Teams = Given(Team), Policies = Given(Name), IncludeSteps = IncludeSteps };
            TryRun((sink, token) => policies.GetEscalationPoliciesAsync(query, sink, token), Team);
        }
    }
}
