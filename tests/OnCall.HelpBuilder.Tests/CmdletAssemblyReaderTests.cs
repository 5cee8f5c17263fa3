using System;
using System.IO;
using System.Linq;
using OnCall.HelpBuilder.Reflection;

namespace OnCall.HelpBuilder.Tests;

public sealed class CmdletAssemblyReaderTests
{
    private static readonly CmdletMetadata GetWidget = Read("Get-FakeWidget");
    private static readonly CmdletMetadata RemoveWidget = Read("Remove-FakeWidget");

    [Fact]
    public void Finds_the_cmdlets_and_skips_abstract_bases()
    {
        var names = new CmdletAssemblyReader([]).Read(HelpWorkspace.TestAssemblyPath).Select(c => c.Name).ToList();

        Assert.Equal(["Get-FakeWidget", "Remove-FakeWidget"], names);
    }

    [Fact]
    public void Parameter_sets_start_with_the_default()
    {
        Assert.Equal(["ByName", "ById"], GetWidget.ParameterSetNames);
        Assert.Equal(["Now", "Later"], RemoveWidget.ParameterSetNames);
    }

    [Fact]
    public void Reads_position_pipeline_aliases_wildcards_and_types()
    {
        var name = Parameter(GetWidget, "Name");
        var usage = Assert.Single(name.Sets);
        Assert.Equal("ByName", usage.SetName);
        Assert.Equal(0, usage.Position);
        Assert.True(usage.ValueFromPipelineByPropertyName);
        Assert.False(usage.Mandatory);
        Assert.Equal(["WidgetName"], name.Aliases);
        Assert.True(name.SupportsWildcards);
        Assert.Equal("System.String[]", name.TypeFullName);
        Assert.Equal("String[]", name.TypeDisplayName);

        var id = Assert.Single(Parameter(GetWidget, "Id").Sets);
        Assert.True(id.Mandatory);
        Assert.True(id.ValueFromPipeline);
        Assert.Null(id.Position);
    }

    [Fact]
    public void Enum_and_ValidateSet_give_accepted_values_and_nullable_shows_its_value_type()
    {
        var color = Parameter(GetWidget, "Color");
        Assert.Equal(["Red", "Green", "Blue"], color.AcceptedValues);
        Assert.Equal("OnCall.HelpBuilder.Tests.FakeColor", color.TypeFullName);

        Assert.Equal(["Small", "Large"], Parameter(GetWidget, "Size").AcceptedValues);
    }

    [Fact]
    public void Switches_inherited_parameters_and_DontShow()
    {
        Assert.True(Parameter(GetWidget, "IncludeHidden").IsSwitch);
        Assert.True(Parameter(GetWidget, "Connection").IsInSet("ById"));
        Assert.DoesNotContain(GetWidget.Parameters, p => p.Name == "InternalOnly");
    }

    [Fact]
    public void SupportsShouldProcess_adds_WhatIf_and_Confirm()
    {
        Assert.True(RemoveWidget.SupportsShouldProcess);
        Assert.Equal(["Name", "After", "WhatIf", "Confirm"], RemoveWidget.Parameters.Select(p => p.Name));
        Assert.Equal(["wi"], Parameter(RemoveWidget, "WhatIf").Aliases);
        Assert.DoesNotContain(GetWidget.Parameters, p => p.Name == "WhatIf");
    }

    [Fact]
    public void Output_types_skip_void()
    {
        Assert.Equal(["OnCall.HelpBuilder.Tests.FakeWidget"], GetWidget.OutputTypeNames);
        Assert.Empty(RemoveWidget.OutputTypeNames);
    }

    [Fact]
    public void Reads_OnCall_dll_without_the_engine_and_with_the_models_in_a_probe_folder()
    {
        // The layout the brief warns about: OnCall.dll alone, OnCall.Models.dll elsewhere, no OnCall.Engine.dll at all.
        var bin = Path.GetDirectoryName(HelpWorkspace.TestAssemblyPath)!;
        var root = Path.Combine(Path.GetTempPath(), "oncall-reader-" + Guid.NewGuid().ToString("N"));
        var alone = Directory.CreateDirectory(Path.Combine(root, "module")).FullName;
        var probe = Directory.CreateDirectory(Path.Combine(root, "probe")).FullName;
        try
        {
            File.Copy(Path.Combine(bin, "OnCall.dll"), Path.Combine(alone, "OnCall.dll"));
            File.Copy(Path.Combine(bin, "OnCall.Models.dll"), Path.Combine(probe, "OnCall.Models.dll"));

            var missingModels = Assert.Throws<CmdletAssemblyException>(() => new CmdletAssemblyReader([]).Read(Path.Combine(alone, "OnCall.dll")));
            Assert.Contains("OnCall.Models", missingModels.Message);
            Assert.Contains("--probe", missingModels.Message);

            var cmdlets = new CmdletAssemblyReader([probe]).Read(Path.Combine(alone, "OnCall.dll"));

            var connect = cmdlets.Single(c => c.Name == "Connect-OnCall");
            Assert.Equal(["OnCall.OnCallConnection"], connect.OutputTypeNames);
            Assert.Equal(["VictorOps", "Datadog", "ZStack"], connect.Parameters.Single(p => p.Name == "Provider").AcceptedValues);
            Assert.Contains(cmdlets, c => c.Name == "Disconnect-OnCall" && c.Parameters.Any(p => p.Name == "WhatIf"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Reading_runs_no_OnCall_code_and_loads_nothing_into_the_process()
    {
        var bin = Path.GetDirectoryName(HelpWorkspace.TestAssemblyPath)!;

        _ = new CmdletAssemblyReader([]).Read(Path.Combine(bin, "OnCall.dll"));

        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name is "OnCall" or "OnCall.Engine");
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var error = Assert.Throws<CmdletAssemblyException>(() => new CmdletAssemblyReader([]).Read("/nowhere/OnCall.dll"));
        Assert.Contains("no such file", error.Message);
    }

    private static CmdletMetadata Read(string name) =>
        new CmdletAssemblyReader([]).Read(HelpWorkspace.TestAssemblyPath).Single(c => c.Name == name);

    private static ParameterMetadata Parameter(CmdletMetadata cmdlet, string name) => cmdlet.Parameters.Single(p => p.Name == name);
}
