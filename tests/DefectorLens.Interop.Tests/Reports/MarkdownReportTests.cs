using System.Globalization;
using System.Text.RegularExpressions;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Reports;

namespace DefectorLens.Interop.Tests.Reports;

public class MarkdownReportTests
{
    [Fact]
    public void The_header_lists_the_same_facts_as_the_html_report()
    {
        var markdown = ReportFixtures.Markdown(ReportFixtures.Realistic());

        markdown.ShouldStartWith("# Syria defectors 2014–2015\n\nNarratives report\n\n");
        markdown.ShouldContain("- **Generated:** 2025-06-01T09:30:00Z\n");
        markdown.ShouldContain("- **Codebook:** icsr-2015, version 1.0\n");
        markdown.ShouldContain("- **Cases:** 29\n- **Sources:** 41\n");
        markdown.ShouldContain("- **Coders:** analyst-a (person, version 1); lexicon (rules, version 2)\n");
        markdown.ShouldContain("- **Coder filter:** all coders\n");
    }

    [Fact]
    public void The_prevalence_tables_are_headed_by_category_and_hold_exact_figures()
    {
        var markdown = ReportFixtures.Markdown(ReportFixtures.Realistic());

        markdown.ShouldContain(
            "### Leaving\n\n| Code | Name | Cases | Share | 95% CI |\n| --- | --- | ---: | ---: | ---: |\n"
            + "| leave.brutality | Brutality against Sunnis | 17 | 58.6% | 40.7%–74.5% |\n");
        TableRows(markdown).ShouldBe(
        [
            ["join.syria-conflict", "Syrian conflict", "12", "41.4%", "25.5%–59.3%"],
            ["leave.brutality", "Brutality against Sunnis", "17", "58.6%", "40.7%–74.5%"],
            ["risk.reprisal", "Reprisals", "5", "17.2%", "7.6%–34.5%"],
        ]);
    }

