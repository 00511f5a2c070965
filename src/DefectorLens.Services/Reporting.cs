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
    public const ConsentLevel QuotableConsent = Findings.QuotableConsent;

    /// <summary>Gathers the report's figures and quotes for a public audience.</summary>
    /// <remarks>Quotes come only from cases whose consent is at least <see cref="QuotableConsent"/>, one per case and code, shown by pseudonym.</remarks>
    public static Task<ReportModel> BuildAsync(IProjectStore store, CodingFilter filter, TimeProvider clock, CancellationToken cancellationToken) =>
        BuildAsync(store, filter, clock, ReportAudience.Public, cancellationToken);

    /// <summary>Gathers the report's figures and quotes for an audience.</summary>
    /// <remarks>
    /// Quotes come only from cases whose consent allows publication and the audience (<see cref="Redaction.MayQuote"/>), one
    /// per case and code, shown by pseudonym, and redacted: names of every case (as <c>[name]</c> for a public audience when
    /// the case did not consent to public use), contacts, places, e-mails, phones and accounts.
    /// </remarks>
    public static async Task<ReportModel> BuildAsync(
        IProjectStore store, CodingFilter filter, TimeProvider clock, ReportAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(filter);
        var info = await store.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var data = await AnalysisData.LoadAsync(store, filter, withQuotes: true, cancellationToken).ConfigureAwait(false);
        var findings = ReportSections.Compute(data, cancellationToken);
        var coders = await store.GetCodersAsync(cancellationToken).ConfigureAwait(false);
        var redactor = await Redaction.ForProjectAsync(store, data.Cases, audience, "report", cancellationToken).ConfigureAwait(false);
        var quotes = await Findings.QuotesAsync(store, data, data.Codes.Select(code => code.Id), QuotesPerCode, redactor, audience, cancellationToken).ConfigureAwait(false);
        await store.RecordAsync("report", $"audience {audience.ToString().ToLowerInvariant()}, {quotes.Count} quotes", cancellationToken).ConfigureAwait(false);
        return new ReportModel
        {
            ProjectName = info.Name,
            GeneratedAt = clock.GetUtcNow(),
            CodebookId = info.CodebookId,
            CodebookVersion = info.CodebookVersion,
            Cases = data.Cases.Count,
            Sources = info.Sources,
            Coders = filter.Coder is null ? coders : [.. coders.Where(c => c.Name == filter.Coder)],
            CoderFilter = filter.Coder,
            Codes = [.. data.Codes.Select(code => new ReportCode(code.Id, code.Name, code.Definition, code.Colour))],
            Prevalence = Findings.Prevalence(data),
            Quotes = [.. quotes.Select(q => new ReportQuote(q.Code, q.Pseudonym, q.SourceTitle, q.Outlet, q.Published, q.Text))],
            Findings = ReportSections.FindingSections(findings),
            Recommendations = ReportSections.RecommendationSections(findings, data.Cases, quotes.Select(q => q.Case).Distinct().Count()),
            Methods = ReportSections.MethodSections(findings),
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
