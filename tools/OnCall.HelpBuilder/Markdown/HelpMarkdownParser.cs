using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OnCall.HelpBuilder.Markdown;

/// <summary>
/// Reads the platyPS-like markdown of one cmdlet (see help/README.md). Deliberately small: it knows
/// headings, paragraphs, list lines and fenced code, which is all a help page needs, and it reports
/// what it does not understand instead of dropping it silently.
/// </summary>
internal static class HelpMarkdownParser
{
    private static readonly string[] KnownSections =
    {
        "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
    };

    private const string DefaultValuePrefix = "Default value:";

    public static CommandHelpSource ParseFile(string path)
    {
        var commandName = Path.GetFileNameWithoutExtension(path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path, commandName);
    }

    public static CommandHelpSource Parse(string markdown, string sourcePath, string commandName)
    {
        var help = new CommandHelpSource { SourcePath = sourcePath, CommandName = commandName };
        var state = new ParseState(help);
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            var trimmed = line.Trim();

            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                index = ReadFence(lines, index, out var language, out var code);
                state.AddCode(language, code, lineNumber: index + 1);
                continue;
            }

            if (trimmed.StartsWith("### ", StringComparison.Ordinal))
            {
                state.StartSubsection(trimmed.Substring(4).Trim(), index + 1);
            }
            else if (trimmed.StartsWith("## ", StringComparison.Ordinal))
            {
                var section = trimmed.Substring(3).Trim().ToUpperInvariant();
                if (Array.IndexOf(KnownSections, section) < 0)
                {
                    help.FormatProblems.Add($"line {index + 1}: unknown section '## {trimmed.Substring(3).Trim()}' (known: {string.Join(", ", KnownSections)})");
                }

                state.StartSection(section);
            }
            else if (trimmed.StartsWith("# ", StringComparison.Ordinal))
            {
                state.Flush();
                help.Title = trimmed.Substring(2).Trim();
            }
            else if (trimmed.Length == 0)
            {
                state.Flush();
            }
            else
            {
                state.AddText(line);
            }
        }

        state.Flush();
        return help;
    }

    /// <summary>Reads a fenced block starting at <paramref name="start"/>; returns the index of its closing fence.</summary>
    private static int ReadFence(string[] lines, int start, out string language, out string code)
    {
        var opening = lines[start].Trim();
        language = opening.Substring(3).Trim().ToLowerInvariant();
        var body = new List<string>();
        var index = start + 1;
        for (; index < lines.Length; index++)
        {
            if (lines[index].Trim().StartsWith("```", StringComparison.Ordinal))
            {
                break;
            }

            body.Add(lines[index]);
        }

        code = string.Join("\n", body).TrimEnd();
        return Math.Min(index, lines.Length - 1);
    }

    /// <summary>Where the parser is (section, subsection) and the paragraph being gathered.</summary>
    private sealed class ParseState
    {
        private readonly CommandHelpSource _help;
        private readonly List<string> _paragraph = new();
        private string _section = string.Empty;
        private ExampleSource? _example;
        private ParameterSource? _parameter;
        private TypeNoteSource? _typeNote;
        private bool _ignoringSubsection;

        public ParseState(CommandHelpSource help) => _help = help;

        public void StartSection(string section)
        {
            Flush();
            _section = section;
            _example = null;
            _parameter = null;
            _typeNote = null;
            _ignoringSubsection = false;
        }

        public void StartSubsection(string heading, int lineNumber)
        {
            Flush();
            _ignoringSubsection = false;
            switch (_section)
            {
                case "EXAMPLES":
                    _example = new ExampleSource { Title = heading };
                    _help.Examples.Add(_example);
                    break;
                case "PARAMETERS":
                    if (string.Equals(heading, "CommonParameters", StringComparison.OrdinalIgnoreCase))
                    {
                        // platyPS writes this boilerplate; Get-Help adds its own, so it is skipped.
                        _parameter = null;
                        _ignoringSubsection = true;
                    }
                    else if (heading.StartsWith('-'))
                    {
                        _parameter = new ParameterSource { Name = heading.Substring(1).Trim() };
                        _help.Parameters.Add(_parameter);
                    }
                    else
                    {
                        _help.FormatProblems.Add($"line {lineNumber}: a parameter heading must be '### -Name', not '### {heading}'");
                        _parameter = null;
                        _ignoringSubsection = true;
                    }

                    break;
                case "INPUTS":
                    _typeNote = new TypeNoteSource { TypeName = heading };
                    _help.Inputs.Add(_typeNote);
                    break;
                case "OUTPUTS":
                    _typeNote = new TypeNoteSource { TypeName = heading };
                    _help.Outputs.Add(_typeNote);
                    break;
                default:
                    // A subheading inside prose stays prose.
                    AddText(heading);
                    Flush();
                    break;
            }
        }

        public void AddText(string line) => _paragraph.Add(line);

        public void AddCode(string language, string code, int lineNumber)
        {
            Flush();
            var isPowerShell = language.Length == 0 || language is "powershell" or "ps" or "pwsh" or "ps1";
            switch (_section)
            {
                case "EXAMPLES" when _example is null:
                    _help.FormatProblems.Add($"line {lineNumber}: a code block in EXAMPLES before any '### Example N: title' heading");
                    break;
                case "EXAMPLES" when isPowerShell:
                    // Several PowerShell blocks in one example read as one script.
                    _example!.Code = _example.Code.Length == 0 ? code : _example.Code + "\n\n" + code;
                    break;
                case "EXAMPLES":
                    // Sample output and the like belong with the remarks, verbatim.
                    _example!.Remarks.Add(code);
                    break;
                case "PARAMETERS" when language == "yaml":
                    // platyPS' parameter metadata block: the builder takes that from the assembly instead.
                    break;
                default:
                    var target = CurrentParagraphs();
                    target?.Add(code);
                    break;
            }
        }

        public void Flush()
        {
            if (_paragraph.Count == 0)
            {
                return;
            }

            var lines = new List<string>(_paragraph);
            _paragraph.Clear();

            if (_ignoringSubsection)
            {
                return;
            }

            if (_section == "RELATED LINKS")
            {
                foreach (var line in lines)
                {
                    AddRelatedLink(line.Trim());
                }

                return;
            }

            if (_section == "PARAMETERS" && _parameter is not null)
            {
                lines = TakeDefaultValue(lines);
                if (lines.Count == 0)
                {
                    return;
                }
            }

            CurrentParagraphs()?.Add(JoinParagraph(lines));
        }

        private List<string>? CurrentParagraphs() => _section switch
        {
            "SYNOPSIS" => _help.Synopsis,
            "DESCRIPTION" => _help.Description,
            "NOTES" => _help.Notes,
            "EXAMPLES" => _example?.Remarks,
            "PARAMETERS" => _parameter?.Description,
            "INPUTS" or "OUTPUTS" => _typeNote?.Description,
            _ => null,
        };

        private List<string> TakeDefaultValue(List<string> lines)
        {
            var kept = new List<string>();
            foreach (var line in lines)
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith(DefaultValuePrefix, StringComparison.OrdinalIgnoreCase))
                {
                    _parameter!.DefaultValue = trimmed.Substring(DefaultValuePrefix.Length).Trim().Trim('`');
                }
                else
                {
                    kept.Add(line);
                }
            }

            return kept;
        }

        private void AddRelatedLink(string line)
        {
            var text = line.TrimStart('-', '*', ' ');
            if (text.Length == 0)
            {
                return;
            }

            // [text](uri) or plain text (another command's name).
            var close = text.IndexOf("](", StringComparison.Ordinal);
            if (text.StartsWith('[') && close > 0 && text.EndsWith(')'))
            {
                _help.RelatedLinks.Add(new RelatedLinkSource
                {
                    Text = text.Substring(1, close - 1),
                    Uri = text.Substring(close + 2, text.Length - close - 3),
                });
            }
            else
            {
                _help.RelatedLinks.Add(new RelatedLinkSource { Text = text });
            }
        }

        /// <summary>Soft-wrapped lines become one line; list items keep their own lines.</summary>
        private static string JoinParagraph(List<string> lines)
        {
            var builder = new StringBuilder();
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (builder.Length > 0)
                {
                    builder.Append(IsListItem(line) ? '\n' : ' ');
                }

                builder.Append(line);
            }

            return builder.ToString();
        }

        private static bool IsListItem(string line) =>
            line.StartsWith("- ", StringComparison.Ordinal)
            || line.StartsWith("* ", StringComparison.Ordinal)
            || (line.Length > 2 && char.IsAsciiDigit(line[0]) && line.IndexOf(". ", StringComparison.Ordinal) is > 0 and < 4);
    }
}
