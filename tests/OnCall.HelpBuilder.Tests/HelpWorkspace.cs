using System;
using System.IO;

namespace OnCall.HelpBuilder.Tests;

/// <summary>A temporary help source folder holding valid pages for the fake cmdlets, which a test then breaks.</summary>
internal sealed class HelpWorkspace : IDisposable
{
    public const string GetFakeWidgetPage = """
        # Get-FakeWidget

        ## SYNOPSIS
        Gets fake widgets.

        ## DESCRIPTION
        Get-FakeWidget writes widgets by name or by id.
        This line continues the first paragraph.

        A second paragraph with a list:
        - first item
        - second item

        ## EXAMPLES

        ### Example 1: All widgets
        ```powershell
        Get-FakeWidget
        ```

        Writes every widget.

        ### Example 2: One widget by id
        ```powershell
        Get-FakeWidget -Id 42
        ```

        ```output
        Name Id
        ---- --
        w    42
        ```

        Writes the widget whose id is 42.

        ## PARAMETERS

        ### -Name
        The widget names; wildcards allowed.

        ### -Id
        The widget id.

        ### -Color
        Only widgets of this color.

        ### -Size
        Only widgets of this size.

        ### -IncludeHidden
        Also hidden widgets.

        ### -Connection
        The connection to use.

        Default value: the default connection

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.Int32
        Ids bind to -Id.

        ## OUTPUTS

        ### FakeWidget
        A widget.

        ## NOTES
        Widgets are fake.

        ## RELATED LINKS
        - [Online help](https://example.invalid/get-fakewidget)
        - Remove-FakeWidget
        """;

    public const string RemoveFakeWidgetPage = """
        # Remove-FakeWidget

        ## SYNOPSIS
        Removes a fake widget.

        ## DESCRIPTION
        Remove-FakeWidget removes one widget.

        ## EXAMPLES

        ### Example 1: Remove one
        ```powershell
        Remove-FakeWidget -Name w1
        ```

        Removes w1.

        ### Example 2: Preview
        ```powershell
        Get-FakeWidget | Remove-FakeWidget -WhatIf
        ```

        Shows what would be removed.

        ## PARAMETERS

        ### -Name
        The widget to remove.

        ### -After
        Removes the widget at this time instead of now.
        """;

    public HelpWorkspace(bool withValidPages = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "oncall-help-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(SourceDirectory);
        if (withValidPages)
        {
            Write("Get-FakeWidget.md", GetFakeWidgetPage);
            Write("Remove-FakeWidget.md", RemoveFakeWidgetPage);
            Write("about_FakeWidgets.help.txt", "TOPIC\n    about_FakeWidgets\n\nSHORT DESCRIPTION\n    Fake widgets.\n");
        }
    }

    /// <summary>This test assembly: its fake cmdlets are what the builder documents.</summary>
    public static string TestAssemblyPath => typeof(GetFakeWidgetCommand).Assembly.Location;

    public static string HelpFileName => Path.GetFileName(TestAssemblyPath) + "-Help.xml";

    public string Root { get; }

    public string SourceDirectory => Path.Combine(Root, "help", "en-US");

    public string ModuleDirectory => Path.Combine(Root, "FakeModule");

    public string OutputPath => Path.Combine(ModuleDirectory, "en-US", HelpFileName);

    public void Write(string fileName, string text) => File.WriteAllText(Path.Combine(SourceDirectory, fileName), text);

    public void Delete(string fileName) => File.Delete(Path.Combine(SourceDirectory, fileName));

    public void Replace(string fileName, string oldText, string newText)
    {
        var path = Path.Combine(SourceDirectory, fileName);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public string PagePath(string fileName) => Path.Combine(SourceDirectory, fileName);

    public BuilderRun RunBuilder(params string[] extraArguments)
    {
        var arguments = new[] { "--assembly", TestAssemblyPath, "--source", SourceDirectory, "--output", OutputPath };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Program.Run([.. arguments, .. extraArguments], output, error);
        return new BuilderRun(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A runspace may still hold the module folder; the temp folder is cleaned up eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

internal sealed record BuilderRun(int ExitCode, string Output, string Error);
