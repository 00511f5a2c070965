using System.Globalization;
using System.Xml.Linq;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Reports;
using Case = Shouldly.Case;

namespace DefectorLens.Interop.Tests.Reports;

public class HtmlReportTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_page_is_self_contained_html5_in_utf8_and_english()
    {
        var html = ReportFixtures.Html(ReportFixtures.Realistic());

        html.ShouldStartWith("<!DOCTYPE html>\n<html lang=\"en\">");
        html.ShouldContain("<meta charset=\"utf-8\" />");
        html.ShouldContain("<style>");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        // The SVG namespace is the only URL allowed: it is a name, never fetched.
        html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", string.Empty, StringComparison.Ordinal).ShouldNotContain("http", Case.Insensitive);
        html.ShouldNotContain("url(", Case.Insensitive);
        html.ShouldNotContain("@import", Case.Insensitive);
        html.ShouldEndWith("</html>\n");
    }

    [Fact]
    public void The_header_names_the_project_codebook_counts_and_coders()
    {
        var html = ReportFixtures.Html(ReportFixtures.Realistic() with { CoderFilter = "analyst-a" });

        html.ShouldContain("<h1>Syria defectors 2014–2015</h1>");
        html.ShouldContain("<time datetime=\"2025-06-01T09:30:00Z\">2025-06-01T09:30:00Z</time>");
        html.ShouldContain("<span class=\"code-id\">icsr-2015</span>, version 1.0");
        html.ShouldContain("<dt>Cases</dt><dd>29</dd>");
        html.ShouldContain("<dt>Sources</dt><dd>41</dd>");
        html.ShouldContain("<li>analyst-a (person, version 1)</li><li>lexicon (rules, version 2)</li>");
        html.ShouldContain("<dt>Coder filter</dt><dd>analyst-a</dd>");
    }

    [Fact]
    public void Without_a_coder_filter_the_header_says_all_coders_count()
    {
        var html = ReportFixtures.Html(ReportFixtures.Realistic());

        html.ShouldContain("<dt>Coder filter</dt><dd>all coders</dd>");
        html.ShouldContain("Codings by all coders are included: analyst-a (person, version 1); lexicon (rules, version 2).");
    }

    [Fact]
    public void The_chart_is_one_accessible_well_formed_svg_with_one_bar_per_code_in_the_code_colour()
    {
        var html = ReportFixtures.Html(ReportFixtures.Realistic());

        CountOf(html, "<svg").ShouldBe(1);
        var svg = Chart(html);
        svg.Attribute("role")!.Value.ShouldBe("img");
        svg.Element(Svg + "title")!.Value.ShouldBe("Prevalence of narratives");
        svg.Element(Svg + "desc")!.Value.ShouldContain("Brutality against Sunnis: 17 (58.6%), 95% CI 40.7%–74.5%.");
        var bars = svg.Descendants(Svg + "rect").Where(rect => Class(rect) == "bar").ToList();
        bars.Select(bar => bar.Attribute("fill")!.Value).ShouldBe(["#1f77b4", "#d62728", "#9e9e9e"]);
        var labels = svg.Descendants(Svg + "text").Where(text => Class(text) == "label").Select(text => text.Value);
        labels.ShouldBe(["Syrian conflict", "Brutality against Sunnis", "Reprisals"]);
        var values = svg.Descendants(Svg + "text").Where(text => Class(text) == "value").Select(text => text.Value);
        values.ShouldBe(["12 (41.4%)", "17 (58.6%)", "5 (17.2%)"]);
    }

    [Fact]
    public void The_axis_has_gridlines_and_labels_at_every_quarter()
    {
        var svg = Chart(ReportFixtures.Html(ReportFixtures.Realistic()));

        var ticks = svg.Descendants(Svg + "text").Where(text => Class(text) == "tick").Select(text => text.Value);
        ticks.ShouldBe(["0%", "25%", "50%", "75%", "100%"]);
        var grid = Gridlines(svg);
        grid.Count.ShouldBe(5);
        for (var i = 1; i < grid.Count; i++)
        {
            (grid[i] - grid[i - 1]).ShouldBe((grid[4] - grid[0]) / 4, 0.01);
        }
    }

    [Fact]
    public void Bars_and_whiskers_sit_at_the_share_and_the_interval_on_the_axis_scale()
    {
        var model = ReportFixtures.Realistic();
        var svg = Chart(ReportFixtures.Html(model));
        var grid = Gridlines(svg);
        double X(double share) => grid[0] + (share * (grid[4] - grid[0]));

        var rows = svg.Descendants(Svg + "g").Where(g => Class(g) == "row").ToList();
        rows.Count.ShouldBe(3);
        for (var i = 0; i < rows.Count; i++)
        {
            var figures = model.Prevalence[i];
            var bar = rows[i].Elements(Svg + "rect").Single();
            Number(bar, "x").ShouldBe(X(0), 0.01);
            Number(bar, "width").ShouldBe(X(figures.Share) - X(0), 0.01);

            var whisker = rows[i].Elements(Svg + "line").Single(line => Class(line) == "ci");
            Number(whisker, "x1").ShouldBe(X(figures.Ci95.Low), 0.01);
            Number(whisker, "x2").ShouldBe(X(figures.Ci95.High), 0.01);
            var whiskerY = Number(whisker, "y1");
            Number(whisker, "y2").ShouldBe(whiskerY);
            Number(bar, "y").ShouldBeLessThan(whiskerY);
            (Number(bar, "y") + Number(bar, "height")).ShouldBeGreaterThan(whiskerY);

            var caps = rows[i].Elements(Svg + "line").Where(line => Class(line) == "ci-cap").ToList();
            caps.Select(cap => Number(cap, "x1")).ShouldBe([X(figures.Ci95.Low), X(figures.Ci95.High)], 0.01);
            caps.ShouldAllBe(cap => Number(cap, "y1") < whiskerY && Number(cap, "y2") > whiskerY);
        }
    }

    [Fact]
    public void The_table_groups_codes_by_category_with_exact_figures()
    {
        var table = Table(ReportFixtures.Html(ReportFixtures.Realistic()));

        var groups = table.Elements("tbody").ToList();
        groups.Select(group => group.Element("tr")!.Value).ShouldBe(["Joining", "Leaving", "Risks"]);
        Cells(table).ShouldBe(
        [
            ["join.syria-conflict", "Syrian conflict", "12", "41.4%", "25.5%–59.3%"],
            ["leave.brutality", "Brutality against Sunnis", "17", "58.6%", "40.7%–74.5%"],
            ["risk.reprisal", "Reprisals", "5", "17.2%", "7.6%–34.5%"],
        ]);
        table.Element("thead")!.Descendants("th").Select(th => th.Value).ShouldBe(["Code", "Name", "Cases", "Share", "95% CI"]);
    }

    [Fact]
    public void Codes_of_one_category_stay_together_even_when_given_apart()
    {
        var model = ReportFixtures.Realistic();
        var corruption = new ReportCode(new CodeId("leave.corruption"), "Corruption", "Favouritism.", "#ff7f0e");
        model = model with
        {
            Codes = [model.Codes[1], model.Codes[0], corruption, model.Codes[2]],
            Prevalence = [.. model.Prevalence, ReportFixtures.Row("leave.corruption", "Corruption", 3, 29)],
        };

        var table = Table(ReportFixtures.Html(model));

        Cells(table).Select(row => row[0]).ShouldBe(["leave.brutality", "leave.corruption", "join.syria-conflict", "risk.reprisal"]);
        Chart(ReportFixtures.Html(model)).Descendants(Svg + "g").Where(g => Class(g) == "row").Select(g => g.Attribute("data-code")!.Value)
            .ShouldBe(["leave.brutality", "leave.corruption", "join.syria-conflict", "risk.reprisal"]);
    }

    [Fact]
    public void Nothing_the_model_holds_is_dropped_when_codes_and_figures_disagree()
    {
        var model = ReportFixtures.Realistic();
        model = model with
        {
            Codes = [.. model.Codes, new ReportCode(new CodeId("obstacle.exit"), "Obstacles to leaving", "Checkpoints.", null)],
            Prevalence = [.. model.Prevalence, ReportFixtures.Row("risk.prosecution", "Prosecution", 4, 29)],
        };

        var html = ReportFixtures.Html(model);

        var rows = Cells(Table(html));
        rows.ShouldContain(row => row.SequenceEqual(new[] { "obstacle.exit", "Obstacles to leaving", "not computed" }));
        rows.ShouldContain(row => row.SequenceEqual(new[] { "risk.prosecution", "Prosecution", "4", "13.8%", "5.5%–30.6%" }));
    }

    [Fact]
    public void Quotes_are_grouped_by_code_and_attributed_with_pseudonym_source_outlet_and_date()
    {
        var html = ReportFixtures.Html(ReportFixtures.Realistic());

        html.ShouldContain("<h3>Syrian conflict <span class=\"code-id\">join.syria-conflict</span></h3>");
        html.ShouldContain("<blockquote>\n<p>I went to defend the people of Syria.</p>\n</blockquote>\n<figcaption>— Abu Omar, Why I went to Syria, The Guardian, 2015-03</figcaption>");
        html.ShouldContain("<blockquote>\n<p>They killed Muslims.</p>\n<p>I could not stay.</p>\n</blockquote>\n<figcaption>— Karim, Defectors speak, BBC, 2015-09-21</figcaption>");
        html.ShouldContain("<figcaption>— Yusuf, Court record 14/2015</figcaption>");
        html.IndexOf("Karim", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("Yusuf", StringComparison.Ordinal));
        html.ShouldNotContain("<h3>Reprisals");
    }

    [Fact]
    public void The_method_and_the_privacy_note_close_the_report()
    {
        var html = ReportFixtures.Html(ReportFixtures.Realistic());

        html.ShouldContain("<h2>Method</h2>");
        html.ShouldContain("a case counts once for a code however many of its segments carry that code");
        html.ShouldContain("Wilson score intervals at 95%");
        html.ShouldContain("Pseudonyms are used throughout.");
        html.IndexOf("<h2>Method</h2>", StringComparison.Ordinal).ShouldBeGreaterThan(html.IndexOf("<h2>Quotes</h2>", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_is_html_encoded_everywhere_and_no_script_gets_through()
    {
        const string Hostile = "Raqqa <script>alert(1)</script> & \"friends\" 'n' co";
        var model = ReportFixtures.Realistic();
        model = model with
        {
            ProjectName = Hostile,
            CodebookVersion = Hostile,
            CoderFilter = Hostile,
            Coders = [Coder.Person(Hostile)],
            Codes = [model.Codes[0] with { Name = Hostile, Definition = Hostile, Colour = "red;background:url(http://x)" }, model.Codes[1], model.Codes[2]],
            Quotes = [.. model.Quotes, new(new CodeId("risk.reprisal"), Hostile, Hostile, Hostile, null, Hostile)],
        };

        var html = ReportFixtures.Html(model);

        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("url(", Case.Insensitive);
        html.ShouldContain("Raqqa &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; &#39;n&#39; co");
        html.ShouldContain("<h1>Raqqa &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; &#39;n&#39; co</h1>");
        html.ShouldContain("<p>Raqqa &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; &#39;n&#39; co</p>");
        Chart(html).Descendants(Svg + "text").ShouldContain(text => text.Value.StartsWith("Raqqa <script>", StringComparison.Ordinal));
    }

    [Fact]
    public void Characters_that_xml_cannot_hold_are_removed_so_the_chart_stays_well_formed()
    {
        var model = ReportFixtures.Realistic();
        model = model with { Codes = [model.Codes[0] with { Name = "Syrian\u0001 conflict\uFFFF \uD800" }, model.Codes[1], model.Codes[2]] };

        var svg = Chart(ReportFixtures.Html(model));

        svg.Descendants(Svg + "text").First(text => Class(text) == "label").Value.ShouldBe("Syrian conflict \uFFFD");
    }

    [Fact]
    public void The_same_model_gives_the_same_bytes_whatever_the_culture()
    {
        var model = ReportFixtures.Realistic();
        var first = ReportFixtures.Html(model);

        ReportFixtures.Html(model).ShouldBe(first);
        InCulture("fr-FR", () => ReportFixtures.Html(model)).ShouldBe(first);
        InCulture("ar-SA", () => ReportFixtures.Html(model)).ShouldBe(first);
    }

    [Fact]
    public void An_empty_model_says_there_are_no_cases_and_no_quotes_and_never_NaN()
    {
        var html = ReportFixtures.Html(ReportFixtures.Empty());

        html.ShouldContain("No cases");
        html.ShouldContain("No quotes were selected for this report.");
        html.ShouldNotContain("<li>");
        html.ShouldContain("<dt>Coders</dt><dd>none recorded</dd>");
        html.ShouldNotContain("NaN");
        html.ShouldNotContain("<svg");
        html.ShouldNotContain("<table");
    }

    [Fact]
    public void Codes_with_no_cases_to_count_say_no_cases_instead_of_empty_figures()
    {
        var model = ReportFixtures.Realistic() with
        {
            Cases = 0,
            Prevalence = [ReportFixtures.Row("join.syria-conflict", "Syrian conflict", 0, 0)],
            Quotes = [],
        };

        var html = ReportFixtures.Html(model);

        html.ShouldContain("No cases");
        html.ShouldNotContain("NaN");
        html.ShouldNotContain("<svg");
    }

    [Fact]
    public void Shares_that_are_not_numbers_are_shown_as_missing_and_never_as_NaN()
    {
        var model = ReportFixtures.Realistic();
        model = model with { Prevalence = [model.Prevalence[0] with { Share = double.NaN, Ci95 = new(double.NaN, double.PositiveInfinity) }, model.Prevalence[1], model.Prevalence[2]] };

        var html = ReportFixtures.Html(model);

        html.ShouldNotContain("NaN");
        html.ShouldNotContain("∞");
        Cells(Table(html))[0].ShouldBe(["join.syria-conflict", "Syrian conflict", "12", "—", "—–—"]);
        Chart(html).Descendants(Svg + "rect").Count(rect => Class(rect) == "bar").ShouldBe(2);
    }

    [Fact]
    public void Lines_end_in_lf_whatever_the_writer_uses_for_new_lines()
    {
        using var writer = new StringWriter { NewLine = "\r\n" };

        HtmlReport.Write(ReportFixtures.Realistic(), writer);

        writer.ToString().ShouldNotContain("\r");
    }

    internal static XElement Chart(string html)
    {
        var start = html.IndexOf("<svg", StringComparison.Ordinal);
        var end = html.IndexOf("</svg>", StringComparison.Ordinal) + "</svg>".Length;
        start.ShouldBeGreaterThanOrEqualTo(0);
        return XElement.Parse(html[start..end]);
    }

    internal static XElement Table(string html)
    {
        var start = html.IndexOf("<table", StringComparison.Ordinal);
        var end = html.IndexOf("</table>", StringComparison.Ordinal) + "</table>".Length;
        start.ShouldBeGreaterThanOrEqualTo(0);
        return XElement.Parse(html[start..end]);
    }

    internal static List<string[]> Cells(XElement table) =>
    [
        .. table.Elements("tbody").Elements("tr")
            .Where(tr => Class(tr) != "category")
            .Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()),
    ];

    private static List<double> Gridlines(XElement svg) =>
        [.. svg.Descendants(Svg + "line").Where(line => Class(line) == "grid").Select(line => Number(line, "x1"))];

    private static string? Class(XElement element) => element.Attribute("class")?.Value;

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static T InCulture<T>(string name, Func<T> action)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
