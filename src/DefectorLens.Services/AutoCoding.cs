using System.Collections.Immutable;
using DefectorLens.Coding;
using DefectorLens.Coding.Model;
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
    public static Task<AutoCodingSummary> CodeWithRulesAsync(IProjectStore store, IProgress<int>? progress, CancellationToken cancellationToken) =>
        CodeAsync(store, AutoCoderMode.RulesOnly, 0, progress, cancellationToken);

    /// <summary>The automatic coder of a project: its codebook, and its latest trained model or else the shipped one.</summary>
    public static async Task<AutoCoder> CoderForAsync(IProjectStore store, AutoCoderMode mode, double minConfidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        if (mode == AutoCoderMode.RulesOnly)
        {
            return new AutoCoder(codebook, null, mode, minConfidence);
        }

        var stored = await store.GetModelAsync(null, cancellationToken).ConfigureAwait(false);
        TextModel model;
        if (stored is null)
        {
            model = DefaultModel.Model;
        }
        else
        {
            using var bytes = new MemoryStream(stored.Bytes, writable: false);
            model = TextModel.Read(bytes, $"{store.Location} model {stored.Summary.Version}");
        }

        return new AutoCoder(codebook, model, mode, minConfidence);
    }

    /// <summary>Codes every sentence of every source, replacing the previous run of the same coder.</summary>
    /// <remarks>
    /// A coded sentence is attributed to a case when it lies inside an imported segment in that case's own words,
    /// or inside a transcript turn labelled with the pseudonym of one of the source's cases; otherwise it is narration.
    /// Each coding names the coder's versions (codebook, model), its confidence and why it was given.
    /// </remarks>
    public static async Task<AutoCodingSummary> CodeAsync(
        IProjectStore store, AutoCoderMode mode, double minConfidence, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var coder = await CoderForAsync(store, mode, minConfidence, cancellationToken).ConfigureAwait(false);
        var session = coder.OpenSession();
        var pseudonyms = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.Pseudonym);

        var coded = new List<SourceCodings>();
        var sources = 0;
        await foreach (var source in store.ReadSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            var spoken = (await store.GetSegmentsAsync(source.Id, cancellationToken).ConfigureAwait(false))
                .Where(segment => segment.Speaker is not null)
                .ToList();
            var segments = session.CodeSentences(source.Text, source.Metadata.Language)
                .Select(sentence => new SegmentDraft(
                    sentence.Start,
                    sentence.End,
                    SpeakerOf(source, sentence.Start, sentence.End, spoken, pseudonyms),
                    [.. sentence.Labels.Select(label => new CodingDraft(label.Code, coder.Coder, coder.CodebookVersion, label.Confidence, label.Why))]))
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
