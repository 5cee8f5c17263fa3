using System.Collections.Generic;

namespace OnCall.HelpBuilder.Markdown;

/// <summary>What one help/en-US/Verb-Noun.md says about its cmdlet, before it meets the cmdlet's metadata.</summary>
internal sealed class CommandHelpSource
{
    public required string SourcePath { get; init; }

    /// <summary>The name in the file's "# Verb-Noun" title (empty when the title is missing).</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The command name the file stands for: its file name without ".md".</summary>
    public required string CommandName { get; init; }

    public List<string> Synopsis { get; } = new();

    public List<string> Description { get; } = new();

    public List<ExampleSource> Examples { get; } = new();

    /// <summary>Parameter name (without the dash) to its documentation, in the file's order.</summary>
    public List<ParameterSource> Parameters { get; } = new();

    public List<TypeNoteSource> Inputs { get; } = new();

    public List<TypeNoteSource> Outputs { get; } = new();

    public List<string> Notes { get; } = new();

    public List<RelatedLinkSource> RelatedLinks { get; } = new();

    /// <summary>Problems found while reading the file itself (unknown sections, malformed examples).</summary>
    public List<string> FormatProblems { get; } = new();
}

internal sealed class ExampleSource
{
    public required string Title { get; init; }

    public string Code { get; set; } = string.Empty;

    public List<string> Remarks { get; } = new();
}

internal sealed class ParameterSource
{
    public required string Name { get; init; }

    public List<string> Description { get; } = new();

    /// <summary>From an optional "Default value: ..." line; null when the file does not say.</summary>
    public string? DefaultValue { get; set; }
}

/// <summary>An INPUTS or OUTPUTS entry: "### TypeName" and what it means.</summary>
internal sealed class TypeNoteSource
{
    public required string TypeName { get; init; }

    public List<string> Description { get; } = new();
}

internal sealed class RelatedLinkSource
{
    public required string Text { get; init; }

    public string Uri { get; init; } = string.Empty;
}
