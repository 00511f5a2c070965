using System.Globalization;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Tables;
using DefectorLens.Statistics;

namespace DefectorLens.Services;

/// <summary>Exports cases (never identity), codings and every statistics table as CSV files or one XLSX workbook.</summary>
public static class Exporting
{
    /// <summary>The formats written here (qdpx is written by <see cref="QdpxExchange"/>).</summary>
    public static IReadOnlyList<string> TableFormats { get; } = ["csv", "xlsx"];

    /// <summary>Every table: cases, codings, then each statistic.</summary>
    public static async Task<IReadOnlyList<DataTable>> TablesAsync(IProjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var data = await AnalysisData.LoadAsync(store, CodingFilter.All, cancellationToken).ConfigureAwait(false);
        var findings = ReportSections.Compute(data, cancellationToken);
        var tables = new List<DataTable> { Cases(data.Cases), await CodingsAsync(store, cancellationToken).ConfigureAwait(false), Prevalence(Findings.Prevalence(data)) };
        tables.AddRange(ReportSections.FindingSections(findings).Concat(ReportSections.MethodSections(findings))
            .Where(section => section.Table is not null)
            .Select(section => new DataTable(section.Id, section.Table!.Headings, section.Table.Rows)));
        tables.Add(Timeline(findings.Timeline));
        return tables;
    }

    /// <summary>Writes the tables as CSV files in the directory <paramref name="path"/>, or as one workbook at <paramref name="path"/> for xlsx.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(IProjectStore store, string format, string path, CancellationToken cancellationToken)
    {
        var tables = await TablesAsync(store, cancellationToken).ConfigureAwait(false);
        if (format == "xlsx")
        {
            XlsxTables.Write(tables, path);
            return [path];
        }

        return await CsvTables.WriteAllAsync(tables, path, cancellationToken).ConfigureAwait(false);
    }

    private static DataTable Cases(IReadOnlyList<Case> cases) => new(
        "cases",
        ["case", "pseudonym", "gender", "age_at_joining", "nationality", "residence", "group", "role", "joined", "defected", "legal_status", "consent", "extra"],
        [.. cases.Select(c => (IReadOnlyList<string>)
        [
            c.Id.Value, c.Pseudonym, c.Attributes.Gender ?? "", c.Attributes.AgeAtJoining?.ToString(CultureInfo.InvariantCulture) ?? "",
            c.Attributes.Nationality ?? "", c.Attributes.CountryOfResidence ?? "", c.Attributes.Group ?? "", c.Attributes.Role ?? "",
            c.Attributes.Joined?.ToString() ?? "", c.Attributes.Defected?.ToString() ?? "", Vocabulary.Name(c.Attributes.LegalStatus), Vocabulary.Name(c.Attributes.Consent),
            string.Join("; ", c.Attributes.Extra.Select(e => e.Key + "=" + e.Value)),
        ])]);

    private static async Task<DataTable> CodingsAsync(IProjectStore store, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var source in await store.GetSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (source.Codings == 0)
            {
                continue;
            }

            var segments = (await store.GetSegmentsAsync(source.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id);
            foreach (var coding in await store.GetCodingsAsync(source.Id, cancellationToken).ConfigureAwait(false))
            {
                var segment = segments[coding.Segment];
                rows.Add(
                [
                    source.Id.Value, Number(segment.Start), Number(segment.End), segment.Speaker?.Value ?? "", coding.Code.Value, coding.Coder.Name,
                    Vocabulary.Name(coding.Coder.Kind), coding.Coder.Version, coding.CodebookVersion, coding.Confidence?.ToString(CultureInfo.InvariantCulture) ?? "",
                ]);
            }
        }

        return new DataTable("codings", ["source", "start", "end", "speaker", "code", "coder", "coder_kind", "coder_version", "codebook_version", "confidence"], rows);
    }

    private static DataTable Prevalence(IReadOnlyList<PrevalenceRow> rows) => new(
        "prevalence", ["code", "name", "cases", "share", "ci95_low", "ci95_high"],
        [.. rows.Select(r => (IReadOnlyList<string>)[r.Code.Value, r.Name, Number(r.Cases), Real(r.Share), Real(r.Ci95.Low), Real(r.Ci95.High)])]);

    private static DataTable Timeline(TimelineResult t) => new(
        "timeline-periods", ["period", "kind", "cases"],
        [.. t.ByYear.Select(p => (IReadOnlyList<string>)[p.Period, "year", Number(p.Cases)]),
         .. t.ByQuarter.Select(p => (IReadOnlyList<string>)[p.Period, "quarter", Number(p.Cases)]),
         .. t.ByMonth.Select(p => (IReadOnlyList<string>)[p.Period, "month", Number(p.Cases)])]);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
