namespace DefectorLens.Interop.Reports;

/// <summary>A section of the report beyond prevalence and quotes: a finding, the method, or a recommendation backed by figures.</summary>
/// <param name="Id">The HTML anchor (<c>reflection</c>, <c>timeline</c>...).</param>
/// <param name="Heading">The section's title.</param>
/// <param name="Paragraphs">What the figures say, as plain sentences.</param>
/// <remarks>Every figure in the text also comes out of a <c>dlens stats</c> command with <c>--json</c>.</remarks>
public sealed record ReportSection(string Id, string Heading, IReadOnlyList<string> Paragraphs)
{
    /// <summary>A table of the figures, if any.</summary>
    public ReportTable? Table { get; init; }

    /// <summary>A heatmap (for joining × leaving narratives), if any.</summary>
    public ReportHeatmap? Heatmap { get; init; }

    /// <summary>A column chart of counts (for the timeline), if any.</summary>
    public ReportColumns? Columns { get; init; }
}

/// <summary>A table of already formatted cells.</summary>
/// <param name="Caption">What the table shows.</param>
/// <param name="Headings">Column headings.</param>
/// <param name="Rows">Rows of cells, each as long as <paramref name="Headings"/>.</param>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Headings, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A grid of cells shaded by value.</summary>
/// <param name="Title">What the grid shows.</param>
/// <param name="Rows">Row labels.</param>
/// <param name="Columns">Column labels.</param>
/// <param name="Values">Shade of each cell, 0 to 1; null for an empty cell.</param>
/// <param name="Labels">Text of each cell.</param>
public sealed record ReportHeatmap(string Title, IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, double?[,] Values, string[,] Labels);

/// <summary>Counts drawn as vertical columns in order.</summary>
/// <param name="Title">What the columns show.</param>
/// <param name="Labels">One label per column (a period).</param>
/// <param name="Counts">One count per column.</param>
public sealed record ReportColumns(string Title, IReadOnlyList<string> Labels, IReadOnlyList<int> Counts);
