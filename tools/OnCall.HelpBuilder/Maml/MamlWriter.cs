using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using OnCall.HelpBuilder.Markdown;
using OnCall.HelpBuilder.Reflection;

namespace OnCall.HelpBuilder.Maml;

/// <summary>
/// Writes the MAML that Get-Help reads for compiled cmdlets (helpItems / command:command), in the shape
/// platyPS produces: the syntax and the parameters' attributes come from the assembly, the words from
/// the markdown. Output is deterministic, so a diff of the file shows only what changed.
/// </summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    private const string WhatIfDescription = "Shows what would happen if the cmdlet runs. The cmdlet is not run.";
    private const string ConfirmDescription = "Prompts you for confirmation before running the cmdlet.";

    public static XDocument Build(IEnumerable<(CmdletMetadata Cmdlet, CommandHelpSource Page)> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var (cmdlet, page) in commands.OrderBy(c => c.Cmdlet.Name, StringComparer.OrdinalIgnoreCase))
        {
            root.Add(BuildCommand(cmdlet, page));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    public static void Save(XDocument document, string path)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };

        // Written beside the target and moved over it, so a failed run never leaves half a file.
        var temporary = path + ".tmp";
        using (var writer = XmlWriter.Create(temporary, settings))
        {
            document.Save(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static XElement BuildCommand(CmdletMetadata cmdlet, CommandHelpSource page)
    {
        var parameterDocs = page.Parameters
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        return new XElement(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(
                Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Description(Maml + "description", page.Synopsis)),
            Description(Maml + "description", page.Description),
            BuildSyntax(cmdlet),
            new XElement(Command + "parameters", OrderForPage(cmdlet, page).Select(p => BuildParameter(p, Documentation(p, parameterDocs), inSyntax: false, setName: null))),
            BuildInputTypes(cmdlet, page),
            BuildReturnValues(cmdlet, page),
            page.Notes.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(page.Notes))),
            new XElement(Command + "examples", page.Examples.Select((example, index) => BuildExample(example, index + 1))),
            new XElement(Command + "relatedLinks", page.RelatedLinks.Select(link => new XElement(
                Maml + "navigationLink",
                new XElement(Maml + "linkText", link.Text),
                new XElement(Maml + "uri", link.Uri)))));
    }

    private static XElement BuildSyntax(CmdletMetadata cmdlet) =>
        new(Command + "syntax", cmdlet.ParameterSetNames.Select(setName => new XElement(
            Command + "syntaxItem",
            new XElement(Maml + "name", cmdlet.Name),
            OrderForSyntax(cmdlet, setName).Select(p => BuildParameter(p, documentation: null, inSyntax: true, setName)))));

    /// <summary>PowerShell's own order: positional by position, then mandatory, then the rest, -WhatIf/-Confirm last.</summary>
    private static IEnumerable<ParameterMetadata> OrderForSyntax(CmdletMetadata cmdlet, string setName) =>
        cmdlet.Parameters
            .Where(p => p.IsInSet(setName))
            .Select((parameter, index) => (parameter, index, usage: parameter.UsageIn(setName)!))
            .OrderBy(x => x.parameter.IsShouldProcessParameter)
            .ThenBy(x => x.usage.Position ?? int.MaxValue)
            .ThenBy(x => !x.usage.Mandatory)
            .ThenBy(x => x.index)
            .Select(x => x.parameter);

    /// <summary>The order the page gives, which puts the important ones first; the rest after.</summary>
    private static IEnumerable<ParameterMetadata> OrderForPage(CmdletMetadata cmdlet, CommandHelpSource page)
    {
        var pageOrder = page.Parameters.Select(p => p.Name).ToList();
        return cmdlet.Parameters
            .Select((parameter, index) => (parameter, index, pageIndex: pageOrder.FindIndex(n => string.Equals(n, parameter.Name, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(x => x.pageIndex < 0 ? int.MaxValue : x.pageIndex)
            .ThenBy(x => x.index)
            .Select(x => x.parameter);
    }

    private static ParameterSource? Documentation(ParameterMetadata parameter, Dictionary<string, ParameterSource> docs) =>
        docs.TryGetValue(parameter.Name, out var source) ? source : null;

    private static XElement BuildParameter(ParameterMetadata parameter, ParameterSource? documentation, bool inSyntax, string? setName)
    {
        // In a syntax item the attributes are the set's; in the parameter list they sum up every set.
        var usages = setName is null ? parameter.Sets : new List<ParameterSetUsage> { parameter.UsageIn(setName)! };
        var required = usages.All(u => u.Mandatory);
        var position = usages.Select(u => u.Position).FirstOrDefault(p => p is not null);
        var byValue = usages.Any(u => u.ValueFromPipeline);
        var byPropertyName = usages.Any(u => u.ValueFromPipelineByPropertyName);
        var isArray = parameter.TypeFullName.EndsWith("[]", StringComparison.Ordinal);

        var element = new XElement(
            Command + "parameter",
            new XAttribute("required", Bool(required)),
            new XAttribute("variableLength", Bool(isArray)),
            new XAttribute("globbing", Bool(parameter.SupportsWildcards)),
            new XAttribute("pipelineInput", PipelineInput(byValue, byPropertyName)),
            new XAttribute("position", position is null ? "named" : position.Value.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name));

        if (!inSyntax)
        {
            element.Add(Description(Maml + "description", DescriptionOf(parameter, documentation)));
        }

        if (parameter.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(
                Command + "parameterValueGroup",
                parameter.AcceptedValues.Select(value => new XElement(
                    Command + "parameterValue",
                    new XAttribute("required", "false"),
                    new XAttribute(Command + "variableLength", "false"),
                    value))));
        }

        if (!parameter.IsSwitch)
        {
            element.Add(new XElement(
                Command + "parameterValue",
                new XAttribute("required", "true"),
                new XAttribute("variableLength", Bool(isArray)),
                parameter.TypeDisplayName));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", parameter.TypeFullName), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", documentation?.DefaultValue ?? (parameter.IsSwitch ? "False" : "None")));
        return element;
    }

    private static IEnumerable<string> DescriptionOf(ParameterMetadata parameter, ParameterSource? documentation)
    {
        if (documentation is not null && documentation.Description.Count > 0)
        {
            return documentation.Description;
        }

        return parameter.Name switch
        {
            "WhatIf" when parameter.IsShouldProcessParameter => new[] { WhatIfDescription },
            "Confirm" when parameter.IsShouldProcessParameter => new[] { ConfirmDescription },
            _ => Array.Empty<string>(),
        };
    }

    private static XElement BuildInputTypes(CmdletMetadata cmdlet, CommandHelpSource page)
    {
        var inputs = new XElement(Command + "inputTypes");
        if (page.Inputs.Count > 0)
        {
            foreach (var input in page.Inputs)
            {
                inputs.Add(TypeEntry(Command + "inputType", input.TypeName, input.Description));
            }

            return inputs;
        }

        // Not written down: say what the pipeline binds, which is what a reader looks for here.
        var bound = cmdlet.Parameters
            .Where(p => p.Sets.Any(u => u.ValueFromPipeline || u.ValueFromPipelineByPropertyName))
            .ToList();
        if (bound.Count == 0)
        {
            inputs.Add(TypeEntry(Command + "inputType", "None", new[] { $"You cannot pipe objects to {cmdlet.Name}." }));
        }

        foreach (var parameter in bound)
        {
            var how = parameter.Sets.Any(u => u.ValueFromPipeline) ? "by value" : "by property name";
            inputs.Add(TypeEntry(Command + "inputType", parameter.TypeFullName, new[] { $"Binds to -{parameter.Name} {how}." }));
        }

        return inputs;
    }

    private static XElement BuildReturnValues(CmdletMetadata cmdlet, CommandHelpSource page)
    {
        var values = new XElement(Command + "returnValues");
        var unmatched = new List<TypeNoteSource>(page.Outputs);
        foreach (var typeName in cmdlet.OutputTypeNames)
        {
            var note = unmatched.FirstOrDefault(o => SameType(o.TypeName, typeName));
            if (note is not null)
            {
                unmatched.Remove(note);
            }

            values.Add(TypeEntry(Command + "returnValue", typeName, note?.Description ?? new List<string>()));
        }

        foreach (var note in unmatched)
        {
            values.Add(TypeEntry(Command + "returnValue", note.TypeName, note.Description));
        }

        if (!values.HasElements)
        {
            values.Add(TypeEntry(Command + "returnValue", "None", new[] { $"{cmdlet.Name} writes no objects." }));
        }

        return values;
    }

    private static bool SameType(string written, string actual) =>
        string.Equals(written, actual, StringComparison.OrdinalIgnoreCase)
        || actual.EndsWith("." + written, StringComparison.OrdinalIgnoreCase);

    private static XElement TypeEntry(XName name, string typeName, IEnumerable<string> description) =>
        new(name, new XElement(Dev + "type", new XElement(Maml + "name", typeName)), Description(Maml + "description", description));

    private static XElement BuildExample(ExampleSource example, int number) =>
        new(
            Command + "example",
            new XElement(Maml + "title", ExampleTitle(example.Title, number)),
            new XElement(Dev + "code", example.Code),
            // The empty last para is the blank line Get-Help would otherwise not print before the next title.
            new XElement(Dev + "remarks", Paragraphs(example.Remarks), new XElement(Maml + "para")));

    /// <summary>Get-Help prints the title as it is; the dashes are the convention every built-in page follows.</summary>
    private static string ExampleTitle(string title, int number)
    {
        var text = title.StartsWith("Example", StringComparison.OrdinalIgnoreCase)
            ? title
            : string.Create(CultureInfo.InvariantCulture, $"Example {number}: {title}");
        var dashes = new string('-', Math.Max(2, (64 - text.Length - 2) / 2));
        return dashes + " " + text + " " + dashes;
    }

    private static XElement Description(XName name, IEnumerable<string> paragraphs) => new(name, Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs)
    {
        var list = paragraphs.ToList();
        if (list.Count == 0)
        {
            // An empty para keeps the element's shape the same for every command.
            return new[] { new XElement(Maml + "para") };
        }

        return list.Select(p => new XElement(Maml + "para", p));
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string PipelineInput(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}
