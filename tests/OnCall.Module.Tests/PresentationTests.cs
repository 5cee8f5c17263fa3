using System.Management.Automation;
using System.Xml.Linq;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>What a person sees: default views for every output type, and help pages with examples.</summary>
public sealed class PresentationTests
{
    [Fact]
    public void Every_OnCall_output_type_has_a_default_table_view()
    {
        using var session = new PowerShellSession();
        var outputTypes = session.RunOk("Get-Command -Module OnCall | ForEach-Object { $_.OutputType } | ForEach-Object { $_.Name }")
            .Select(o => o.ToString()!)
            .Where(n => n.StartsWith("OnCall.", StringComparison.Ordinal))
            .Select(n => n == "OnCall.OnCallConnection" ? "OnCall.Connection" : n)
            .ToHashSet();

        var formatFile = Path.Combine(Path.GetDirectoryName(ModulePathAttribute.Manifest)!, "OnCall.Format.ps1xml");
        var views = XDocument.Load(formatFile).Descendants("ViewSelectedBy").Elements("TypeName").Select(e => e.Value).ToHashSet();

        Assert.NotEmpty(outputTypes);
        Assert.Empty(outputTypes.Except(views));
    }

    [Fact]
    public void A_help_page_shows_synopsis_parameters_and_examples()
    {
        using var session = new PowerShellSession();
        session.Host.ClearText();
        session.RunOk("Get-Help Get-OnCallSchedule -Full | Out-Default");
        var page = session.Host.Text;

        Assert.Contains("SYNOPSIS", page);
        Assert.Contains("-Team", page);
        Assert.Contains("-Days", page);
        Assert.Contains("Example 2", page);
        Assert.Contains("Get-OnCallSchedule", page);
    }

    [Fact]
    public void Every_cmdlet_has_help_with_at_least_two_examples()
    {
        using var session = new PowerShellSession();
        foreach (var name in session.RunOk("Get-Command -Module OnCall | ForEach-Object Name").Select(o => o.ToString()!))
        {
            var help = session.RunOk("Get-Help $args[0]", name).Single();
            var synopsis = help.Properties["Synopsis"].Value?.ToString() ?? string.Empty;
            Assert.False(string.IsNullOrWhiteSpace(synopsis) || synopsis.StartsWith(name, StringComparison.Ordinal), $"{name} has no synopsis");
            var examples = session.RunOk("@((Get-Help $args[0]).examples.example).Count", name).Single();
            Assert.True((int)examples.BaseObject >= 2, $"{name} has fewer than two examples");
        }
    }
}
