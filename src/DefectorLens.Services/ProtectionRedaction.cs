using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>Who an export or a report is for, which decides whose words it may carry and how others are named.</summary>
public enum ReportAudience
{
    /// <summary>Anyone: only cases that consented to public use are quoted, and every other case is named only as <c>[name]</c>.</summary>
    Public,

    /// <summary>The research team and its reviewers: cases that consented to research use are quoted too, every case by pseudonym.</summary>
    Research,
}

/// <summary>Consent and redaction for text that leaves the project: reports, quote lists, exports.</summary>
public static class Redaction
{
    /// <summary>True when the case's words may appear for this audience.</summary>
    public static bool MayQuote(Case speaker, ReportAudience audience)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var least = audience == ReportAudience.Public ? Reporting.QuotableConsent : ConsentLevel.ResearchOnly;
        return speaker.Attributes.Consent >= least;
    }

    /// <summary>A redactor for every case of the project: names and aliases become pseudonyms, or <c>[name]</c> for a public audience
    /// when the case did not consent to public use (then its pseudonym too); contacts, locations, e-mails, phones and accounts become markers.</summary>
    /// <param name="store">The project.</param>
    /// <param name="cases">Every case of the project, as the caller read them (the statistics have them already: reading
    /// 100,000 cases again took about 0.4 s of CPU).</param>
    /// <param name="audience">Who will read the text.</param>
    /// <param name="purpose">What the text is for (<c>report</c>, <c>csv export</c>...), recorded in the audit log with the read.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="Core.UserErrorException">Identities are stored but the key is not at hand: nothing can be redacted by name.</exception>
    public static async Task<Redactor> ForProjectAsync(
        IProjectStore store, IEnumerable<Case> cases, ReportAudience audience, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cases);
        return await ForCasesAsync(store, cases.ToDictionary(c => c.Id), audience, purpose, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What an export for this audience may carry: for a public one only the cases that consented to public use,
    /// for research every case; in both, cases named by export id and text redacted as <see cref="ForProjectAsync"/> redacts it.</summary>
    /// <param name="store">The project.</param>
    /// <param name="audience">Who will read the export.</param>
    /// <param name="purpose">What the export is (<c>qdpx export</c>...), recorded in the audit log with the read of identities.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="Core.UserErrorException">The key is not at hand: cases cannot be given export ids, nor names redacted.</exception>
    public static async Task<ExportScope> ExportScopeAsync(IProjectStore store, ReportAudience audience, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Asked first, so that a project without its key refuses before identities are read.
        var ids = await store.GetExportIdsAsync(cancellationToken).ConfigureAwait(false);
        var cases = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
        var redactor = await ForCasesAsync(store, cases, audience, purpose, cancellationToken).ConfigureAwait(false);
        return ExportScope.For(redactor, Withheld(cases.Values, audience), ids);
    }

    /// <summary>The cases an export for this audience leaves out: for a public one those without public consent, for research none.</summary>
    public static IEnumerable<CaseId> Withheld(IEnumerable<Case> cases, ReportAudience audience)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return audience == ReportAudience.Public ? cases.Where(c => !MayQuote(c, audience)).Select(c => c.Id) : [];
    }

    /// <summary>The audience as the command line spells it.</summary>
    public static string Word(ReportAudience audience) => audience == ReportAudience.Public ? "public" : "research";

    private static async Task<Redactor> ForCasesAsync(
        IProjectStore store, Dictionary<CaseId, Case> cases, ReportAudience audience, string purpose, CancellationToken cancellationToken)
    {
        var identities = await store.GetIdentitiesForRedactionAsync(purpose, cancellationToken).ConfigureAwait(false);
        var named = identities.SelectMany(identity => RedactionSubject.From(identity, Replacement(cases.GetValueOrDefault(identity.CaseId), audience)));
        // Texts often call a case by the name the press gave it, which may be its pseudonym: a public reader must not meet
        // a case without public consent under that name either.
        var unnamed = audience == ReportAudience.Public
            ? cases.Values.Where(c => !MayQuote(c, audience)).Select(c => new RedactionSubject(Redactor.NameMarker, [c.Pseudonym]))
            : [];
        return Redactor.For(named.Concat(unnamed));
    }

    private static string Replacement(Case? named, ReportAudience audience) =>
        named is null || (audience == ReportAudience.Public && !MayQuote(named, audience)) ? Redactor.NameMarker : named.Pseudonym;
}
