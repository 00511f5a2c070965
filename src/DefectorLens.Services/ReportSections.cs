using System.Globalization;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Reports;
using DefectorLens.Statistics;

namespace DefectorLens.Services;

/// <summary>Every finding the report shows beyond prevalence, computed once.</summary>
/// <param name="Reflection">Joining × leaving narratives.</param>
/// <param name="Timeline">Defections over time.</param>
/// <param name="Risks">Obstacles and risks by legal status.</param>
/// <param name="Credibility">Independent sources and agreement.</param>
/// <param name="Unseen">Capture–recapture, or null when the project names fewer than two outlets.</param>
/// <param name="Reliability">Case-level agreement between coders.</param>
public sealed record ReportFindings(ReflectionResult Reflection, TimelineResult Timeline, RisksResult Risks, CredibilityResult Credibility, UnseenResult? Unseen, ReliabilityResult Reliability);

/// <summary>Turns findings into report sections: sentences, tables and charts.</summary>
public static class ReportSections
{
    /// <summary>Computes every finding once; reliability compares coders, so it always counts every coder's codings.</summary>
    public static ReportFindings Compute(AnalysisData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        UnseenResult? unseen = Findings.CasesByOutlet(data).Count >= 2
            ? Findings.Unseen(data, null)
            : null;
        return new ReportFindings(Findings.Reflection(data, cancellationToken), Findings.Timeline(data, null), Findings.Risks(data), Findings.Credibility(data), unseen, Findings.CaseReliability(data.WithFilter(CodingFilter.All)));
    }

    /// <summary>The findings sections, in the order the study presents them.</summary>
    public static IReadOnlyList<ReportSection> FindingSections(ReportFindings f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return [Reflection(f.Reflection), Timeline(f.Timeline), Risks(f.Risks), Credibility(f.Credibility), Unseen(f.Unseen)];
    }

