using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OnCall.HelpBuilder.Maml;
using OnCall.HelpBuilder.Markdown;
using OnCall.HelpBuilder.Reflection;
using OnCall.HelpBuilder.Validation;

namespace OnCall.HelpBuilder;

/// <summary>One run: read the pages and the cmdlets, check them against each other, write the MAML and the about topics.</summary>
internal sealed class HelpBuild
{
    private readonly HelpBuildOptions _options;

    public HelpBuild(HelpBuildOptions options) => _options = options;

    /// <summary>The problems found; when there are any, nothing is written.</summary>
    /// <exception cref="CmdletAssemblyException">The assembly cannot be read.</exception>
    public IReadOnlyList<HelpProblem> Run()
    {
        if (!Directory.Exists(_options.SourceDirectory))
        {
            return new[] { new HelpProblem(_options.SourceDirectory, "the help source folder does not exist.") };
        }

        var cmdlets = new CmdletAssemblyReader(_options.ProbeDirectories).Read(_options.AssemblyPath);
        var pages = Directory.EnumerateFiles(_options.SourceDirectory, "*.md")
            .Where(path => !string.Equals(Path.GetFileName(path), "README.md", StringComparison.OrdinalIgnoreCase))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(HelpMarkdownParser.ParseFile)
            .ToList();

        var problems = HelpValidator.Validate(cmdlets, pages, _options.SourceDirectory);
        if (problems.Count > 0)
        {
            return problems;
        }

        var pagesByName = pages.ToDictionary(p => p.CommandName, StringComparer.OrdinalIgnoreCase);
        var document = MamlWriter.Build(cmdlets.Select(c => (c, pagesByName[c.Name])));

        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(_options.OutputPath))!;
        Directory.CreateDirectory(outputDirectory);
        MamlWriter.Save(document, _options.OutputPath);

        // About topics are plain text that Get-Help reads as they are.
        foreach (var about in Directory.EnumerateFiles(_options.SourceDirectory, "about_*.help.txt"))
        {
            File.Copy(about, Path.Combine(outputDirectory, Path.GetFileName(about)), overwrite: true);
        }

        CommandsWritten = cmdlets.Count;
        return problems;
    }

    public int CommandsWritten { get; private set; }
}

internal sealed class HelpBuildOptions
{
    public required string AssemblyPath { get; init; }

    public required string SourceDirectory { get; init; }

    public required string OutputPath { get; init; }

    public IReadOnlyList<string> ProbeDirectories { get; init; } = Array.Empty<string>();
}
