using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using OnCall.HelpBuilder.Markdown;
using OnCall.HelpBuilder.Reflection;
using OnCall.HelpBuilder.Validation;

namespace OnCall.HelpBuilder.Tests;

/// <summary>
/// The repository's own help/en-US against the OnCall.dll built beside these tests. A page that goes
/// wrong (a parameter renamed in code, an example lost) fails here. A cmdlet that has no page yet
/// does not: the help build itself reports that, so cmdlets can land before their pages.
/// </summary>
public sealed class RealHelpSourceTests
{
    private static readonly string SourceDirectory = RepositoryPaths.HelpSource;
    private static readonly string OnCallAssembly = Path.Combine(Path.GetDirectoryName(HelpWorkspace.TestAssemblyPath)!, "OnCall.dll");

    [Fact]
    public void Every_page_matches_a_cmdlet_and_passes_the_rules()
    {
        var cmdlets = new CmdletAssemblyReader([]).Read(OnCallAssembly);
        var pages = Directory.EnumerateFiles(SourceDirectory, "*.md").Select(HelpMarkdownParser.ParseFile).ToList();

        var problems = HelpValidator.Validate(cmdlets, pages, SourceDirectory)
            .Where(p => !p.Message.Contains("has no help file", StringComparison.Ordinal))
            .Select(p => p.ToString())
            .ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(pages, p => p.CommandName == "Connect-OnCall");
    }

    [Fact]
    public void About_topic_is_there_and_named_as_Get_Help_expects()
    {
        var about = Path.Combine(SourceDirectory, "about_OnCall.help.txt");

        Assert.True(File.Exists(about));
        Assert.StartsWith("TOPIC\n    about_OnCall", File.ReadAllText(about).Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_cmdlets_build_into_MAML_with_their_examples()
    {
        // Only the documented cmdlets, so the build does not stop at the ones still without a page.
        var documented = Directory.EnumerateFiles(SourceDirectory, "*.md").Select(HelpMarkdownParser.ParseFile).ToDictionary(p => p.CommandName);
        var cmdlets = new CmdletAssemblyReader([]).Read(OnCallAssembly).Where(c => documented.ContainsKey(c.Name)).ToList();

        var document = Maml.MamlWriter.Build(cmdlets.Select(c => (c, documented[c.Name])));

        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        var connect = document.Root!.Elements(command + "command").Single(c => c.Descendants(command + "name").First().Value == "Connect-OnCall");
        Assert.Equal(2, connect.Element(command + "syntax")!.Elements(command + "syntaxItem").Count());
        Assert.True(connect.Element(command + "examples")!.Elements().Count() >= 6);
        Assert.Contains("http://127.0.0.1:5080", connect.ToString(), StringComparison.Ordinal);
        Assert.Contains("Get-AutomationPSCredential", connect.ToString(), StringComparison.Ordinal);
    }
}
