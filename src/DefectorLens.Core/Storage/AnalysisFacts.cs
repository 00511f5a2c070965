using System.Collections.Immutable;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Storage;

/// <summary>Everything the statistics read from a project, as numbers: cases, sources, segments and codings in flat arrays.</summary>
/// <remarks>
/// Sources are numbered 0..S-1 in the order the store keeps them (not by id), cases by their place in <see cref="Cases"/>, coders by name in
/// <see cref="Coders"/> and codes in <see cref="Codes"/>. Lists of lists are flattened: the cases of source <c>s</c> are
/// <c>SourceCases[SourceCaseStart[s]..SourceCaseStart[s + 1]]</c>, and likewise for segments of a source and codings of a
/// segment. Only segments that carry at least one coding are listed. A project of 100,000 cases and 3 million codings
/// fits in a few arrays instead of millions of records.
/// </remarks>
/// <param name="Cases">Every case, by id.</param>
/// <param name="Coders">Coder names, each once, in ordinal order.</param>
/// <param name="Codes">Every code some coding carries (leaf of the codebook or not).</param>
/// <param name="SourceIds">Each source's id.</param>
/// <param name="Outlets">Each source's outlet, or null.</param>
/// <param name="Published">Each source's date, or null.</param>
/// <param name="Documents">Each source's document: sources with the same content share the number.</param>
/// <param name="SourceCaseStart">Where each source's cases start in <paramref name="SourceCases"/>; one more entry than sources.</param>
/// <param name="SourceCases">The cases each source is about, as indexes into <paramref name="Cases"/>.</param>
/// <param name="SourceSegmentStart">Where each source's coded segments start; one more entry than sources.</param>
/// <param name="SegmentIds">Each coded segment's id; empty when the facts were read without segment details, as are <see cref="SegmentStarts"/>,
/// <see cref="SegmentEnds"/>, <see cref="CodingPeople"/> and <see cref="CodingConfidences"/>.</param>
/// <param name="SegmentSpeakers">Whose own words each segment is, as an index into <paramref name="Cases"/>; -1 for narration.</param>
/// <param name="SegmentCodingStart">Where each segment's codings start; one more entry than segments.</param>
/// <param name="CodingCoders">Each coding's coder, as an index into <paramref name="Coders"/>.</param>
/// <param name="CodingCodes">Each coding's code, as an index into <paramref name="Codes"/>.</param>
public sealed record AnalysisFacts(
    IReadOnlyList<Case> Cases,
    ImmutableArray<string> Coders,
    ImmutableArray<CodeId> Codes,
    ImmutableArray<SourceId> SourceIds,
    ImmutableArray<string?> Outlets,
    ImmutableArray<PartialDate?> Published,
    ImmutableArray<long> Documents,
    ImmutableArray<int> SourceCaseStart,
    ImmutableArray<int> SourceCases,
    ImmutableArray<int> SourceSegmentStart,
    ImmutableArray<long> SegmentIds,
    ImmutableArray<int> SegmentSpeakers,
    ImmutableArray<int> SegmentCodingStart,
    ImmutableArray<int> CodingCoders,
    ImmutableArray<int> CodingCodes)
{
    /// <summary>How long a quote reads best, in characters: a sentence or two.</summary>
    public const int PreferredQuoteLength = 200;

    /// <summary>Where each coded segment starts in its source's text (UTF-16 offset).</summary>
    public ImmutableArray<int> SegmentStarts { get; init; } = [];

    /// <summary>Where each coded segment ends in its source's text.</summary>
    public ImmutableArray<int> SegmentEnds { get; init; } = [];

    /// <summary>For each coding, whether a person made it.</summary>
    public ImmutableArray<bool> CodingPeople { get; init; } = [];

    /// <summary>Each coding's confidence; null for a person's coding or a coder that gives none.</summary>
    public ImmutableArray<double?> CodingConfidences { get; init; } = [];

    /// <summary>The number of sources.</summary>
    public int SourceCount => SourceIds.Length;

    /// <summary>The number of coded segments.</summary>
    public int SegmentCount => SegmentSpeakers.Length;

    /// <summary>True when the facts carry segment ids and spans and each coding's kind of coder and confidence.</summary>
    public bool HasSegmentDetails => SegmentIds.Length == SegmentCount;

    /// <summary>Which source is about which case, ordered by case id then source id, as <see cref="IProjectStore.GetCaseSourcesAsync"/> gives them.</summary>
    /// <remarks>The content hash is not kept; <see cref="Documents"/> tells which sources share one.</remarks>
    public IReadOnlyList<(CaseId Case, SourceId Source, string? Outlet, long Document, PartialDate? Published)> CaseSourceRows()
    {
        var rows = new List<(CaseId, SourceId, string?, long, PartialDate?)>(SourceCases.Length);
        for (var s = 0; s < SourceCount; s++)
        {
            for (var k = SourceCaseStart[s]; k < SourceCaseStart[s + 1]; k++)
            {
                rows.Add((Cases[SourceCases[k]].Id, SourceIds[s], Outlets[s], Documents[s], Published[s]));
            }
        }

        return [.. rows.OrderBy(row => row.Item1.Value, StringComparer.Ordinal).ThenBy(row => row.Item2.Value, StringComparer.Ordinal)];
    }

    /// <summary>Which code each coder applied in each source, one row each, as <see cref="IProjectStore.GetSourceCodesAsync"/> gives them.</summary>
    public IReadOnlyList<SourceCode> SourceCodeRows(CodingFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rows = new HashSet<SourceCode>();
        for (var s = 0; s < SourceCount; s++)
        {
            for (var g = SourceSegmentStart[s]; g < SourceSegmentStart[s + 1]; g++)
            {
                var speaker = SegmentSpeakers[g];
                if (filter.OwnWordsOnly && speaker < 0)
                {
                    continue;
                }

                for (var k = SegmentCodingStart[g]; k < SegmentCodingStart[g + 1]; k++)
                {
                    var coder = Coders[CodingCoders[k]];
                    if (filter.Coder is null || filter.Coder == coder)
                    {
                        rows.Add(new SourceCode(SourceIds[s], speaker < 0 ? null : Cases[speaker].Id, Codes[CodingCodes[k]], coder));
                    }
                }
            }
        }

        return [.. rows];
    }

    /// <summary>The codings of segments that two coders (by name) or more coded, as <see cref="IProjectStore.GetSharedSegmentCodesAsync"/> gives them.</summary>
    /// <exception cref="InvalidOperationException">The facts were read without segment details.</exception>
    public IReadOnlyList<SegmentCode> SharedSegmentCodeRows()
    {
        EnsureSegmentDetails();
        var rows = new List<SegmentCode>();
        for (var g = 0; g < SegmentCount; g++)
        {
            var first = SegmentCodingStart[g];
            var end = SegmentCodingStart[g + 1];
            var shared = false;
            for (var k = first + 1; k < end && !shared; k++)
            {
                shared = CodingCoders[k] != CodingCoders[first];
            }

            for (var k = first; shared && k < end; k++)
            {
                rows.Add(new SegmentCode(new SegmentId(SegmentIds[g]), Codes[CodingCodes[k]], Coders[CodingCoders[k]]));
            }
        }

        return rows;
    }

    /// <summary>For each wanted code, the coded segments in a case's own words that make the best quotes, best first.</summary>
    /// <remarks>
    /// Ranked as <see cref="IProjectStore.GetQuoteCandidatesAsync"/> ranks them: segments a person coded with the code
    /// first, then by the highest machine confidence (none last), then by how close their length is to
    /// <see cref="PreferredQuoteLength"/>, then by source id, start and segment id; at most <paramref name="limit"/> each.
    /// </remarks>
    /// <param name="codes">Indexes into <see cref="Codes"/>.</param>
    /// <param name="limit">The most segments per code.</param>
    /// <exception cref="InvalidOperationException">The facts were read without segment details.</exception>
    public IReadOnlyList<IReadOnlyList<QuoteSegment>> QuoteSegments(IReadOnlyList<int> codes, int limit)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        EnsureSegmentDetails();
        var wanted = new int[Codes.Length];
        Array.Fill(wanted, -1);
        for (var c = 0; c < codes.Count; c++)
        {
            wanted[codes[c]] = c;
        }

        // The worst kept candidate sits on top of each queue, so that a better one can replace it.
        var order = Comparer<QuoteSegment>.Create((a, b) => Compare(a, b));
        var worstFirst = Comparer<QuoteSegment>.Create((a, b) => Compare(b, a));
        var queues = codes.Select(_ => new PriorityQueue<QuoteSegment, QuoteSegment>(worstFirst)).ToArray();

        // Per segment, the wanted codes its codings carry, each with whether a person applied it and its highest confidence:
        // a segment has a few codings, so arrays indexed by code cost less than a dictionary per segment.
        var (seen, person, confidence) = (new int[codes.Count], new bool[codes.Count], new double?[codes.Count]);
        var seenAt = new int[codes.Count];
        Array.Fill(seenAt, -1);
        for (var s = 0; s < SourceCount; s++)
        {
            for (var g = SourceSegmentStart[s]; g < SourceSegmentStart[s + 1]; g++)
            {
                if (SegmentSpeakers[g] < 0)
                {
                    continue;
                }

                var count = 0;
                for (var k = SegmentCodingStart[g]; k < SegmentCodingStart[g + 1]; k++)
                {
                    if (wanted[CodingCodes[k]] is var c and >= 0)
                    {
                        if (seenAt[c] != g)
                        {
                            (seenAt[c], seen[count++], person[c], confidence[c]) = (g, c, false, null);
                        }

                        (person[c], confidence[c]) = (person[c] || CodingPeople[k], Max(confidence[c], CodingConfidences[k]));
                    }
                }

                foreach (var c in seen.AsSpan(0, count))
                {
                    var candidate = new QuoteSegment(g, s, SegmentSpeakers[g], person[c] ? null : confidence[c], person[c]);
                    if (queues[c].Count < limit)
                    {
                        queues[c].Enqueue(candidate, candidate);
                    }
                    else if (Compare(candidate, queues[c].Peek()) < 0)
                    {
                        queues[c].EnqueueDequeue(candidate, candidate);
                    }
                }
            }
        }

        return [.. queues.Select(queue => (IReadOnlyList<QuoteSegment>)[.. queue.UnorderedItems.Select(item => item.Element).Order(order)])];
    }

    private void EnsureSegmentDetails()
    {
        if (!HasSegmentDetails)
        {
            throw new InvalidOperationException("the analysis facts were read without segment details");
        }
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private int Compare(QuoteSegment a, QuoteSegment b)
    {
        var byPerson = b.ByPerson.CompareTo(a.ByPerson);
        if (byPerson != 0)
        {
            return byPerson;
        }

        // Higher confidence first; a missing confidence sorts last, as SQL's DESC puts NULL last.
        var byConfidence = (b.Confidence ?? double.NegativeInfinity).CompareTo(a.Confidence ?? double.NegativeInfinity);
        if (byConfidence != 0 || (a.Confidence is null) != (b.Confidence is null))
        {
            return byConfidence != 0 ? byConfidence : a.Confidence is null ? 1 : -1;
        }

        var byLength = Math.Abs(SegmentEnds[a.Segment] - SegmentStarts[a.Segment] - PreferredQuoteLength)
            .CompareTo(Math.Abs(SegmentEnds[b.Segment] - SegmentStarts[b.Segment] - PreferredQuoteLength));
        if (byLength != 0)
        {
            return byLength;
        }

        var bySource = string.CompareOrdinal(SourceIds[a.Source].Value, SourceIds[b.Source].Value);
        return bySource != 0 ? bySource
            : SegmentStarts[a.Segment] != SegmentStarts[b.Segment] ? SegmentStarts[a.Segment].CompareTo(SegmentStarts[b.Segment])
            : SegmentIds[a.Segment].CompareTo(SegmentIds[b.Segment]);
    }
}

/// <summary>A coded segment in a case's own words, as a candidate quote for a code.</summary>
/// <param name="Segment">The segment, as an index into the facts' segments.</param>
/// <param name="Source">Its source, as an index into the facts' sources.</param>
/// <param name="Speaker">The speaking case, as an index into the facts' cases.</param>
/// <param name="Confidence">The highest machine confidence among its codings with the code; null when a person coded it.</param>
/// <param name="ByPerson">Whether a person coded the segment with the code.</param>
public readonly record struct QuoteSegment(int Segment, int Source, int Speaker, double? Confidence, bool ByPerson);
