using System.Globalization;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>A case an unlinked source may be about, for a person to confirm.</summary>
/// <param name="Source">The source, about no case yet.</param>
/// <param name="Case">The case it may be about.</param>
/// <param name="Score">How strong the evidence is: 3 for each mention of the pseudonym (up to 3), 1 for the nationality, 1 for the defection year.</param>
/// <param name="Reasons">What was found, in words (never an identity value).</param>
public sealed record CaseSuggestion(SourceId Source, CaseId Case, int Score, IReadOnlyList<string> Reasons);

/// <summary>Proposes which existing case an unlinked source is about.</summary>
/// <remarks>
/// The evidence is what a reader would look for: the case's pseudonym in the text, its nationality, the year it left.
/// A suggestion needs the pseudonym at least once; nationality and year only rank suggestions. Aliases are identity
/// fields and are not used, so that a suggestion can never reveal one. Nothing is linked: a person confirms.
/// </remarks>
public static class CaseSuggestions
{
    private const int PerMention = 3;
    private const int MentionsCounted = 3;

    /// <summary>Suggestions for every source about no case, best first within each source.</summary>
    public static async Task<IReadOnlyList<CaseSuggestion>> SuggestAsync(IProjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var cases = await store.GetCasesAsync(cancellationToken).ConfigureAwait(false);
        var suggestions = new List<CaseSuggestion>();
        await foreach (var source in store.ReadSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!source.Cases.IsDefaultOrEmpty)
            {
                continue;
            }

            suggestions.AddRange(cases
                .Select(@case => Suggest(source, @case))
                .OfType<CaseSuggestion>()
                .OrderByDescending(suggestion => suggestion.Score)
                .ThenBy(suggestion => suggestion.Case.Value, StringComparer.Ordinal));
        }

        return suggestions;
    }

    private static CaseSuggestion? Suggest(Source source, Case @case)
    {
        var mentions = Mentions(source.Text, @case.Pseudonym);
        if (mentions == 0)
        {
            return null;
        }

        var reasons = new List<string> { mentions == 1 ? "pseudonym mentioned once" : $"pseudonym mentioned {mentions} times" };
        var score = PerMention * Math.Min(mentions, MentionsCounted);
        if (@case.Attributes.Nationality is { Length: > 0 } nationality && Mentions(source.Text, nationality) > 0)
        {
            (score, reasons) = (score + 1, [.. reasons, "nationality mentioned"]);
        }

        if (@case.Attributes.Defected is { } defected && Mentions(source.Text, defected.Year.ToString(CultureInfo.InvariantCulture)) > 0)
        {
            (score, reasons) = (score + 1, [.. reasons, "defection year mentioned"]);
        }

        return new CaseSuggestion(source.Id, @case.Id, score, reasons);
    }

    /// <summary>How often the phrase stands in the text as whole words, whatever the case of its letters.</summary>
    private static int Mentions(string text, string phrase)
    {
        var (count, at) = (0, 0);
        while ((at = text.IndexOf(phrase, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = at + phrase.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                count++;
            }

            at = end;
        }

        return count;
    }
}
