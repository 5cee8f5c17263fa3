using System.Linq;
using OnCall.HelpBuilder.Markdown;

namespace OnCall.HelpBuilder.Tests;

public sealed class HelpMarkdownParserTests
{
    private static readonly CommandHelpSource Page = HelpMarkdownParser.Parse(HelpWorkspace.GetFakeWidgetPage, "Get-FakeWidget.md", "Get-FakeWidget");

    [Fact]
    public void Reads_title_synopsis_and_paragraphs()
    {
        Assert.Equal("Get-FakeWidget", Page.Title);
        Assert.Equal(["Gets fake widgets."], Page.Synopsis);
        Assert.Equal(
            ["Get-FakeWidget writes widgets by name or by id. This line continues the first paragraph.", "A second paragraph with a list:\n- first item\n- second item"],
            Page.Description);
        Assert.Empty(Page.FormatProblems);
    }

    [Fact]
    public void Examples_take_powershell_code_and_keep_other_blocks_in_the_remarks()
    {
        Assert.Equal(2, Page.Examples.Count);
        var second = Page.Examples[1];
        Assert.Equal("Example 2: One widget by id", second.Title);
        Assert.Equal("Get-FakeWidget -Id 42", second.Code);
        Assert.Equal(["Name Id\n---- --\nw    42", "Writes the widget whose id is 42."], second.Remarks);
    }

    [Fact]
    public void Parameters_skip_CommonParameters_and_take_a_default_value_line()
    {
        Assert.Equal(["Name", "Id", "Color", "Size", "IncludeHidden", "Connection"], Page.Parameters.Select(p => p.Name));
        var connection = Page.Parameters.Single(p => p.Name == "Connection");
        Assert.Equal(["The connection to use."], connection.Description);
        Assert.Equal("the default connection", connection.DefaultValue);
    }

    [Fact]
    public void Inputs_outputs_notes_and_links()
    {
        Assert.Equal("System.Int32", Assert.Single(Page.Inputs).TypeName);
        Assert.Equal(["A widget."], Assert.Single(Page.Outputs).Description);
        Assert.Equal(["Widgets are fake."], Page.Notes);
        Assert.Equal("Online help", Page.RelatedLinks[0].Text);
        Assert.Equal("https://example.invalid/get-fakewidget", Page.RelatedLinks[0].Uri);
        Assert.Equal("Remove-FakeWidget", Page.RelatedLinks[1].Text);
        Assert.Equal(string.Empty, Page.RelatedLinks[1].Uri);
    }

    [Fact]
    public void Windows_line_endings_and_platyPS_yaml_blocks_are_accepted()
    {
        var markdown = "# Get-X\r\n\r\n## SYNTAX\r\n\r\n```\r\nGet-X [-Name <String>]\r\n```\r\n\r\n## PARAMETERS\r\n\r\n### -Name\r\nThe name.\r\n\r\n```yaml\r\nType: String\r\n```\r\n";

        var page = HelpMarkdownParser.Parse(markdown, "Get-X.md", "Get-X");

        Assert.Empty(page.FormatProblems);
        Assert.Equal(["The name."], Assert.Single(page.Parameters).Description);
    }

    [Fact]
    public void A_parameter_heading_without_a_dash_is_a_format_problem()
    {
        var page = HelpMarkdownParser.Parse("# Get-X\n## PARAMETERS\n### Name\nThe name.\n", "Get-X.md", "Get-X");

        Assert.Contains(page.FormatProblems, p => p.Contains("'### -Name'", System.StringComparison.Ordinal));
    }
}
