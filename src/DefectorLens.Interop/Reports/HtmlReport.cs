namespace DefectorLens.Interop.Reports;

/// <summary>Writes a report as one self-contained HTML5 page: no external style, script, font or image.</summary>
/// <remarks>
/// Pure and deterministic: the writer is the only output, numbers and dates are invariant, and the same
/// model gives the same bytes. Every piece of data is HTML-encoded.
/// </remarks>
public static class HtmlReport
{
    private const string Stylesheet = """
        :root { color-scheme: light; --ink: #222; --muted: #5f6368; --rule: #d0d0d0; --tint: #f4f5f7; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.5rem 3rem; color: var(--ink); background: #fff;
          font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 1.9rem; margin: 0 0 .25rem; line-height: 1.2; }
        h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
        h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
        .kind { margin: 0 0 1.25rem; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: .85rem; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; margin: 0; }
        .facts dt { font-weight: 600; }
        .facts dd { margin: 0; }
        .facts ul { margin: 0; padding: 0; list-style: none; }
        .code-id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em; color: var(--muted); }
        .lead, .definition, .empty { color: var(--muted); }
        figure.chart-figure { margin: 1rem 0 1.5rem; }
        svg.chart { display: block; max-width: 100%; height: auto; }
        table { width: 100%; border-collapse: collapse; font-size: .95rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; color: var(--muted); padding-bottom: .5rem; }
        th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); }
        .num { text-align: right; white-space: nowrap; }
        tr.category th { background: var(--tint); font-weight: 600; padding-top: .5rem; }
        .swatch { display: inline-block; width: .8em; height: .8em; margin-right: .45em; border-radius: 2px; vertical-align: -.05em; }
        figure.quote { margin: 0 0 1.25rem; }
        blockquote { margin: 0; padding: .25rem 0 .25rem 1rem; border-left: 4px solid var(--rule); }
        blockquote p { margin: .35rem 0; }
        figcaption { margin: .35rem 0 0 1rem; color: var(--muted); font-size: .92rem; }
        .privacy { margin-top: 1rem; padding: .75rem 1rem; background: var(--tint); border-left: 4px solid var(--ink); }
        @media print {
          body { max-width: none; padding: 0; font-size: 10.5pt; }
          h2 { break-after: avoid; }
          h3 { break-after: avoid; }
          figure, tr, .privacy { break-inside: avoid; }
          thead { display: table-header-group; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        @page { margin: 18mm 16mm; }
        """;

    /// <summary>Writes the report for <paramref name="model"/> to <paramref name="writer"/>.</summary>
    public static void Write(ReportModel model, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(model.Cases);

        var html = new HtmlBuilder(writer);
        html.Markup("<!DOCTYPE html>").Line();
        html.Open("html", ("lang", "en")).Line();
        Head(html, model);
        html.Open("body").Line();
        Header(html, model);
        html.Open("main").Line();
        PrevalenceSection(html, model);
        foreach (var section in model.Findings)
        {
            Section(html, section);
        }

        QuotesSection(html, model);
        foreach (var section in model.Recommendations)
        {
            Section(html, section);
        }

        MethodSection(html, model);
        html.Close("main").Line();
        html.Close("body").Line();
        html.Close("html").Line();
        html.Finish();
    }

