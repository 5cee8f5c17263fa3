using System;
using System.Linq;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Directory;

/// <summary>Get-OnCallEscalationPolicy: escalation policies, of some teams or all.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallEscalationPolicy")]
[OutputType(typeof(EscalationPolicy))]
public sealed class GetOnCallEscalationPolicyCommand : OnCallConnectedCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    public string[]? Team { get; set; }

    /// <summary>Policy names or slugs; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IDirectorySource>(connection, out var directory))
        {
            return;
        }

        var patterns = (Given(Name)).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
        var filtered = new FilteringSink<EscalationPolicy>(p => patterns.Count == 0 || patterns.Any(w => w.IsMatch(p.Name) || w.IsMatch(p.Id)));
        TryRun((sink, token) => directory.GetEscalationPoliciesAsync(Given(Team), filtered.Over(sink), token), Team);
    }
}
