using System.Globalization;

namespace DefectorLens.Interop.Reports;

/// <summary>Draws the heatmap and column charts of report sections as inline SVG.</summary>
internal static class SectionCharts
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";
    private const string Font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    /// <summary>Writes a heatmap: one square per cell, darker for higher values, labelled with its text.</summary>
    public static void Heatmap(HtmlBuilder html, ReportHeatmap map, string id)
    {
        const double left = 220, top = 70, cell = 90, height = 40;
        var width = left + (map.Columns.Count * cell) + 10;
        var total = top + (map.Rows.Count * height) + 10;
        Open(html, width, total, id, map.Title);
        for (var c = 0; c < map.Columns.Count; c++)
        {
            var x = left + (c * cell) + (cell / 2);
            html.Element("text", Short(map.Columns[c], 16), ("x", HtmlBuilder.Number(x)), ("y", HtmlBuilder.Number(top - 10)), ("text-anchor", "middle"), ("transform", $"rotate(-20 {HtmlBuilder.Number(x)} {HtmlBuilder.Number(top - 10)})")).Line();
        }

        for (var r = 0; r < map.Rows.Count; r++)
        {
            var y = top + (r * height);
            html.Element("text", Short(map.Rows[r], 34), ("x", HtmlBuilder.Number(left - 8)), ("y", HtmlBuilder.Number(y + (height / 2) + 4)), ("text-anchor", "end")).Line();
            for (var c = 0; c < map.Columns.Count; c++)
            {
                var value = map.Values[r, c];
                var shade = value is { } v ? Math.Clamp(v, 0, 1) : 0;
                var fill = value is null ? "#f4f5f7" : Shade(shade);
                var x = left + (c * cell);
                html.Open("g", ("class", "cell")).Line();
                html.Element("title", map.Rows[r] + " × " + map.Columns[c] + ": " + map.Labels[r, c]).Line();
                html.Empty("rect", ("x", HtmlBuilder.Number(x + 1)), ("y", HtmlBuilder.Number(y + 1)), ("width", HtmlBuilder.Number(cell - 2)), ("height", HtmlBuilder.Number(height - 2)), ("fill", fill)).Line();
                html.Element("text", map.Labels[r, c], ("x", HtmlBuilder.Number(x + (cell / 2))), ("y", HtmlBuilder.Number(y + (height / 2) + 4)), ("text-anchor", "middle"), ("fill", shade > 0.55 ? "#ffffff" : "#222222")).Line();
                html.Close("g").Line();
            }
        }

        html.Close("svg").Line();
    }

    /// <summary>Writes vertical columns of counts with the largest count on the axis.</summary>
    public static void Columns(HtmlBuilder html, ReportColumns chart, string id)
    {
        const double left = 40, top = 10, plot = 160, bottom = 50;
        var step = Math.Clamp(680.0 / Math.Max(1, chart.Counts.Count), 6, 60);
        var width = left + (chart.Counts.Count * step) + 10;
        var max = Math.Max(1, chart.Counts.DefaultIfEmpty(0).Max());
        Open(html, width, top + plot + bottom, id, chart.Title);
        html.Empty("line", ("x1", HtmlBuilder.Number(left)), ("y1", HtmlBuilder.Number(top + plot)), ("x2", HtmlBuilder.Number(width - 5)), ("y2", HtmlBuilder.Number(top + plot)), ("stroke", "#222222")).Line();
        html.Element("text", max.ToString(CultureInfo.InvariantCulture), ("x", HtmlBuilder.Number(left - 4)), ("y", HtmlBuilder.Number(top + 10)), ("text-anchor", "end")).Line();
        var labelEvery = Math.Max(1, (int)Math.Ceiling(36 / step));
        for (var i = 0; i < chart.Counts.Count; i++)
        {
            var h = plot * chart.Counts[i] / max;
            var x = left + (i * step);
            html.Open("g", ("class", "column")).Line();
            html.Element("title", chart.Labels[i] + ": " + chart.Counts[i].ToString(CultureInfo.InvariantCulture)).Line();
            html.Empty("rect", ("x", HtmlBuilder.Number(x + 1)), ("y", HtmlBuilder.Number(top + plot - h)), ("width", HtmlBuilder.Number(step - 2)), ("height", HtmlBuilder.Number(h)), ("fill", "#3b6ea5")).Line();
            if (i % labelEvery == 0)
            {
                var lx = x + (step / 2);
                html.Element("text", chart.Labels[i], ("x", HtmlBuilder.Number(lx)), ("y", HtmlBuilder.Number(top + plot + 14)), ("text-anchor", "end"), ("transform", $"rotate(-45 {HtmlBuilder.Number(lx)} {HtmlBuilder.Number(top + plot + 14)})")).Line();
            }

            html.Close("g").Line();
        }

        html.Close("svg").Line();
    }

    private static void Open(HtmlBuilder html, double width, double height, string id, string title)
    {
        html.Open("svg", ("xmlns", SvgNamespace), ("class", "chart"), ("role", "img"), ("aria-labelledby", id + "-title"),
            ("width", HtmlBuilder.Number(width)), ("height", HtmlBuilder.Number(height)), ("viewBox", "0 0 " + HtmlBuilder.Number(width) + " " + HtmlBuilder.Number(height)),
            ("font-family", Font), ("font-size", "12"), ("fill", "#222222")).Line();
        html.Element("title", title, ("id", id + "-title")).Line();
    }

    // From a pale to a deep blue, so that order reads without colour vision.
    private static string Shade(double value)
    {
        var r = (int)Math.Round(235 - (value * (235 - 31)));
        var g = (int)Math.Round(241 - (value * (241 - 78)));
        var b = (int)Math.Round(248 - (value * (248 - 121)));
        return string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}");
    }

    private static string Short(string text, int length)
    {
        var line = ReportFormat.SingleLine(text);
        return line.Length <= length ? line : line[..(length - 1)].TrimEnd() + "…";
    }
}
