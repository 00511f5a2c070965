using DefectorLens.Interop.Reports;
using DefectorLens.Interop.Tables;

namespace DefectorLens.Interop.Tests.Reports;

public sealed class SectionReportTests
{
    private static ReportModel WithSections() => ReportFixtures.Realistic() with
    {
        Findings =
        [
            new ReportSection("reflection", "Joining narratives reflected in leaving narratives", ["Cramér's V 0.2 <b>"])
            {
                Heatmap = new ReportHeatmap("row shares", ["Syrian conflict"], ["Brutality", "Corruption"], new double?[,] { { 0.8, null } }, new[,] { { "8 (80.0%)", "—" } }),
                Table = new ReportTable("Joining × leaving", ["joined for", "left for", "cases"], [["Syrian conflict", "Brutality | x", "8"]]),
            },
            new ReportSection("timeline", "When they defected", ["2015: 2"]) { Columns = new ReportColumns("per year", ["2014", "2015"], [1, 2]) },
        ],
        Recommendations = [new ReportSection("recommendation-voices", "Recommendation 2: give defectors opportunities to speak out", ["3 of 29 cases consent."])],
        Methods = [new ReportSection("caveats", "Caveats", ["Shares describe the cases on record."])],
    };

    [Fact]
    public void Html_report_draws_the_heatmap_and_timeline_as_inline_SVG_and_encodes_section_text()
    {
        var html = Write(WithSections(), HtmlReport.Write);

        html.ShouldContain("<section id=\"reflection\">");
        html.ShouldContain("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"reflection-heatmap-title\"");
        html.ShouldContain("aria-labelledby=\"timeline-columns-title\"");
        html.ShouldContain("V 0.2 &lt;b&gt;");
        html.ShouldNotContain("<b>");
        html.ShouldContain("<h2>Recommendation 2: give defectors opportunities to speak out</h2>");
        html.ShouldContain("<h3>Caveats</h3>");
        html.IndexOf("id=\"reflection\"", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("id=\"quotes\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Markdown_report_gives_section_tables_with_escaped_cells()
    {
        var markdown = Write(WithSections(), MarkdownReport.Write);

        markdown.ShouldContain("## Joining narratives reflected in leaving narratives");
        markdown.ShouldContain("| Syrian conflict | Brutality \\| x | 8 |");
        markdown.ShouldContain("### Caveats");
    }

    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("Abu Omar", "Abu Omar")]
    [InlineData("", "")]
    public void Spreadsheet_cells_that_could_be_read_as_formulas_are_neutralised_and_numbers_are_kept(string cell, string expected)
    {
        SpreadsheetCells.Neutralise(cell).ShouldBe(expected);
    }

    private static string Write(ReportModel model, Action<ReportModel, TextWriter> write)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        write(model, writer);
        return writer.ToString();
    }
}
