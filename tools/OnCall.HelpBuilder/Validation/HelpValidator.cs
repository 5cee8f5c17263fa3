using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OnCall.HelpBuilder.Markdown;
using OnCall.HelpBuilder.Reflection;

namespace OnCall.HelpBuilder.Validation;

/// <summary>
/// Holds the help source and the cmdlets to each other: every cmdlet has a page, every page a cmdlet,
/// and a page says what a user at 3 a.m. needs (synopsis, description, two examples, every parameter).
/// </summary>
internal static class HelpValidator
{
    public const int MinimumExamples = 2;

    public static IReadOnlyList<HelpProblem> Validate(
        IReadOnlyList<CmdletMetadata> cmdlets,
        IReadOnlyList<CommandHelpSource> pages,
        string sourceDirectory)
    {
        var problems = new List<HelpProblem>();
        var pagesByName = new Dictionary<string, CommandHelpSource>(StringComparer.OrdinalIgnoreCase);
        foreach (var page in pages)
        {
            pagesByName[page.CommandName] = page;
        }

        foreach (var cmdlet in cmdlets)
        {
            if (!pagesByName.ContainsKey(cmdlet.Name))
            {
                problems.Add(new HelpProblem(
                    Path.Combine(sourceDirectory, cmdlet.Name + ".md"),
                    $"missing: {cmdlet.Name} ({cmdlet.ClassName}) has no help file."));
            }
        }

        var cmdletsByName = cmdlets.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var page in pages)
        {
            if (!cmdletsByName.TryGetValue(page.CommandName, out var cmdlet))
            {
                problems.Add(new HelpProblem(page.SourcePath, $"there is no cmdlet named {page.CommandName} in the assembly; rename or delete this file."));
                continue;
            }

            ValidatePage(page, cmdlet, problems);
        }

        return problems;
    }

    private static void ValidatePage(CommandHelpSource page, CmdletMetadata cmdlet, List<HelpProblem> problems)
    {
        void Report(string message) => problems.Add(new HelpProblem(page.SourcePath, message));

        foreach (var formatProblem in page.FormatProblems)
        {
            Report(formatProblem);
        }

        if (!string.Equals(page.Title, cmdlet.Name, StringComparison.Ordinal))
        {
            Report(page.Title.Length == 0
                ? $"the first line must be the title '# {cmdlet.Name}'."
                : $"the title '# {page.Title}' does not match the cmdlet name {cmdlet.Name}.");
        }

        if (!HasText(page.Synopsis))
        {
            Report("missing synopsis: add a '## SYNOPSIS' section with one sentence.");
        }

        if (!HasText(page.Description))
        {
            Report("missing description: add a '## DESCRIPTION' section.");
        }

        if (page.Examples.Count < MinimumExamples)
        {
            Report($"{page.Examples.Count} example(s); at least {MinimumExamples} are required under '## EXAMPLES'.");
        }

        foreach (var example in page.Examples)
        {
            if (string.IsNullOrWhiteSpace(example.Code))
            {
                Report($"example '{example.Title}' has no ```powershell code block.");
            }

            if (!HasText(example.Remarks))
            {
                Report($"example '{example.Title}' does not say what it does: add text after its code block.");
            }
        }

        var documented = new Dictionary<string, ParameterSource>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in page.Parameters)
        {
            if (!documented.TryAdd(parameter.Name, parameter))
            {
                Report($"parameter -{parameter.Name} is documented twice.");
            }
        }

        foreach (var parameter in cmdlet.Parameters)
        {
            if (parameter.IsShouldProcessParameter)
            {
                // -WhatIf and -Confirm have standard wording; a page may still say more.
                continue;
            }

            if (!documented.TryGetValue(parameter.Name, out var source))
            {
                Report($"parameter -{parameter.Name} of {cmdlet.Name} has no description: add '### -{parameter.Name}' under '## PARAMETERS'.");
            }
            else if (!HasText(source.Description))
            {
                Report($"parameter -{parameter.Name} has a heading but no description.");
            }
        }

        foreach (var source in page.Parameters)
        {
            if (!cmdlet.Parameters.Any(p => string.Equals(p.Name, source.Name, StringComparison.OrdinalIgnoreCase)))
            {
                Report($"parameter -{source.Name} is documented but {cmdlet.Name} has no such parameter.");
            }
        }
    }

    private static bool HasText(IEnumerable<string> paragraphs) => paragraphs.Any(p => !string.IsNullOrWhiteSpace(p));
}
