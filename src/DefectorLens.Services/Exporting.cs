using System.Globalization;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Exchange;
using DefectorLens.Interop.Tables;
using DefectorLens.Statistics;

namespace DefectorLens.Services;

/// <summary>Exports cases (never identity), codings and every statistics table as CSV files or one XLSX workbook, and sources as JSON Lines.</summary>
/// <remarks>
/// Every export is for an audience (<see cref="ReportAudience"/>): a public one carries only the cases that consented
/// to public use, and the sources, segments and codings about them. The statistics tables count every case, as the
/// report's figures do: they name nobody. Cases are named by their export id (<see cref="ExportIds"/>) in every table
/// and file, so every export needs the project's key. Every export is recorded in the audit log.
/// </remarks>
public static class Exporting
{
    /// <summary>The formats written here (qdpx is written by <see cref="QdpxExchange"/>).</summary>
    public static IReadOnlyList<string> TableFormats { get; } = ["csv", "xlsx"];

    /// <summary>Every table for an audience: cases, codings, then each statistic.</summary>
    /// <exception cref="Core.UserErrorException">The project's key is not at hand: cases cannot be given export ids.</exception>
    public static async Task<IReadOnlyList<DataTable>> TablesAsync(IProjectStore store, ReportAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var data = await AnalysisData.LoadAsync(store, CodingFilter.All, withQuotes: false, cancellationToken).ConfigureAwait(false);
        var findings = ReportSections.Compute(data, cancellationToken);
        // The tables carry no free text, so no identity needs to be read to redact them.
        var ids = await store.GetExportIdsAsync(cancellationToken).ConfigureAwait(false);
        var scope = ExportScope.For(Redactor.PatternsOnly, Redaction.Withheld(data.Cases, audience), ids);
        var tables = new List<DataTable>
        {
            Cases([.. data.Cases.Where(c => scope.Includes(c.Id))], scope), await CodingsAsync(store, scope, cancellationToken).ConfigureAwait(false),
            Prevalence(Findings.Prevalence(data)),
        };
        tables.AddRange(ReportSections.FindingSections(findings).Concat(ReportSections.MethodSections(findings))
            .Where(section => section.Table is not null)
            .Select(section => new DataTable(section.Id, section.Table!.Headings, section.Table.Rows)));
        tables.Add(Timeline(findings.Timeline));
        return tables;
    }

    /// <summary>Writes the tables for an audience as CSV files in the directory <paramref name="path"/>, or as one workbook at <paramref name="path"/> for xlsx.</summary>
    /// <exception cref="Core.UserErrorException">The project's key is not at hand: cases cannot be given export ids.</exception>
    public static async Task<IReadOnlyList<string>> WriteAsync(
        IProjectStore store, string format, string path, ReportAudience audience, CancellationToken cancellationToken)
    {
        var tables = await TablesAsync(store, audience, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> written;
        if (format == "xlsx")
        {
            XlsxTables.Write(tables, path);
            written = [path];
        }
        else
        {
            written = await CsvTables.WriteAllAsync(tables, path, cancellationToken).ConfigureAwait(false);
        }

        await store.RecordAsync("export", $"{format}, audience {Redaction.Word(audience)}, {written.Count} files", cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>Writes the project's cases and sources for an audience as one JSON Lines file another project can import; the file appears whole or not at all.</summary>
    /// <param name="store">The project.</param>
    /// <param name="file">The file to write.</param>
    /// <param name="audience">Who the file is for.</param>
    /// <param name="cancellationToken">Stops the export; no file is left.</param>
    /// <exception cref="Core.UserErrorException">The project's key is not at hand: cases cannot be given export ids, nor names redacted.</exception>
    public static async Task<JsonLinesExportSummary> WriteJsonLinesAsync(IProjectStore store, string file, ReportAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var scope = await Redaction.ExportScopeAsync(store, audience, "jsonl export", cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(file);
        var partial = full + ".partial";
        try
        {
            JsonLinesExportSummary summary;
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                summary = await JsonLinesExporter.WriteAsync(store, output, scope, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, full, overwrite: true);
            await store.RecordAsync("export", $"jsonl, audience {Redaction.Word(audience)}, {summary.Cases} cases, {summary.Sources} sources", cancellationToken)
                .ConfigureAwait(false);
            return summary;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static DataTable Cases(IReadOnlyList<Case> cases, ExportScope scope) => new(
        "cases",
        ["case", "pseudonym", "gender", "age_at_joining", "nationality", "residence", "group", "role", "joined", "defected", "legal_status", "consent", "extra"],
        [.. cases.Select(c => (IReadOnlyList<string>)
        [
            scope.CaseRef(c.Id), c.Pseudonym, c.Attributes.Gender ?? "", c.Attributes.AgeAtJoining?.ToString(CultureInfo.InvariantCulture) ?? "",
            c.Attributes.Nationality ?? "", c.Attributes.CountryOfResidence ?? "", c.Attributes.Group ?? "", c.Attributes.Role ?? "",
            c.Attributes.Joined?.ToString() ?? "", c.Attributes.Defected?.ToString() ?? "", Vocabulary.Name(c.Attributes.LegalStatus), Vocabulary.Name(c.Attributes.Consent),
            string.Join("; ", c.Attributes.Extra.Select(e => e.Key + "=" + e.Value)),
        ])]);

    private static async Task<DataTable> CodingsAsync(IProjectStore store, ExportScope scope, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var source in await store.GetSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (source.Codings == 0 || !scope.IncludesSource(source.Cases))
            {
                continue;
            }

            var segments = (await store.GetSegmentsAsync(source.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id);
            foreach (var coding in await store.GetCodingsAsync(source.Id, cancellationToken).ConfigureAwait(false))
            {
                var segment = segments[coding.Segment];
                if (!scope.IncludesSegment(segment))
                {
                    continue;
                }

                rows.Add(
                [
                    source.Id.Value, Number(segment.Start), Number(segment.End), segment.Speaker is { } speaker ? scope.CaseRef(speaker) : "", coding.Code.Value, coding.Coder.Name,
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
