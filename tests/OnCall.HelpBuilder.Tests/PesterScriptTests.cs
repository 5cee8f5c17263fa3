using System;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;

namespace OnCall.HelpBuilder.Tests;

/// <summary>
/// Pester cannot run on the machines this is built on, but PowerShell's parser can: a syntax error in
/// the Pester suite shows up here instead of on the first machine that has pwsh.
/// </summary>
public sealed class PesterScriptTests
{
    [Fact]
    public void Pester_scripts_parse_without_errors()
    {
        var folder = RepositoryPaths.PesterSuite;
        var scripts = Directory.GetFiles(folder, "*.ps1");
        Assert.NotEmpty(scripts);

        foreach (var script in scripts)
        {
            Parser.ParseFile(script, out _, out var errors);
            Assert.True(errors.Length == 0, script + ":\n" + string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        }
    }
}
