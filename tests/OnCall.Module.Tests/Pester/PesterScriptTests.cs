using System.Management.Automation.Language;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests.Pester;

/// <summary>
/// The module's Pester suite (tests/Pester). Pester cannot run on the machines this is built on, but PowerShell's
/// parser can: a syntax error in the suite shows up here instead of on the first machine that has pwsh.
/// </summary>
public sealed class PesterScriptTests
{
    [Fact]
    public void Pester_scripts_parse_without_errors()
    {
        var scripts = Directory.GetFiles(RepositoryPaths.PesterSuite, "*.ps1");
        Assert.NotEmpty(scripts);

        foreach (var script in scripts)
        {
            Parser.ParseFile(script, out _, out var errors);
            Assert.True(errors.Length == 0, script + ":\n" + string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        }
    }
}
