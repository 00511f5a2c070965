using System.Collections.Immutable;
using DefectorLens.Coding.Rules;
using DefectorLens.Coding.Text;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>What an automatic coding run did.</summary>
/// <param name="Coder">The coder the codings are attributed to.</param>
/// <param name="Sources">Sources read.</param>
/// <param name="Codings">Codings stored.</param>
public sealed record AutoCodingSummary(Coder Coder, int Sources, int Codings);

/// <summary>Codes every source of a project automatically, replacing the previous run of the same coder.</summary>
public static class AutoCoding
{
    /// <summary>Applies the project codebook's lexicon rules to every source.</summary>
    /// <remarks>
    /// A coded sentence is attributed to a case when it lies inside an imported segment in that case's own words,
    /// or inside a transcript turn labelled with the pseudonym of one of the source's cases; otherwise it is narration.
    /// </remarks>
    public static async Task<AutoCodingSummary> CodeWithRulesAsync(IProjectStore store, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var coder = new RuleCoder(codebook);
        var pseudonyms = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.Pseudonym);

        var coded = new List<SourceCodings>();
        var sources = 0;
        await foreach (var source in store.ReadSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            var spoken = (await store.GetSegmentsAsync(source.Id, cancellationToken).ConfigureAwait(false))
                .Where(segment => segment.Speaker is not null)
                .ToList();
            var segments = coder.Code(source.Text, source.Metadata.Language)
                .GroupBy(coding => (coding.Start, coding.End))
                .Select(sentence => new SegmentDraft(
                    sentence.Key.Start,
                    sentence.Key.End,
                    SpeakerOf(source, sentence.Key.Start, sentence.Key.End, spoken, pseudonyms),
                    [.. sentence.Select(coding => new CodingDraft(coding.Code, coder.Coder, coder.CodebookVersion, coding.Confidence, coding.Explanation))]))
                .ToImmutableArray();
            if (!segments.IsEmpty)
            {
                coded.Add(new SourceCodings(source.Id, segments));
            }

            progress?.Report(++sources);
        }

        var stored = await store.ReplaceCodingsAsync(coder.Coder.Name, coded, cancellationToken).ConfigureAwait(false);
        return new AutoCodingSummary(coder.Coder, sources, stored);
    }

    private static CaseId? SpeakerOf(Source source, int start, int end, List<Segment> spoken, Dictionary<CaseId, string> pseudonyms)
    {
        if (spoken.FirstOrDefault(segment => segment.Start <= start && end <= segment.End) is { } enclosing)
        {
            return enclosing.Speaker;
        }

        var label = TranscriptTurns.SpeakerAt(source.Text, start);
        if (label is null)
        {
            return null;
        }

        foreach (var id in source.Cases)
        {
            if (pseudonyms.TryGetValue(id, out var pseudonym) && string.Equals(pseudonym, label, StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }
        }

        return null;
    }
}
