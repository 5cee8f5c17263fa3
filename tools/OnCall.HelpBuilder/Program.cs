using System;
using System.Collections.Generic;
using System.IO;
using OnCall.HelpBuilder.Reflection;

namespace OnCall.HelpBuilder;

/// <summary>
/// dotnet OnCall.HelpBuilder.dll --assembly OnCall.dll --source help/en-US --output out/OnCall/en-US/OnCall.dll-Help.xml [--probe folder]...
/// Exit codes: 0 written; 1 the help does not match the cmdlets (each problem printed with its file); 2 bad arguments or unreadable assembly.
/// </summary>
internal static class Program
{
    public const int Success = 0;
    public const int InvalidHelp = 1;
    public const int UsageError = 2;

    private const string Usage =
        "usage: OnCall.HelpBuilder --assembly <OnCall.dll> --source <help/en-US> --output <dir/en-US/OnCall.dll-Help.xml> [--probe <folder>]...";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return UsageError;
        }

        try
        {
            var build = new HelpBuild(options!);
            var problems = build.Run();
            if (problems.Count > 0)
            {
                foreach (var helpProblem in problems)
                {
                    error.WriteLine("error: " + helpProblem);
                }

                error.WriteLine($"{problems.Count} help problem(s); {options!.OutputPath} was not written.");
                return InvalidHelp;
            }

            output.WriteLine($"Wrote help for {build.CommandsWritten} cmdlet(s) to {options!.OutputPath}.");
            return Success;
        }
        catch (CmdletAssemblyException unreadable)
        {
            error.WriteLine("error: " + unreadable.Message);
            return UsageError;
        }
    }

    private static bool TryParse(string[] args, out HelpBuildOptions? options, out string problem)
    {
        options = null;
        string? assembly = null, source = null, outputPath = null;
        var probes = new List<string>();
        for (var index = 0; index < args.Length; index++)
        {
            var name = args[index];
            if (index + 1 >= args.Length)
            {
                problem = $"{name}: a value is missing.";
                return false;
            }

            var value = args[++index];
            switch (name)
            {
                case "--assembly":
                    assembly = value;
                    break;
                case "--source":
                    source = value;
                    break;
                case "--output":
                    outputPath = value;
                    break;
                case "--probe":
                    probes.Add(value);
                    break;
                default:
                    problem = $"unknown option {name}.";
                    return false;
            }
        }

        if (assembly is null || source is null || outputPath is null)
        {
            problem = "--assembly, --source and --output are required.";
            return false;
        }

        // PowerShell looks for exactly "<assembly file name>-Help.xml"; any other name is silently never read.
        var expectedName = Path.GetFileName(assembly) + "-Help.xml";
        if (!string.Equals(Path.GetFileName(outputPath), expectedName, StringComparison.Ordinal))
        {
            problem = $"--output must be named {expectedName} (the name Get-Help looks for beside {Path.GetFileName(assembly)}), not {Path.GetFileName(outputPath)}.";
            return false;
        }

        options = new HelpBuildOptions { AssemblyPath = assembly, SourceDirectory = source, OutputPath = outputPath, ProbeDirectories = probes };
        problem = string.Empty;
        return true;
    }
}
