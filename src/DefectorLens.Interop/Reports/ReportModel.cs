using DefectorLens.Core.Model;
using DefectorLens.Statistics;

namespace DefectorLens.Interop.Reports;

/// <summary>Everything a report shows, already computed, pseudonymised and filtered by consent.</summary>
/// <remarks>
/// The writers compute nothing: every figure comes from here, so that the CLI's <c>--json</c> can reproduce it.
/// <see cref="GeneratedAt"/> is given, not read from a clock, so that the same model always gives the same bytes.
/// </remarks>
public sealed record ReportModel
{
    /// <summary>The project's name.</summary>
    public required string ProjectName { get; init; }

    /// <summary>When the report was made; written in UTC.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The codebook's identifier (<c>icsr-2015</c>).</summary>
    public required string CodebookId { get; init; }

    /// <summary>The codebook version the figures were coded with.</summary>
    public required string CodebookVersion { get; init; }

    /// <summary>All cases, coded or not: the denominator of every share.</summary>
    public int Cases { get; init; }

    /// <summary>All sources in the project.</summary>
    public int Sources { get; init; }

    /// <summary>The coders whose codings the project holds.</summary>
    public IReadOnlyList<Coder> Coders { get; init; } = [];

    /// <summary>The only coder whose codings were counted; null when all coders were.</summary>
    public string? CoderFilter { get; init; }

    /// <summary>The codes reported, in the order they are shown.</summary>
    public IReadOnlyList<ReportCode> Codes { get; init; } = [];

    /// <summary>Case-level prevalence, one row per reported code.</summary>
    public IReadOnlyList<PrevalenceRow> Prevalence { get; init; } = [];

    /// <summary>The quotes to show, in the order given within each code.</summary>
    public IReadOnlyList<ReportQuote> Quotes { get; init; } = [];

    /// <summary>The findings after prevalence (reflection, timeline, risks, credibility, the unseen), in order.</summary>
    public IReadOnlyList<ReportSection> Findings { get; init; } = [];

    /// <summary>One section per recommendation of the study, each backed by figures.</summary>
    public IReadOnlyList<ReportSection> Recommendations { get; init; } = [];

    /// <summary>The method in detail: coders, reliability, caveats; shown before the privacy note.</summary>
    public IReadOnlyList<ReportSection> Methods { get; init; } = [];
}

/// <summary>A code as a report shows it.</summary>
/// <param name="Id">Stable dotted id; the part before the first dot is its category.</param>
/// <param name="Name">Short name.</param>
/// <param name="Definition">What the code covers.</param>
/// <param name="Colour">Display colour, <c>#rrggbb</c>; grey when absent or not of that shape.</param>
public sealed record ReportCode(CodeId Id, string Name, string Definition, string? Colour);

/// <summary>A quote as a report shows it: already pseudonymised and filtered by consent.</summary>
/// <param name="Code">The code the quote illustrates.</param>
/// <param name="Pseudonym">The name the speaker is shown by.</param>
/// <param name="SourceTitle">Title of the source it was taken from.</param>
/// <param name="Outlet">The outlet that published the source.</param>
/// <param name="Published">When the source was published.</param>
/// <param name="Text">The words.</param>
public sealed record ReportQuote(CodeId Code, string Pseudonym, string SourceTitle, string? Outlet, PartialDate? Published, string Text);
