using System.Linq;
using System.Xml.Linq;

namespace OnCall.HelpBuilder.Tests;

/// <summary>The MAML itself, element by element, where Get-Help would hide a mistake by showing nothing.</summary>
public sealed class MamlOutputTests : IClassFixture<MamlOutputTests.GeneratedHelp>
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly XDocument _document;

    public MamlOutputTests(GeneratedHelp help) => _document = help.Document;

    [Fact]
    public void One_command_per_cmdlet_with_details()
    {
        Assert.Equal(Msh + "helpItems", _document.Root!.Name);
        Assert.Equal("maml", (string?)_document.Root.Attribute("schema"));
        var details = CommandElement("Get-FakeWidget").Element(Command + "details")!;
        Assert.Equal("Get", details.Element(Command + "verb")!.Value);
        Assert.Equal("FakeWidget", details.Element(Command + "noun")!.Value);
        Assert.Equal("Gets fake widgets.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void Syntax_has_one_item_per_parameter_set_with_that_sets_parameters()
    {
        var items = CommandElement("Get-FakeWidget").Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal(["Name", "Color", "Size", "IncludeHidden", "Connection"], ParameterNames(items[0]));
        Assert.Equal(["Id", "Color", "Size", "IncludeHidden", "Connection"], ParameterNames(items[1]));
        var id = items[1].Elements(Command + "parameter").First();
        Assert.Equal("true", (string?)id.Attribute("required"));
        Assert.Equal("True (ByValue)", (string?)id.Attribute("pipelineInput"));
    }

    [Fact]
    public void A_default_set_with_no_parameter_of_its_own_has_its_syntax_item_first()
    {
        var items = CommandElement("Remove-FakeWidget").Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal(["Name", "WhatIf", "Confirm"], ParameterNames(items[0]));
        Assert.Equal(["Name", "After", "WhatIf", "Confirm"], ParameterNames(items[1]));
    }

    [Fact]
    public void Parameters_carry_their_attributes_in_the_page_order()
    {
        var parameters = CommandElement("Get-FakeWidget").Element(Command + "parameters")!;
        Assert.Equal(["Name", "Id", "Color", "Size", "IncludeHidden", "Connection"], ParameterNames(parameters));

        var name = Parameter(parameters, "Name");
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("true", (string?)name.Attribute("globbing"));
        Assert.Equal("True (ByPropertyName)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("WidgetName", (string?)name.Attribute("aliases"));
        Assert.Equal("true", (string?)name.Attribute("variableLength"));
        Assert.Equal("String[]", name.Element(Command + "parameterValue")!.Value);
        Assert.Equal("System.String[]", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);

        var color = Parameter(parameters, "Color");
        Assert.Equal(["Red", "Green", "Blue"], color.Element(Command + "parameterValueGroup")!.Elements().Select(e => e.Value));
        Assert.Equal("named", (string?)color.Attribute("position"));

        var hidden = Parameter(parameters, "IncludeHidden");
        Assert.Null(hidden.Element(Command + "parameterValue"));
        Assert.Equal("False", hidden.Element(Dev + "defaultValue")!.Value);
        Assert.Equal("the default connection", Parameter(parameters, "Connection").Element(Dev + "defaultValue")!.Value);
    }

    [Fact]
    public void WhatIf_and_Confirm_come_with_standard_descriptions()
    {
        var parameters = CommandElement("Remove-FakeWidget").Element(Command + "parameters")!;

        Assert.Equal(["Name", "After", "WhatIf", "Confirm"], ParameterNames(parameters));
        Assert.StartsWith("Shows what would happen", Parameter(parameters, "WhatIf").Element(Maml + "description")!.Value, System.StringComparison.Ordinal);
        Assert.Equal("cf", (string?)Parameter(parameters, "Confirm").Attribute("aliases"));
    }

    [Fact]
    public void Inputs_outputs_notes_examples_and_links()
    {
        var get = CommandElement("Get-FakeWidget");
        Assert.Equal("System.Int32", get.Element(Command + "inputTypes")!.Descendants(Maml + "name").Single().Value);
        var output = get.Element(Command + "returnValues")!.Element(Command + "returnValue")!;
        Assert.Equal("OnCall.HelpBuilder.Tests.FakeWidget", output.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("A widget.", output.Element(Maml + "description")!.Value);
        Assert.Equal("Widgets are fake.", get.Element(Maml + "alertSet")!.Value);

        var examples = get.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Contains("Example 1: All widgets", examples[0].Element(Maml + "title")!.Value, System.StringComparison.Ordinal);
        Assert.Equal("Get-FakeWidget", examples[0].Element(Dev + "code")!.Value);

        var link = get.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").First();
        Assert.Equal("https://example.invalid/get-fakewidget", link.Element(Maml + "uri")!.Value);

        // Remove-FakeWidget documents no inputs or outputs: the pipeline binding and "None" stand in.
        var remove = CommandElement("Remove-FakeWidget");
        Assert.Equal("System.String", remove.Element(Command + "inputTypes")!.Descendants(Maml + "name").Single().Value);
        Assert.Equal("None", remove.Element(Command + "returnValues")!.Descendants(Maml + "name").Single().Value);
    }

    private XElement CommandElement(string name) =>
        _document.Root!.Elements(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == name);

    private static string[] ParameterNames(XElement container) =>
        container.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToArray();

    private static XElement Parameter(XElement container, string name) =>
        container.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == name);

    public sealed class GeneratedHelp : System.IDisposable
    {
        private readonly HelpWorkspace _workspace = new();

        public GeneratedHelp()
        {
            var run = _workspace.RunBuilder();
            Assert.True(run.ExitCode == 0, run.Error);
            Document = XDocument.Load(_workspace.OutputPath);
        }

        public XDocument Document { get; }

        public void Dispose() => _workspace.Dispose();
    }
}