    [Fact]
    public void Every_figure_is_the_same_as_in_the_html_report()
    {
        var model = ReportFixtures.Realistic();
        // Every count out of 29, so that every kind of rounding of the share and both interval ends is met.
        foreach (var row in Enumerable.Range(0, 30).Select(cases => ReportFixtures.Row("leave.brutality", "Brutality", cases, 29)))
        {
            var variant = model with { Prevalence = [model.Prevalence[0], row, model.Prevalence[2]] };
            var html = HtmlReportTests.Cells(HtmlReportTests.Table(ReportFixtures.Html(variant)));

            TableRows(ReportFixtures.Markdown(variant)).ShouldBe(html, customMessage: row.Cases.ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void A_pipe_in_data_is_escaped_and_every_table_row_has_the_same_number_of_cells()
    {
        var model = ReportFixtures.Realistic();
        model = model with
        {
            Codes = [model.Codes[0] with { Name = "Syria | Assad\nregime \\| escape" }, model.Codes[1], model.Codes[2]],
        };

        var markdown = ReportFixtures.Markdown(model);

        markdown.ShouldContain("| join.syria-conflict | Syria \\| Assad regime \\\\\\| escape | 12 | 41.4% | 25.5%–59.3% |\n");
        var rows = markdown.Split('\n').Where(line => line.StartsWith('|')).ToList();
        rows.Count.ShouldBe(9);
        rows.ShouldAllBe(row => CellCount(row) == 5 && row.EndsWith(" |", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_cannot_become_markup_or_start_a_block()
    {
        var model = ReportFixtures.Realistic();
        model = model with
        {
            ProjectName = "<script>alert(1)</script> & *bold* [link](x)",
            Quotes =
            [
                new(new CodeId("risk.reprisal"), "# Abu", "> title", "- outlet", null, "# Not a heading\n\n- not a list\n\n12. not a list\n\n<b>raw</b> `code` _em_"),
            ],
        };

        var markdown = ReportFixtures.Markdown(model);

        markdown.ShouldStartWith("# \\<script\\>alert(1)\\</script\\> \\& \\*bold\\* \\[link\\](x)\n");
        Regex.IsMatch(markdown, @"(?<!\\)<").ShouldBeFalse("every < is escaped");
        markdown.ShouldContain(
            "> \\# Not a heading\n>\n> \\- not a list\n>\n> 12\\. not a list\n>\n> \\<b\\>raw\\</b\\> \\`code\\` \\_em\\_\n>\n"
            + "> — \\# Abu, \\> title, - outlet\n");
    }

    [Fact]
    public void Quotes_are_blockquotes_attributed_under_their_code()
    {
        var markdown = ReportFixtures.Markdown(ReportFixtures.Realistic());

        markdown.ShouldContain(
            "### Brutality against Sunnis (leave.brutality)\n\n_Executions and torture of Sunni Muslims._\n\n"
            + "> They killed Muslims.\n>\n> I could not stay.\n>\n> — Karim, Defectors speak, BBC, 2015-09-21\n\n"
            + "> The executions were the end for me.\n>\n> — Yusuf, Court record 14/2015\n");
    }

    [Fact]
    public void The_method_and_the_privacy_note_close_the_report()
    {
        var markdown = ReportFixtures.Markdown(ReportFixtures.Realistic() with { CoderFilter = "analyst-a" });

        markdown.ShouldContain("\n## Method\n\nPrevalence is counted at case level: a case counts once for a code");
        markdown.ShouldContain("Only codings by analyst-a are included.");
        markdown.ShouldEndWith("Pseudonyms are used throughout. Real names, aliases, contact details and exact locations are never included in a report.\n");
    }

    [Fact]
    public void The_same_model_gives_the_same_text_whatever_the_culture()
    {
        var model = ReportFixtures.Realistic();
        var first = ReportFixtures.Markdown(model);

        ReportFixtures.Markdown(model).ShouldBe(first);
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            ReportFixtures.Markdown(model).ShouldBe(first);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Lines_end_in_lf_whatever_the_writer_uses_for_new_lines()
    {
        using var writer = new StringWriter { NewLine = "\r\n" };

        MarkdownReport.Write(ReportFixtures.Realistic(), writer);

        writer.ToString().ShouldNotContain("\r");
    }

    [Fact]
    public void An_empty_model_says_there_are_no_cases_and_no_quotes_and_never_NaN()
    {
        var markdown = ReportFixtures.Markdown(ReportFixtures.Empty());

        markdown.ShouldContain("## Prevalence of narratives\n\nNo cases: there is nothing to count yet.\n");
        markdown.ShouldContain("No quotes were selected for this report.");
        markdown.ShouldContain("- **Coders:** none recorded\n");
        markdown.ShouldNotContain("NaN");
        markdown.ShouldNotContain("|");
    }

    private static List<string[]> TableRows(string markdown) =>
    [
        .. markdown.Split('\n')
            .Where(line => line.StartsWith('|') && !line.StartsWith("| Code ", StringComparison.Ordinal) && !line.StartsWith("| ---", StringComparison.Ordinal))
            .Select(line => Cells(line).Select(Unescape).ToArray()),
    ];

    // Splits on pipes that are not escaped, as GitHub's table parser does.
    private static List<string> Cells(string row)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] == '\\' && i + 1 < row.Length)
            {
                current.Append(row[i]).Append(row[++i]);
            }
            else if (row[i] == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(row[i]);
            }
        }

        return cells;
    }

    private static int CellCount(string row) => Cells(row).Count;

    private static string Unescape(string cell)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < cell.Length; i++)
        {
            if (cell[i] == '\\' && i + 1 < cell.Length && char.IsAscii(cell[i + 1]) && (char.IsPunctuation(cell[i + 1]) || char.IsSymbol(cell[i + 1])))
            {
                i++;
            }

            builder.Append(cell[i]);
        }

        return builder.ToString();
    }
}
