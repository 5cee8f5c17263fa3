using System.Management.Automation.Language;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests.Pester;

/// <summary>
/// The module's Pester suite (tests/Pester/OnCall.Tests.ps1) run here, where Pester is not installed: MiniPester.ps1
/// gives the part of Pester the suite uses, and the suite runs as in a fresh pwsh, in an 80-column host, importing the
/// built module itself, against this class's emulator (which it is told of through ONCALL_EMULATOR_URI instead of
/// starting one with dotnet run). What fails in pwsh for the suite's own reasons fails here first. The suite sets
/// DD_API_KEY and DD_APP_KEY for one test, so it never runs beside the tests that connect without keys.
/// </summary>
[Collection(DatadogEnvironmentCollection.Name)]
public sealed class PesterSuiteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public void The_Pester_suite_passes_in_hosted_PowerShell()
    {
        var shim = Path.Combine(RepositoryPaths.Root, "tests", "OnCall.Module.Tests", "Pester", "MiniPester.ps1");
        var suite = Path.Combine(RepositoryPaths.PesterSuite, "OnCall.Tests.ps1");
        // The suite says #Requires Pester 5: a manifest of that name and version, exporting nothing, satisfies it.
        var standIn = Directory.CreateTempSubdirectory("oncall-minipester-").FullName;
        var manifest = Path.Combine(standIn, "Pester", "Pester.psd1");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.WriteAllText(manifest, "@{ ModuleVersion = '5.0.0'; Description = 'MiniPester: the tests above use global functions, not this module.' }");
        Environment.SetEnvironmentVariable("ONCALL_EMULATOR_URI", emulator.BaseUri.ToString());
        try
        {
            using var session = new PowerShellSession(importModule: false);
            session.RunOk("Import-Module $args[0]; . $args[1]; . $args[2]", manifest, shim, suite);
            var results = session.RunOk("Invoke-MiniPester")
                .Select(r => (Name: r.Properties["Name"].Value?.ToString() ?? string.Empty, Outcome: r.Properties["Outcome"].Value?.ToString(), Message: r.Properties["Message"].Value?.ToString()))
                .ToList();

            var failed = results.Where(r => r.Outcome is not ("Passed" or "Skipped" or "Inconclusive")).ToList();
            Assert.True(failed.Count == 0, $"{failed.Count} of {results.Count} Pester tests failed:\n" + string.Join("\n", failed.Select(f => $"{f.Name}: {f.Message}")));

            // A discovery that lost tests must not pass for a green run: every It of the file without data ran, and
            // the data-driven help tests ran for every cmdlet.
            var plain = Parser.ParseFile(suite, out _, out _).FindAll(a => a is CommandAst c && c.GetCommandName() == "It", true).Cast<CommandAst>()
                .Select(c => ((StringConstantExpressionAst)c.CommandElements[1]).Value).Where(name => !name.Contains('<', StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(plain);
            Assert.All(plain, name => Assert.Contains(results, r => r.Name.EndsWith(" > " + name, StringComparison.Ordinal)));
            var cmdlets = session.RunOk("(Get-Module OnCall).ExportedCmdlets.Keys").Select(o => o.ToString()!).ToList();
            Assert.NotEmpty(cmdlets);
            Assert.All(cmdlets, name => Assert.Contains(results, r => r.Name.StartsWith("Help > " + name + " has a synopsis", StringComparison.Ordinal) && r.Outcome == "Passed"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ONCALL_EMULATOR_URI", null);
            Directory.Delete(standIn, recursive: true);
        }
    }
}
