using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace OnCall.HelpBuilder.Tests;

/// <summary>
/// The generated MAML as PowerShell reads it: a module made by hand (a psd1 whose RootModule is this
/// test assembly, the help under en-US), imported into a real runspace, asked with Get-Help.
/// </summary>
public sealed class PowerShellHelpTests : IClassFixture<PowerShellHelpTests.HelpModule>
{
    private readonly HelpModule _module;

    public PowerShellHelpTests(HelpModule module) => _module = module;

    [Fact]
    public void Get_Help_object_has_synopsis_description_examples_and_parameters()
    {
        var help = Assert.Single(_module.Invoke("Get-Help Get-FakeWidget -Full"));

        Assert.Equal("Gets fake widgets.", help.Properties["Synopsis"].Value?.ToString()?.Trim());
        var examples = Items(help, "examples", "example");
        Assert.Equal(2, examples.Length);
        Assert.Equal("Get-FakeWidget -Id 42", examples[1].Properties["code"].Value?.ToString());

        var parameters = Items(help, "parameters", "parameter");
        Assert.Equal(["Name", "Id", "Color", "Size", "IncludeHidden", "Connection"], parameters.Select(p => p.Properties["name"].Value?.ToString()));
        var name = parameters[0];
        Assert.Equal("true", name.Properties["globbing"].Value?.ToString());
        Assert.Equal("0", name.Properties["position"].Value?.ToString());
        Assert.Equal("True (ByPropertyName)", name.Properties["pipelineInput"].Value?.ToString());

        Assert.Equal(2, Items(help, "syntax", "syntaxItem").Length);
    }