    /// <summary>One section per recommendation of the study, each with the figures behind it.</summary>
    public static IReadOnlyList<ReportSection> RecommendationSections(ReportFindings f, IReadOnlyList<Case> cases, int quotableCases)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(cases);
        var n = cases.Count;
        var consented = cases.Count(c => c.Attributes.Consent >= Findings.QuotableConsent);
        var reprisal = f.Risks.Overall.FirstOrDefault(r => r.Code.Value == "risk.reprisal");
        var prosecution = f.Risks.Overall.FirstOrDefault(r => r.Code.Value == "risk.prosecution");
        var facing = cases.Count(c => c.Attributes.LegalStatus is LegalStatus.Detained or LegalStatus.Prosecuted or LegalStatus.Convicted);
        return
        [
            new ReportSection("recommendation-credibility", "Recommendation 1: recognise the value and credibility of defector narratives",
            [
                $"{Count(f.Credibility.Corroborated)} of {Count(n)} cases ({Share(f.Credibility.CorroboratedShare)}) are told by two or more independent sources; {Count(f.Credibility.Flagged)} cases have sources that tell different narratives of the same kind.",
                f.Credibility.MeanAgreement is { } agreement ? $"Where a case has several coded documents, they agree on {Percent(agreement)} of its narratives on average (mean Jaccard similarity)." : "No case has two coded documents, so agreement across sources is not defined.",
            ]),
            new ReportSection("recommendation-voices", "Recommendation 2: give defectors opportunities to speak out",
            [
                $"{Count(consented)} of {Count(n)} cases consent to public anonymous use or more ({Percent(n == 0 ? 0 : (double)consented / n)}); {Count(quotableCases)} of them have a quotable passage in their own words in this report.",
            ]),
            new ReportSection("recommendation-safety", "Recommendation 3: help with resettlement and safety",
            [
                reprisal is null ? "The codebook has no risk.reprisal code." : $"{Count(reprisal.Cases)} cases ({Share(reprisal)}) speak of reprisals: fear of being hunted, threats to family, execution of deserters.",
            ]),
            new ReportSection("recommendation-legal", "Recommendation 4: remove legal disincentives",
            [
                (prosecution is null ? "The codebook has no risk.prosecution code. " : $"{Count(prosecution.Cases)} cases ({Share(prosecution)}) speak of prosecution: arrest, trial, prison, loss of citizenship. ")
                + $"{Count(facing)} cases are detained, prosecuted or convicted.",
            ]),
        ];
    }

    /// <summary>The method in detail: reliability between coders and the caveats of each finding.</summary>
    public static IReadOnlyList<ReportSection> MethodSections(ReportFindings f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var r = f.Reliability;
        var reliability = r.Overall is null
            ? new ReportSection("reliability", "Reliability between coders", [$"Not computed: {r.Undefined}."])
            : new ReportSection("reliability", "Reliability between coders",
            [
                $"Agreement of {string.Join(", ", r.Coders)} over {Count(r.Units)} cases coded by at least two of them, each code present or absent per case. Undefined coefficients (every rating the same, or no shared case) are shown as —.",
            ])
            {
                Table = new ReportTable("Agreement per code (case level)", ["code", "agreement", "Krippendorff's α", "Fleiss' κ", "Cohen's κ per pair"],
                    [.. r.PerCode.Append(r.Overall).Select(row => (IReadOnlyList<string>)[row.Code?.Value ?? row.Name, Value(row.Alpha.PercentAgreement), Value(row.Alpha.Alpha), Value(row.Fleiss.Kappa),
                        string.Join("; ", row.Pairs.Select(p => $"{p.First}/{p.Second} {Value(p.Kappa.Kappa)}"))])]),
            };
        return
        [
            reliability,
            new ReportSection("caveats", "Caveats",
            [
                "Cases come from published or recorded testimony, not from a sample of all defectors: shares describe the cases on record, and the intervals cover sampling error only.",
                "A case counts once per code however many passages carry it; narration about a case counts for it as its own words do, unless figures are restricted to own words.",
                f.Reflection.Caveat,
                "Capture–recapture rests on assumptions (closed population, independent lists, equal chances of being reported) that published testimony rarely meets; read the estimate as an order of magnitude.",
            ]),
        ];
    }

    private static ReportSection Reflection(ReflectionResult r)
    {
        var values = new double?[r.Join.Count, r.Leave.Count];
        var labels = new string[r.Join.Count, r.Leave.Count];
        for (var j = 0; j < r.Join.Count; j++)
        {
            for (var l = 0; l < r.Leave.Count; l++)
            {
                values[j, l] = r.RowShares[j, l];
                labels[j, l] = r.RowShares[j, l] is { } s ? $"{Count(r.Counts[j, l])} ({Percent(s)})" : "—";
            }
        }

        var test = r.ChiSquare.Statistic is { } x
            ? $"Pearson's chi-square {Number(x)} on {Count(r.ChiSquare.DegreesOfFreedom)} df, p {P(r.ChiSquare.P!.Value)}"
            : $"Chi-square not computed: {r.ChiSquare.Undefined}";
        if (r.Fisher is { } fisher)
        {
            test += fisher.P is { } p ? $"; expected counts are small, so Fisher's exact test: p {P(p)}" : $"; Fisher's exact test not computed: {fisher.Undefined}";
        }

        test += r.CramersV.Value is { } v ? $"; Cramér's V {Number(v)}." : ".";
        var rows = new List<IReadOnlyList<string>>();
        for (var j = 0; j < r.Join.Count; j++)
        {
            for (var l = 0; l < r.Leave.Count; l++)
            {
                rows.Add([r.Join[j].Name, r.Leave[l].Name, Count(r.Counts[j, l]), r.RowShares[j, l] is { } s ? Percent(s) : "—", r.Lift[j, l] is { } lift ? Number(lift) : "—"]);
            }
        }

        return new ReportSection("reflection", "Joining narratives reflected in leaving narratives",
            ["Each cell: cases that tell both narratives, and their share among the cases that tell the joining narrative (row share). Lift compares the row share with the leaving narrative's share among all cases: above 1, those who joined for that reason left for this one more often than defectors overall.", test, r.Caveat])
        {
            Heatmap = new ReportHeatmap("Leaving narratives (columns) by joining narrative (rows): row shares", [.. r.Join.Select(c => c.Name)], [.. r.Leave.Select(c => c.Name)], values, labels),
            Table = new ReportTable("Joining × leaving narratives", ["joined for", "left for", "cases", "row share", "lift"], rows),
        };
    }

    private static ReportSection Timeline(TimelineResult t)
    {
        var months = t.ByMonth.Count > 0;
        var series = months ? t.ByMonth : t.ByYear;
        return new ReportSection("timeline", "When they defected",
        [
            $"{Count(t.Cases - t.Undated)} of {Count(t.Cases)} cases have a defection date; {Count(t.YearOnly)} are known only to the year and are counted per year but in no month.",
            string.Join("; ", t.ByYear.Select(y => $"{y.Period}: {Count(y.Cases)}")) is { Length: > 0 } years ? "Defections per year: " + years + "." : "No case has a defection date.",
        ])
        {
            Columns = series.Count == 0 ? null : new ReportColumns(months ? "Defections per month (cases dated to the month)" : "Defections per year", [.. series.Select(s => s.Period)], [.. series.Select(s => s.Cases)]),
        };
    }

    private static ReportSection Risks(RisksResult r)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (var c = 0; c < r.Codes.Count; c++)
        {
            rows.Add([r.Codes[c].Name, Share(r.Overall[c]), .. Enumerable.Range(0, r.Statuses.Count).Select(s => Share(r.Cells[c, s]))]);
        }

        return new ReportSection("risks", "Obstacles and risks, by legal status",
            [$"Share of cases telling of each obstacle or risk, among all {Count(r.Cases)} cases and within each legal status (cases in brackets), with 95% Wilson intervals."])
        {
            Table = new ReportTable("Obstacles and risks by legal status", ["code", "all", .. r.Statuses.Select(s => $"{s.Status} ({Count(s.Cases)})")], rows),
        };
    }

    private static ReportSection Credibility(CredibilityResult r) =>
        new("credibility", "Credibility of the narratives",
        [
            $"{Count(r.Corroborated)} of {Count(r.Cases)} cases ({Share(r.CorroboratedShare)}) have two or more independent sources (distinct outlets; duplicated documents count once).",
            r.MeanAgreement is { } a ? $"Mean agreement of coded narratives across a case's documents: {Percent(a)}. {Count(r.Flagged)} cases are flagged because two documents tell different narratives of the same kind." : "No case has two coded documents, so agreement across sources is not defined.",
        ])
        {
            Table = new ReportTable("Cases by number of independent sources", ["independent sources", "cases"], [.. r.BySourceCount.Select(b => (IReadOnlyList<string>)[Count(b.Sources), Count(b.Cases)])]),
        };

    private static ReportSection Unseen(UnseenResult? u)
    {
        if (u is null)
        {
            return new ReportSection("unseen", "The unseen: defectors not on record", ["Not estimated: the project's sources name fewer than two outlets, and capture–recapture needs two lists at least."]);
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var e in new[] { u.LincolnPetersen, u.Chapman }.OfType<PopulationEstimate>())
        {
            rows.Add([e.Method, Estimate(e.N), Interval(e.Ci95), e.Undefined ?? e.Interval]);
        }

        if (u.LogLinear.Selected is { } m)
        {
            rows.Add([$"log-linear, {m.Name} (selected by AIC)", Estimate(m.Estimate.N), Interval(m.Estimate.Ci95), m.Estimate.Undefined ?? m.Estimate.Interval]);
        }

        return new ReportSection("unseen", "The unseen: defectors not on record",
        [
            $"Lists: {string.Join("; ", u.Lists.Select((l, i) => $"{Count(i + 1)}. {l.Name} ({Count(l.Cases)} cases)"))}. {Count(u.Observed)} cases are on at least one list.",
            .. u.Assumptions.Select(a => $"Assumption, {a.Name}: {a.Check}."),
        ])
        {
            Table = new ReportTable("Estimated number of defectors", ["method", "estimate", "95% interval", "interval"], rows),
        };
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Share(PrevalenceRow row) => $"{Count(row.Cases)} ({Percent(row.Share)}, {Percent(row.Ci95.Low)}–{Percent(row.Ci95.High)})";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string P(double p) => p < 1e-16 ? "< 1e-16" : p.ToString("G4", CultureInfo.InvariantCulture);

    private static string Value(Coefficient c) => c.Value is { } v ? Number(v) : "—";

    private static string Estimate(double? n) => n is { } v ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : "—";

    private static string Interval(Interval? ci) => ci is { } c ? $"{Estimate(c.Low)}–{Estimate(c.High)}" : "—";
}
