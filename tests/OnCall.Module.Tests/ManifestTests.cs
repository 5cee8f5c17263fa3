using System.Management.Automation;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>The manifest and what it exports, in one runspace with the module imported (and one without, for Test-ModuleManifest).</summary>
public sealed class ManifestTests(ModuleSessionFixture module) : IClassFixture<ModuleSessionFixture>
{
    [Fact]
    public void Test_ModuleManifest_passes_and_says_what_the_module_needs()
    {
        using var session = new PowerShellSession(importModule: false);
        var manifest = session.RunOk("Test-ModuleManifest -Path $args[0]", ModulePathAttribute.Manifest).Single();

        Assert.Equal("OnCall", manifest.Properties["Name"].Value);
        Assert.Equal(new Version(0, 1, 0), manifest.Properties["Version"].Value);
        Assert.Equal(new Version(5, 1), manifest.Properties["PowerShellVersion"].Value);
        Assert.Equal(new Version(4, 7, 2), manifest.Properties["DotNetFrameworkVersion"].Value);
        var editions = ((IEnumerable<object>)manifest.Properties["CompatiblePSEditions"].Value).Select(e => e.ToString()).ToList();
        Assert.Contains("Desktop", editions);
        Assert.Contains("Core", editions);
    }

    [Fact]
    public void The_manifest_lists_cmdlets_explicitly_and_exactly_the_ones_that_exist()
    {
        var text = File.ReadAllText(ModulePathAttribute.Manifest);
        Assert.DoesNotContain("CmdletsToExport        = '*'", text);

        var session = module.Session;
        var exported = session.RunOk("(Get-Module OnCall).ExportedCmdlets.Keys").Select(o => o.ToString()).OrderBy(n => n).ToList();
        var inAssembly = session.RunOk(
            "[System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'OnCall' } | ForEach-Object { $_.GetExportedTypes() } | " +
            "ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } | ForEach-Object { $_.VerbName + '-' + $_.NounName }")
            .Select(o => o.ToString()).Distinct().OrderBy(n => n).ToList();

        Assert.NotEmpty(exported);
        Assert.Equal(inAssembly, exported);
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb_a_singular_noun_and_declares_its_output()
    {
        var session = module.Session;
        var approved = new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
            .SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var commands = session.RunOk("Get-Command -Module OnCall");
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var info = (CmdletInfo)command.BaseObject;
            Assert.True(approved.Contains(info.Verb), $"{info.Name}: '{info.Verb}' is not an approved verb");
            Assert.False(info.Noun.EndsWith('s') && !info.Noun.EndsWith("ss", StringComparison.Ordinal), $"{info.Name}: noun should be singular");
            Assert.True(info.OutputType.Count > 0, $"{info.Name} declares no [OutputType]");
        }
    }

    [Fact]
    public void State_changing_cmdlets_support_WhatIf_and_Confirm()
    {
        var session = module.Session;
        var changing = new[] { "Set-", "Remove-", "New-", "Invoke-Incident", "Add-", "Disconnect-" };
        foreach (var command in session.RunOk("Get-Command -Module OnCall").Select(c => (CmdletInfo)c.BaseObject))
        {
            if (changing.Any(prefix => command.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Assert.True(command.Parameters.ContainsKey("WhatIf"), $"{command.Name} changes state and has no -WhatIf");
                Assert.True(command.Parameters.ContainsKey("Confirm"), $"{command.Name} changes state and has no -Confirm");
            }
        }
    }
}
