using DefectorLens.Statistics;

namespace DefectorLens.Interop.Reports;

/// <summary>Draws prevalence as an inline SVG horizontal bar chart with 95% interval whiskers.</summary>
/// <remarks>
/// Styled with presentation attributes rather than the page's stylesheet, so that the chart looks the same
/// when copied out of the report on its own.
/// </remarks>
internal static class PrevalenceChart
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";
    private const double Width = 760;
    private const double PlotLeft = 270;
    private const double PlotWidth = 390;
    private const double Top = 8;
    private const double RowHeight = 28;
    private const double BarHeight = 16;
    private const double CapHalfHeight = 6;
    private const double AxisHeight = 24;

    // Half the font size, to centre a line of text on a bar without dominant-baseline, which not every viewer honours.
    private const double TextOffset = 4;
    private const int MaxLabelLength = 36;
    private const string TextColour = "#222222";
    private const string GridColour = "#d0d0d0";
    private const string WhiskerColour = "#222222";

    private static readonly double[] Ticks = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>Writes the chart for the entries, in order, as shares of <paramref name="cases"/>.</summary>
    public static void Write(HtmlBuilder html, IReadOnlyList<ReportEntry> entries, int cases)
    {
        var plotHeight = entries.Count * RowHeight;
        var height = Top + plotHeight + AxisHeight;
        html.Open(
            "svg",
            ("xmlns", SvgNamespace),
            ("class", "chart"),
            ("role", "img"),
            ("aria-labelledby", "chart-title chart-desc"),
            ("width", HtmlBuilder.Number(Width)),
            ("height", HtmlBuilder.Number(height)),
            ("viewBox", "0 0 " + HtmlBuilder.Number(Width) + " " + HtmlBuilder.Number(height)),
            ("font-family", "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"),
            ("font-size", "12"),
            ("fill", TextColour)).Line();
        html.Element("title", ReportText.PrevalenceHeading, ("id", "chart-title")).Line();
        html.Element("desc", ReportText.ChartDescription(cases, entries), ("id", "chart-desc")).Line();
        Axis(html, plotHeight);
        for (var i = 0; i < entries.Count; i++)
        {
            Row(html, entries[i], Top + (i * RowHeight) + (RowHeight / 2));
        }

        html.Close("svg").Line();
    }

    private static void Axis(HtmlBuilder html, double plotHeight)
    {
        html.Open("g", ("class", "axis")).Line();
        foreach (var tick in Ticks)
        {
            var x = HtmlBuilder.Number(X(tick));
            html.Empty(
                "line",
                ("class", "grid"),
                ("x1", x),
                ("y1", HtmlBuilder.Number(Top)),
                ("x2", x),
                ("y2", HtmlBuilder.Number(Top + plotHeight)),
                ("stroke", GridColour),
                ("stroke-width", "1")).Line();
            html.Element(
                "text",
                ReportFormat.Count((int)(tick * 100)) + "%",
                ("class", "tick"),
                ("x", x),
                ("y", HtmlBuilder.Number(Top + plotHeight + 16)),
                ("text-anchor", "middle")).Line();
        }

        html.Close("g").Line();
    }

    private static void Row(HtmlBuilder html, ReportEntry entry, double centre)
    {
        html.Open("g", ("class", "row"), ("data-code", entry.Id.Value)).Line();
        html.Element("title", ReportFormat.SingleLine(entry.Name) + ": " + ReportText.Figures(entry)).Line();
        html.Element(
            "text",
            Label(entry.Name),
            ("class", "label"),
            ("x", HtmlBuilder.Number(PlotLeft - 8)),
            ("y", HtmlBuilder.Number(centre + TextOffset)),
            ("text-anchor", "end")).Line();

        if (entry.Figures is { } row && double.IsFinite(row.Share))
        {
            html.Empty(
                "rect",
                ("class", "bar"),
                ("x", HtmlBuilder.Number(PlotLeft)),
                ("y", HtmlBuilder.Number(centre - (BarHeight / 2))),
                ("width", HtmlBuilder.Number(X(row.Share) - PlotLeft)),
                ("height", HtmlBuilder.Number(BarHeight)),
                ("fill", entry.Colour)).Line();
            Whisker(html, row.Ci95, centre);
        }

        html.Element(
            "text",
            entry.Figures is { } figures ? ReportFormat.CasesAndShare(figures) : ReportText.NotComputed,
            ("class", "value"),
            ("x", HtmlBuilder.Number(PlotLeft + PlotWidth + 8)),
            ("y", HtmlBuilder.Number(centre + TextOffset)),
            ("text-anchor", "start")).Line();
        html.Close("g").Line();
    }

    private static void Whisker(HtmlBuilder html, Interval interval, double centre)
    {
        if (!double.IsFinite(interval.Low) || !double.IsFinite(interval.High))
        {
            return;
        }

        var low = HtmlBuilder.Number(X(Math.Min(interval.Low, interval.High)));
        var high = HtmlBuilder.Number(X(Math.Max(interval.Low, interval.High)));
        var y = HtmlBuilder.Number(centre);
        var capTop = HtmlBuilder.Number(centre - CapHalfHeight);
        var capBottom = HtmlBuilder.Number(centre + CapHalfHeight);
        html.Empty("line", ("class", "ci"), ("x1", low), ("y1", y), ("x2", high), ("y2", y), ("stroke", WhiskerColour), ("stroke-width", "1.5")).Line();
        html.Empty("line", ("class", "ci-cap"), ("x1", low), ("y1", capTop), ("x2", low), ("y2", capBottom), ("stroke", WhiskerColour), ("stroke-width", "1.5")).Line();
        html.Empty("line", ("class", "ci-cap"), ("x1", high), ("y1", capTop), ("x2", high), ("y2", capBottom), ("stroke", WhiskerColour), ("stroke-width", "1.5")).Line();
    }

    // Shares outside [0, 1] cannot come from a count, so they are drawn at the edge rather than off the plot.
    private static double X(double share) => PlotLeft + (Math.Clamp(share, 0, 1) * PlotWidth);

    // The full name is in the row's tooltip and in the table; the label only has to fit the left margin.
    private static string Label(string name)
    {
        var label = ReportFormat.SingleLine(name);
        if (label.Length <= MaxLabelLength)
        {
            return label;
        }

        var cut = MaxLabelLength - 1;
        if (char.IsHighSurrogate(label[cut - 1]))
        {
            cut--;
        }

        return label[..cut].TrimEnd() + "…";
    }
}
