using System.IO;

namespace OnCall.HelpBuilder.Tests;

/// <summary>Each rule of the help source, broken one at a time: exit code 1, the file named, nothing written.</summary>
public sealed class ValidationTests
{
    [Fact]
    public void Valid_source_writes_the_help_file_and_copies_about_topics()
    {
        using var workspace = new HelpWorkspace();

        var run = workspace.RunBuilder();

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(workspace.OutputPath));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(workspace.OutputPath)!, "about_FakeWidgets.help.txt")));
        Assert.Contains("2 cmdlet(s)", run.Output);
    }

    [Fact]
    public void Cmdlet_without_a_help_file_fails()
    {
        using var workspace = new HelpWorkspace();
        workspace.Delete("Remove-FakeWidget.md");

        var run = AssertFails(workspace);

        Assert.Contains(workspace.PagePath("Remove-FakeWidget.md") + ": missing: Remove-FakeWidget", run.Error);
        Assert.Contains("has no help file", run.Error);
    }

    [Fact]
    public void Help_file_without_a_cmdlet_fails()
    {
        using var workspace = new HelpWorkspace();
        workspace.Write("Get-Gadget.md", HelpWorkspace.RemoveFakeWidgetPage.Replace("Remove-FakeWidget", "Get-Gadget"));

        var run = AssertFails(workspace);

        Assert.Contains(workspace.PagePath("Get-Gadget.md") + ": there is no cmdlet named Get-Gadget", run.Error);
    }

    [Fact]
    public void Missing_synopsis_fails()
    {
        using var workspace = new HelpWorkspace();
        workspace.Replace("Remove-FakeWidget.md", "## SYNOPSIS\nRemoves a fake widget.\n", string.Empty);

        var run = AssertFails(workspace);

        Assert.Contains(workspace.PagePath("Remove-FakeWidget.md") + ": missing synopsis", run.Error);
    }

    [Fact]
    public void Empty_description_fails()
    {
        using var workspace = new HelpWorkspace();
        workspace.Replace("Remove-FakeWidget.md", "Remove-FakeWidget removes one widget.\n", string.Empty);

        var run = AssertFails(workspace);

        Assert.Contains(workspace.PagePath("Remove-FakeWidget.md") + ": missing description", run.Error);
    }

    [Fact]
    public void Fewer_than_two_examples_fails()
    {
        using var workspace = new HelpWorkspace();
        workspace.Replace("Remove-FakeWidget.md", "### Example 2: Preview", "Preview, no longer an example heading:");

        var run = AssertFails(workspace);

        Assert.Contains(workspace.PagePath("Remove-FakeWidget.md") + ": 1 example(s); at least 2 are required", run.Error);
    }

    [Fact]
    public void Example_without_code_or_remarks_fails()
    {
        using var workspace = new HelpWorkspace();
        workspace.Replace("Remove-FakeWidget.md", "Removes w1.\n", string.Empty);
        workspace.Replace("Remove-FakeWidget.md", "```powershell\nGet-FakeWidget | Remove-FakeWidget -WhatIf\n```", string.Empty);

        var run = AssertFails(workspace);

        Assert.Contains("example 'Example 1: Remove one' does not say what it does", run.Error);
        Assert.Contains("example 'Example 2: Preview' has no ```powershell code block", run.Error);
    }

    [Fact]
    public void Undocumented_parameter_fails_including_an_inherited_one()
    {
        using var workspace = new HelpWorkspace();
        workspace.Replace("Get-FakeWidget.md", "### -Connection\nThe connection to use.\n", string.Empty);
        workspace.Replace("Get-FakeWidget.md", "### -Color\nOnly widgets of this color.\n", "### -Color\n");

        var run = AssertFails(workspace);

        var page = workspace.PagePath("Get-FakeWidget.md");
        Assert.Contains(page + ": parameter -Connection of Get-FakeWidget has no description", run.Error);
        Assert.Contains(page + ": parameter -Color has a heading but no description", run.Error);
    }

    [Fact]
    public void Documented_parameter_that_does_not_exist_fails()
    {
        using var workspace = new HelpWorkspace();
        workspace.Replace("Remove-FakeWidget.md", "### -Name\n", "### -Force\nNo such thing.\n\n### -Name\n");

        var run = AssertFails(workspace);

        Assert.Contains(workspace.PagePath("Remove-FakeWidget.md") + ": parameter -Force is documented but Remove-FakeWidget has no such parameter", run.Error);
    }

    [Fact]
    public void Hidden_parameters_and_WhatIf_Confirm_need_no_description()
    {
        // Get-FakeWidget's DontShow -InternalOnly and Remove-FakeWidget's -WhatIf/-Confirm are undocumented in the valid pages.
        using var workspace = new HelpWorkspace();

        Assert.Equal(0, workspace.RunBuilder().ExitCode);
    }

    [Fact]
    public void Title_that_does_not_match_and_unknown_section_fail()
    {
        using var workspace = new HelpWorkspace();
        workspace.Replace("Remove-FakeWidget.md", "# Remove-FakeWidget\n", "# Remove-FakeWidgets\n\n## EXAMPEL\n");

        var run = AssertFails(workspace);

        Assert.Contains("the title '# Remove-FakeWidgets' does not match the cmdlet name Remove-FakeWidget", run.Error);
        Assert.Contains("unknown section '## EXAMPEL'", run.Error);
    }

    [Fact]
    public void Every_problem_is_reported_in_one_run()
    {
        using var workspace = new HelpWorkspace();
        workspace.Delete("Remove-FakeWidget.md");
        workspace.Replace("Get-FakeWidget.md", "## SYNOPSIS\nGets fake widgets.\n", string.Empty);

        var run = AssertFails(workspace);

        Assert.Contains("2 help problem(s)", run.Error);
    }

    [Fact]
    public void Missing_arguments_and_unreadable_assembly_exit_with_2()
    {
        using var workspace = new HelpWorkspace();
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, Program.Run(["--assembly", HelpWorkspace.TestAssemblyPath], output, error));
        Assert.Contains("usage:", error.ToString());

        var notAnAssembly = Path.Combine(workspace.Root, "not-an-assembly.dll");
        File.WriteAllText(notAnAssembly, "text");
        var notAnAssemblyHelp = Path.Combine(workspace.Root, "en-US", "not-an-assembly.dll-Help.xml");
        Assert.Equal(2, Program.Run(["--assembly", notAnAssembly, "--source", workspace.SourceDirectory, "--output", notAnAssemblyHelp], output, error));
        Assert.Contains("not a .NET assembly", error.ToString());
    }

    [Fact]
    public void Output_not_named_after_the_assembly_is_refused()
    {
        using var workspace = new HelpWorkspace();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = Program.Run(["--assembly", HelpWorkspace.TestAssemblyPath, "--source", workspace.SourceDirectory, "--output", Path.Combine(workspace.Root, "en-US", "OnCall-help.xml")], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("--output must be named " + HelpWorkspace.HelpFileName, error.ToString());
    }

    private static BuilderRun AssertFails(HelpWorkspace workspace)
    {
        var run = workspace.RunBuilder();
        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(workspace.OutputPath), "no help file may be written when the source is invalid");
        Assert.Contains("was not written", run.Error);
        return run;
    }
}
