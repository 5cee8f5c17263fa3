using System;
using System.Management.Automation;

namespace OnCall.HelpBuilder.Tests;

// Small cmdlets with the features the builder must read: parameter sets, positions, pipeline
// binding, aliases, wildcards, enums, ValidateSet, switches, DontShow, an inherited parameter,
// SupportsShouldProcess and OutputType. The tests document them and check what comes out.

public enum FakeColor
{
    Red,
    Green,
    Blue,
}

public sealed class FakeWidget
{
    public string Name { get; set; } = string.Empty;

    public int Id { get; set; }
}

/// <summary>A base class like OnCallConnectedCmdlet: its parameter must show up on every derived cmdlet.</summary>
public abstract class FakeConnectedCmdlet : PSCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Connection { get; set; }
}

[Cmdlet(VerbsCommon.Get, "FakeWidget", DefaultParameterSetName = "ByName")]
[OutputType(typeof(FakeWidget))]
public sealed class GetFakeWidgetCommand : FakeConnectedCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "ByName", ValueFromPipelineByPropertyName = true)]
    [Alias("WidgetName")]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "ById", ValueFromPipeline = true)]
    public int Id { get; set; }

    [Parameter]
    public FakeColor? Color { get; set; }

    [Parameter]
    [ValidateSet("Small", "Large")]
    public string? Size { get; set; }

    [Parameter]
    public SwitchParameter IncludeHidden { get; set; }

    [Parameter(DontShow = true)]
    public SwitchParameter InternalOnly { get; set; }

    protected override void ProcessRecord() => WriteObject(new FakeWidget { Name = Name?[0] ?? "w", Id = Id });
}

/// <summary>Like Set-OnCallOverride: the default set (now) has no parameter of its own, only the shared ones.</summary>
[Cmdlet(VerbsCommon.Remove, "FakeWidget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Now")]
[OutputType(typeof(void))]
public sealed class RemoveFakeWidgetCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = "Later")]
    public DateTime After { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess(Name, "Remove"))
        {
            WriteVerbose("removed " + Name);
        }
    }
}