    [Fact]
    public void Full_help_renders_every_section()
    {
        var text = _module.Render("Get-Help Get-FakeWidget -Full | Out-Host");

        Assert.Contains("NAME", text, StringComparison.Ordinal);
        Assert.Contains("Gets fake widgets.", text, StringComparison.Ordinal);
        Assert.Contains("Get-FakeWidget [[-Name] <String[]>]", text, StringComparison.Ordinal);
        Assert.Contains("[-Color {Red | Green | Blue}]", text, StringComparison.Ordinal);
        Assert.Contains("Get-FakeWidget -Id <Int32>", text, StringComparison.Ordinal);
        Assert.Contains("This line continues the first paragraph.", text, StringComparison.Ordinal);
        Assert.Contains("Accept wildcard characters?", text, StringComparison.Ordinal);
        Assert.Contains("Aliases", text, StringComparison.Ordinal);
        Assert.Contains("WidgetName", text, StringComparison.Ordinal);
        Assert.Contains("the default connection", text, StringComparison.Ordinal);
        Assert.Contains("<CommonParameters>", text, StringComparison.Ordinal);
        Assert.Contains("INPUTS", text, StringComparison.Ordinal);
        Assert.Contains("System.Int32", text, StringComparison.Ordinal);
        Assert.Contains("OnCall.HelpBuilder.Tests.FakeWidget", text, StringComparison.Ordinal);
        Assert.Contains("Widgets are fake.", text, StringComparison.Ordinal);
        Assert.Contains("Example 2: One widget by id", text, StringComparison.Ordinal);
        Assert.Contains("https://example.invalid/get-fakewidget", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Examples_view_and_ShouldProcess_syntax()
    {
        var examples = _module.Render("Get-Help Remove-FakeWidget -Examples | Out-Host");
        Assert.Contains("Get-FakeWidget | Remove-FakeWidget -WhatIf", examples, StringComparison.Ordinal);
        Assert.Contains("Shows what would be removed.", examples, StringComparison.Ordinal);

        var full = _module.Render("Get-Help Remove-FakeWidget -Full | Out-Host");
        Assert.Contains("[-WhatIf] [-Confirm]", full, StringComparison.Ordinal);
        Assert.Contains("Prompts you for confirmation before running the cmdlet.", full, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_parameter_set_is_a_syntax_item_the_default_set_with_no_parameter_of_its_own_included()
    {
        foreach (var name in new[] { "Get-FakeWidget", "Remove-FakeWidget" })
        {
            var sets = _module.Invoke($"(Get-Command {name}).ParameterSets | ForEach-Object {{ $_.Name }}").Select(o => o.ToString()).ToArray();
            var items = _module.Invoke($"(Get-Help {name}).syntax.syntaxItem | ForEach-Object {{ @($_.parameter.name) -join ' ' }}").Select(o => o.ToString()).ToArray();

            Assert.Equal(sets.Length, items.Length);
        }

        var syntax = _module.Invoke("(Get-Help Remove-FakeWidget).syntax.syntaxItem | ForEach-Object { @($_.parameter.name) -join ' ' }").Select(o => o.ToString()).ToArray();
        Assert.Equal(["Name WhatIf Confirm", "Name After WhatIf Confirm"], syntax);
        var text = _module.Render("Get-Help Remove-FakeWidget | Out-Host");
        Assert.Contains("Remove-FakeWidget [-Name] <String> [-WhatIf] [-Confirm]", text, StringComparison.Ordinal);
        Assert.Contains("Remove-FakeWidget [-Name] <String> -After <DateTime> [-WhatIf] [-Confirm]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void About_topic_is_found_beside_the_help_file()
    {
        var text = _module.Render("Get-Help about_FakeWidgets | Out-Host");

        Assert.Contains("Fake widgets.", text, StringComparison.Ordinal);
    }

    private static PSObject[] Items(PSObject help, string container, string item)
    {
        var outer = help.Properties[container]?.Value as PSObject;
        var value = outer?.Properties[item]?.Value;
        return value switch
        {
            null => [],
            PSObject single when single.BaseObject is not IEnumerable or string => [single],
            _ => LanguagePrimitives.GetEnumerable(value)!.Cast<object>().Select(PSObject.AsPSObject).ToArray(),
        };
    }

    /// <summary>One runspace for the class: importing the module is the slow part.</summary>
    public sealed class HelpModule : IDisposable
    {
        private readonly HelpWorkspace _workspace = new();
        private readonly CapturingHost _host = new();
        private readonly Runspace _runspace;

        public HelpModule()
        {
            var run = _workspace.RunBuilder();
            Assert.True(run.ExitCode == 0, run.Error);

            // New-ModuleManifest is not something to rely on in a trimmed host; a manifest is a few lines.
            var manifest = Path.Combine(_workspace.ModuleDirectory, "FakeModule.psd1");
            File.WriteAllText(manifest, $$"""
                @{
                    RootModule = '{{HelpWorkspace.TestAssemblyPath.Replace("'", "''", StringComparison.Ordinal)}}'
                    ModuleVersion = '1.0.0'
                    GUID = '6f1d3c2e-9a64-4f0e-8a51-3f7d2b1c0a99'
                    CmdletsToExport = @('Get-FakeWidget', 'Remove-FakeWidget')
                }
                """);

            _runspace = RunspaceFactory.CreateRunspace(_host, InitialSessionState.CreateDefault2());
            _runspace.Open();
            Invoke($"Import-Module '{manifest.Replace("'", "''", StringComparison.Ordinal)}' -ErrorAction Stop");
        }

        public PSObject[] Invoke(string script)
        {
            using var shell = PowerShell.Create();
            shell.Runspace = _runspace;
            shell.AddScript(script);
            var results = shell.Invoke().ToArray();
            Assert.False(shell.HadErrors, string.Join("\n", shell.Streams.Error.Select(e => e.ToString())));
            return results;
        }

        public string Render(string script)
        {
            lock (_host)
            {
                _host.Clear();
                Invoke(script);
                return _host.Text;
            }
        }

        public void Dispose()
        {
            _runspace.Dispose();
            _workspace.Dispose();
        }
    }
}
