using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Reports;

/// <summary>Every sentence the reports write, in one place, as plain text for the writers to encode.</summary>
internal static class ReportText
{
    /// <summary>What the document is, under the project name.</summary>
    public const string Kind = "Narratives report";

    /// <summary>The heading of the prevalence section.</summary>
    public const string PrevalenceHeading = "Prevalence of narratives";

    /// <summary>The heading of the quotes section.</summary>
    public const string QuotesHeading = "Quotes";

    /// <summary>The heading of the method section.</summary>
    public const string MethodHeading = "Method";

    /// <summary>Said instead of figures when there are no cases, so that no share is divided by zero.</summary>
    public const string NoCases = "No cases: there is nothing to count yet.";

    /// <summary>Said instead of figures when no code was chosen.</summary>
    public const string NoCodes = "No codes were chosen for this report.";

    /// <summary>Said when there are no quotes to show.</summary>
    public const string NoQuotes = "No quotes were selected for this report.";

    /// <summary>Stands in for the figures of a code the model holds no prevalence for.</summary>
    public const string NotComputed = "not computed";

    /// <summary>The coder filter when every coder counts.</summary>
    public const string AllCoders = "all coders";

    /// <summary>Said when the model lists no coder.</summary>
    public const string NoCoders = "none recorded";

    /// <summary>The privacy note that closes every report.</summary>
    public const string Privacy =
        "Pseudonyms are used throughout. Real names, aliases, contact details and exact locations are never included in a report.";

    /// <summary>The column headings of the prevalence table.</summary>
    public static IReadOnlyList<string> TableHeadings { get; } = ["Code", "Name", "Cases", "Share", "95% CI"];

    /// <summary>How a category of codes is headed.</summary>
    public static string CategoryTitle(string key) => key switch
    {
        "join" => "Joining",
        "leave" => "Leaving",
        "obstacle" => "Obstacles",
        "risk" => "Risks",
        "" => "Other",
        _ => key,
    };

    /// <summary>The sentence that opens the prevalence section.</summary>
    public static string PrevalenceLead(int cases) =>
        "Cases with each code out of all " + Cases(cases) + ", with the 95% Wilson score interval of the share.";

    /// <summary>The accessible description of the chart: every figure it draws, in words.</summary>
    public static string ChartDescription(int cases, IEnumerable<ReportEntry> entries) =>
        "Horizontal bar chart of the share of cases with each code out of all " + Cases(cases) + ", with 95% Wilson intervals. "
        + string.Join(" ", entries.Select(entry => ReportFormat.SingleLine(entry.Name) + ": " + Figures(entry) + "."));

    /// <summary>One code's figures in words, for tooltips and the chart description.</summary>
    public static string Figures(ReportEntry entry) => entry.Figures is { } row
        ? ReportFormat.CasesAndShare(row) + ", 95% CI " + ReportFormat.Interval(row.Ci95)
        : NotComputed;

    /// <summary>The method paragraph: how prevalence was counted and whose codings were included.</summary>
    public static string Method(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return "Prevalence is counted at case level: a case counts once for a code however many of its segments carry that code, "
            + "and each share is those cases over the " + Cases(model.Cases) + " of the project, coded or not. "
            + "Confidence intervals are Wilson score intervals at 95%. "
            + Coders(model);
    }

    /// <summary>The coders of the model in one line.</summary>
    public static string CoderList(IReadOnlyList<Coder> coders) =>
        coders.Count == 0 ? NoCoders : string.Join("; ", coders.Select(ReportFormat.Coder));

    private static string Coders(ReportModel model) => model.CoderFilter is { } filter
        ? "Only codings by " + ReportFormat.SingleLine(filter) + " are included."
        : model.Coders.Count == 0
            ? "Codings by all coders are included."
            : "Codings by all coders are included: " + CoderList(model.Coders) + ".";

    private static string Cases(int cases) => ReportFormat.Count(cases) + (cases == 1 ? " case" : " cases");
}
