using System.Management.Automation;

namespace OnCall.Bench.Trivial;

/// <summary>Get-Trivial: writes one string. Nothing else in the module.</summary>
[Cmdlet(VerbsCommon.Get, "Trivial")]
[OutputType(typeof(string))]
public sealed class GetTrivialCommand : PSCmdlet
{
    protected override void ProcessRecord() => WriteObject("trivial");
}
