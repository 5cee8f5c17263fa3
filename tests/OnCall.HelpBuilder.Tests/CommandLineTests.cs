using System.Diagnostics;
using System.IO;

namespace OnCall.HelpBuilder.Tests;

/// <summary>The tool as a build script runs it: a separate dotnet process, judged by its exit code and stderr.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Exit_codes_and_messages_reach_the_caller()
    {
        using var workspace = new HelpWorkspace();

        var success = RunTool(workspace);
        Assert.Equal(0, success.ExitCode);
        Assert.True(File.Exists(workspace.OutputPath));

        File.Delete(workspace.OutputPath);
        workspace.Delete("Get-FakeWidget.md");
        var failure = RunTool(workspace);
        Assert.Equal(1, failure.ExitCode);
        Assert.Contains("Get-FakeWidget.md: missing: Get-FakeWidget", failure.Error);
        Assert.False(File.Exists(workspace.OutputPath));
    }

    private static BuilderRun RunTool(HelpWorkspace workspace)
    {
        var tool = Path.Combine(Path.GetDirectoryName(HelpWorkspace.TestAssemblyPath)!, "OnCall.HelpBuilder.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { tool, "--assembly", HelpWorkspace.TestAssemblyPath, "--source", workspace.SourceDirectory, "--output", workspace.OutputPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errorTask = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new BuilderRun(process.ExitCode, output, errorTask.Result);
    }
}
