using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Reports;

namespace DefectorLens.Services;

/// <summary>The files a report was written to.</summary>
/// <param name="Html">The self-contained HTML report.</param>
/// <param name="Markdown">The same figures as Markdown.</param>
public sealed record ReportFiles(string Html, string Markdown);

/// <summary>Writes a project's report.</summary>
public static class Reporting
{
    /// <summary>Quotes shown per code.</summary>
    public const int QuotesPerCode = 3;

    /// <summary>The least consent that lets a case be quoted in a report.</summary>
    public const ConsentLevel QuotableConsent = ConsentLevel.PublicAnonymous;

    /// <summary>Gathers the report's figures and quotes.</summary>
    /// <remarks>Quotes come only from cases whose consent is at least <see cref="QuotableConsent"/>, one per case and code, shown by pseudonym.</remarks>
    public static async Task<ReportModel> BuildAsync(IProjectStore store, CodingFilter filter, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var info = await store.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var prevalence = await Analysis.PrevalenceAsync(store, filter, cancellationToken).ConfigureAwait(false);
        var cases = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
        var coders = await store.GetCodersAsync(cancellationToken).ConfigureAwait(false);

        var quotes = new List<ReportQuote>();
        foreach (var code in codebook.Leaves)
        {
            var candidates = await store.GetQuoteCandidatesAsync(code.Id, QuotesPerCode * 10, cancellationToken).ConfigureAwait(false);
            quotes.AddRange(candidates
                .Where(candidate => cases.TryGetValue(candidate.Case, out var speaker) && speaker.Attributes.Consent >= QuotableConsent)
                .DistinctBy(candidate => candidate.Case)
                .Take(QuotesPerCode)
                .Select(candidate => new ReportQuote(
                    code.Id, cases[candidate.Case].Pseudonym, candidate.Source.Metadata.Title, candidate.Source.Metadata.Outlet,
                    candidate.Source.Metadata.Published, candidate.Text)));
        }

        return new ReportModel
        {
            ProjectName = info.Name,
            GeneratedAt = clock.GetUtcNow(),
            CodebookId = info.CodebookId,
            CodebookVersion = info.CodebookVersion,
            Cases = info.Cases,
            Sources = info.Sources,
            Coders = filter.Coder is null ? coders : [.. coders.Where(c => c.Name == filter.Coder)],
            CoderFilter = filter.Coder,
            Codes = [.. codebook.Leaves.Select(code => new ReportCode(code.Id, code.Name, code.Definition, code.Colour))],
            Prevalence = prevalence.Rows,
            Quotes = quotes,
        };
    }

    /// <summary>Writes <c>report.html</c> and <c>report.md</c> into a directory, replacing earlier ones only once both are complete.</summary>
    public static async Task<ReportFiles> WriteAsync(ReportModel model, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        var files = new ReportFiles(Path.Combine(directory, "report.html"), Path.Combine(directory, "report.md"));
        await WriteAtomicallyAsync(files.Html, writer => HtmlReport.Write(model, writer), cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(files.Markdown, writer => MarkdownReport.Write(model, writer), cancellationToken).ConfigureAwait(false);
        return files;
    }

    // Written beside the target and moved over it, so an interrupted run never leaves half a report.
    private static async Task WriteAtomicallyAsync(string path, Action<TextWriter> write, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var text = new StringBuilder();
        using (var writer = new StringWriter(text, System.Globalization.CultureInfo.InvariantCulture))
        {
            write(writer);
        }

        await File.WriteAllTextAsync(temporary, text.ToString(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