    private static void Head(HtmlBuilder html, ReportModel model)
    {
        html.Open("head").Line();
        html.Empty("meta", ("charset", "utf-8")).Line();
        html.Empty("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1")).Line();
        html.Empty("meta", ("name", "generator"), ("content", "DefectorLens")).Line();
        html.Element("title", ReportFormat.SingleLine(model.ProjectName) + " — " + ReportText.Kind).Line();
        // Line endings are fixed so that a checkout with CRLF still writes the same bytes.
        html.Open("style").Line().Markup(Stylesheet.ReplaceLineEndings("\n")).Line().Close("style").Line();
        html.Close("head").Line();
    }

    private static void Header(HtmlBuilder html, ReportModel model)
    {
        html.Open("header").Line();
        html.Element("h1", ReportFormat.SingleLine(model.ProjectName)).Line();
        html.Element("p", ReportText.Kind, ("class", "kind")).Line();
        html.Open("dl", ("class", "facts")).Line();
        var generated = ReportFormat.Timestamp(model.GeneratedAt);
        html.Element("dt", "Generated").Open("dd").Element("time", generated, ("datetime", generated)).Close("dd").Line();
        html.Element("dt", "Codebook").Open("dd")
            .Element("span", ReportFormat.SingleLine(model.CodebookId), ("class", "code-id"))
            .Text(", version " + ReportFormat.SingleLine(model.CodebookVersion))
            .Close("dd").Line();
        Fact(html, "Cases", ReportFormat.Count(model.Cases));
        Fact(html, "Sources", ReportFormat.Count(model.Sources));
        html.Element("dt", "Coders").Open("dd");
        if (model.Coders.Count == 0)
        {
            html.Text(ReportText.NoCoders);
        }
        else
        {
            html.Open("ul");
            foreach (var coder in model.Coders)
            {
                html.Element("li", ReportFormat.Coder(coder));
            }

            html.Close("ul");
        }

        html.Close("dd").Line();
        Fact(html, "Coder filter", model.CoderFilter is { } filter ? ReportFormat.SingleLine(filter) : ReportText.AllCoders);
        html.Close("dl").Line();
        html.Close("header").Line();
    }

    private static void Fact(HtmlBuilder html, string term, string value) =>
        html.Element("dt", term).Element("dd", value).Line();

    private static void PrevalenceSection(HtmlBuilder html, ReportModel model)
    {
        html.Open("section", ("id", "prevalence")).Line();
        html.Element("h2", ReportText.PrevalenceHeading).Line();
        var categories = ReportLayout.Categories(model);
        if (model.Cases == 0)
        {
            html.Element("p", ReportText.NoCases, ("class", "empty")).Line();
        }
        else if (categories.Count == 0)
        {
            html.Element("p", ReportText.NoCodes, ("class", "empty")).Line();
        }
        else
        {
            html.Element("p", ReportText.PrevalenceLead(model.Cases), ("class", "lead")).Line();
            html.Open("figure", ("class", "chart-figure")).Line();
            PrevalenceChart.Write(html, [.. categories.SelectMany(category => category.Entries)], model.Cases);
            html.Close("figure").Line();
            PrevalenceTable(html, categories, model.Cases);
        }

        html.Close("section").Line();
    }

    private static void PrevalenceTable(HtmlBuilder html, IReadOnlyList<ReportCategory> categories, int cases)
    {
        html.Open("table", ("class", "prevalence")).Line();
        html.Element("caption", ReportText.PrevalenceLead(cases)).Line();
        html.Open("thead").Open("tr");
        for (var i = 0; i < ReportText.TableHeadings.Count; i++)
        {
            html.Element("th", ReportText.TableHeadings[i], ("scope", "col"), ("class", i >= 2 ? "num" : null));
        }

        html.Close("tr").Close("thead").Line();
        foreach (var category in categories)
        {
            // One tbody per category, headed by a row, so that the grouping survives screen readers and print.
            html.Open("tbody").Line();
            html.Open("tr", ("class", "category"))
                .Element("th", category.Title, ("scope", "rowgroup"), ("colspan", ReportFormat.Count(ReportText.TableHeadings.Count)))
                .Close("tr").Line();
            foreach (var entry in category.Entries)
            {
                TableRow(html, entry);
            }

            html.Close("tbody").Line();
        }

        html.Close("table").Line();
    }

    private static void TableRow(HtmlBuilder html, ReportEntry entry)
    {
        html.Open("tr");
        html.Element("td", entry.Id.Value, ("class", "code-id"));
        html.Open("td")
            .Open("span", ("class", "swatch"), ("style", "background:" + entry.Colour)).Close("span")
            .Text(ReportFormat.SingleLine(entry.Name))
            .Close("td");
        if (entry.Figures is { } row)
        {
            html.Element("td", ReportFormat.Count(row.Cases), ("class", "num"));
            html.Element("td", ReportFormat.Percent(row.Share), ("class", "num"));
            html.Element("td", ReportFormat.Interval(row.Ci95), ("class", "num"));
        }
        else
        {
            html.Element("td", ReportText.NotComputed, ("class", "num"), ("colspan", "3"));
        }

        html.Close("tr").Line();
    }

    private static void QuotesSection(HtmlBuilder html, ReportModel model)
    {
        html.Open("section", ("id", "quotes")).Line();
        html.Element("h2", ReportText.QuotesHeading).Line();
        var groups = ReportLayout.QuoteGroups(model);
        if (groups.Count == 0)
        {
            html.Element("p", ReportText.NoQuotes, ("class", "empty")).Line();
        }

        foreach (var group in groups)
        {
            html.Open("h3").Text(ReportFormat.SingleLine(group.Name) + " ").Element("span", group.Id.Value, ("class", "code-id")).Close("h3").Line();
            if (ReportFormat.SingleLine(group.Definition) is { Length: > 0 } definition)
            {
                html.Element("p", definition, ("class", "definition")).Line();
            }

            foreach (var quote in group.Quotes)
            {
                Quote(html, quote);
            }
        }

        html.Close("section").Line();
    }

    private static void Quote(HtmlBuilder html, ReportQuote quote)
    {
        // The attribution goes in a figcaption outside the blockquote: it is not part of what was said.
        html.Open("figure", ("class", "quote")).Line();
        html.Open("blockquote").Line();
        foreach (var paragraph in ReportFormat.Paragraphs(quote.Text))
        {
            html.Element("p", paragraph).Line();
        }

        html.Close("blockquote").Line();
        html.Element("figcaption", "— " + string.Join(", ", ReportFormat.Attribution(quote))).Line();
        html.Close("figure").Line();
    }

    private static void Section(HtmlBuilder html, ReportSection section, int level = 2)
    {
        html.Open("section", ("id", section.Id)).Line();
        html.Element(level == 2 ? "h2" : "h3", section.Heading).Line();
        foreach (var paragraph in section.Paragraphs)
        {
            html.Element("p", paragraph).Line();
        }

        if (section.Heatmap is { } map)
        {
            html.Open("figure", ("class", "chart-figure")).Line();
            SectionCharts.Heatmap(html, map, section.Id + "-heatmap");
            html.Close("figure").Line();
        }

        if (section.Columns is { } columns)
        {
            html.Open("figure", ("class", "chart-figure")).Line();
            SectionCharts.Columns(html, columns, section.Id + "-columns");
            html.Close("figure").Line();
        }

        if (section.Table is { } table)
        {
            html.Open("table").Line();
            html.Element("caption", table.Caption).Line();
            html.Open("thead").Open("tr");
            foreach (var heading in table.Headings)
            {
                html.Element("th", heading, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Line();
            html.Open("tbody").Line();
            foreach (var row in table.Rows)
            {
                html.Open("tr");
                foreach (var cell in row)
                {
                    html.Element("td", cell);
                }

                html.Close("tr").Line();
            }

            html.Close("tbody").Line();
            html.Close("table").Line();
        }

        html.Close("section").Line();
    }

    private static void MethodSection(HtmlBuilder html, ReportModel model)
    {
        html.Open("section", ("id", "method")).Line();
        html.Element("h2", ReportText.MethodHeading).Line();
        html.Element("p", ReportText.Method(model)).Line();
        foreach (var section in model.Methods)
        {
            Section(html, section, level: 3);
        }

        html.Element("p", ReportText.Privacy, ("class", "privacy")).Line();
        html.Close("section").Line();
    }
}
