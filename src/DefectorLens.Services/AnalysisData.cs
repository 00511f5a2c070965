using System.Collections.Immutable;
using System.Numerics;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>What a set of statistics is computed from, read from the store once: cases, leaf codes and which case has which code.</summary>
/// <remarks>
/// Cases and codes are numbered so that "case i has code j" is one array lookup: the statistics of a project of
/// 100,000 cases then run in memory without a query each. A segment spoken by a case counts for that case;
/// narration counts for every case of its source (as <see cref="IProjectStore.GetCaseCodesAsync"/> counts).
/// Which coders gave each case each code is kept as a bit mask per case and code, so that agreement between coders
/// needs no second read.
/// </remarks>
public sealed class AnalysisData
{
    /// <summary>The most coders (by name) whose agreement can be compared: one bit of a 64-bit mask each.</summary>
    public const int MaxCoders = 64;

    private readonly int[] _leafOf;
    private readonly Dictionary<CaseId, int> _caseIndex;
    private readonly Dictionary<CodeId, int> _codeIndex;
    private CoderMasks? _masks;

    private AnalysisData(Codebook codebook, AnalysisFacts facts, CodingFilter filter, IReadOnlyDictionary<SourceId, SourceId> originals)
    {
        Codebook = codebook;
        Facts = facts;
        Cases = facts.Cases;
        Codes = [.. codebook.Leaves];
        Filter = filter;
        Originals = originals;
        if (facts.Coders.Length > MaxCoders)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.TooManyCoders(facts.Coders.Length, MaxCoders));
        }

        _caseIndex = new Dictionary<CaseId, int>(Cases.Count);
        for (var i = 0; i < Cases.Count; i++)
        {
            _caseIndex[Cases[i].Id] = i;
        }

        _codeIndex = [];
        for (var j = 0; j < Codes.Count; j++)
        {
            _codeIndex[Codes[j].Id] = j;
        }

        _leafOf = [.. facts.Codes.Select(code => _codeIndex.GetValueOrDefault(code, -1))];
    }

    /// <summary>The project's codebook.</summary>
    public Codebook Codebook { get; }

    /// <summary>Every case, in store order.</summary>
    public IReadOnlyList<Case> Cases { get; }

    /// <summary>The leaf codes of the codebook, in codebook order.</summary>
    public IReadOnlyList<Code> Codes { get; }

    /// <summary>Which codings were counted.</summary>
    public CodingFilter Filter { get; }

    /// <summary>Every source link, coded segment and coding, unfiltered.</summary>
    public AnalysisFacts Facts { get; }

    /// <summary>For each source marked as a duplicate, the original it repeats.</summary>
    public IReadOnlyDictionary<SourceId, SourceId> Originals { get; }

    /// <summary>Reads everything the statistics need.</summary>
    /// <param name="store">The project.</param>
    /// <param name="filter">Which codings count.</param>
    /// <param name="withQuotes">Also what ranking quotes needs (<see cref="IProjectStore.GetAnalysisFactsAsync"/>'s segment details).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="UserErrorException">The filter names a coder the project does not have.</exception>
    public static async Task<AnalysisData> LoadAsync(IProjectStore store, CodingFilter filter, bool withQuotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        await Analysis.EnsureCoderExistsAsync(store, filter.Coder, cancellationToken).ConfigureAwait(false);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var facts = await store.GetAnalysisFactsAsync(withQuotes, cancellationToken).ConfigureAwait(false);
        var duplicates = await store.GetDuplicatesAsync(cancellationToken).ConfigureAwait(false);
        var originals = new Dictionary<SourceId, SourceId>();
        foreach (var link in duplicates)
        {
            originals[link.Source] = link.Original;
        }

        return new AnalysisData(codebook, facts, filter, originals);
    }

    /// <summary>Builds the data from rows already in memory, for tests: each source code row stands for one coded segment.</summary>
    public static AnalysisData From(
        Codebook codebook, IReadOnlyList<Case> cases, IReadOnlyList<CaseSource> caseSources,
        IReadOnlyList<SourceCode> sourceCodes, CodingFilter? filter = null, IReadOnlyDictionary<SourceId, SourceId>? originals = null)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(caseSources);
        ArgumentNullException.ThrowIfNull(sourceCodes);
        var caseIndex = cases.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var sources = caseSources.Select(row => row.Source).Concat(sourceCodes.Select(row => row.Source)).Distinct().OrderBy(s => s.Value, StringComparer.Ordinal).ToList();
        var documents = new Dictionary<string, long>(StringComparer.Ordinal);
        var coders = sourceCodes.Select(row => row.Coder).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var codes = sourceCodes.Select(row => row.Code).Distinct().ToImmutableArray();
        var (caseStart, caseList, segmentStart, speakers, codingStart, codingCoders, codingCodes) = (new List<int>(), new List<int>(), new List<int>(), new List<int>(), new List<int>(), new List<int>(), new List<int>());
        var (outlets, published, documentOf) = (new List<string?>(), new List<PartialDate?>(), new List<long>());
        foreach (var source in sources)
        {
            var links = caseSources.Where(row => row.Source == source).ToList();
            outlets.Add(links.FirstOrDefault()?.Outlet);
            published.Add(links.FirstOrDefault()?.Published);
            var hash = links.FirstOrDefault()?.ContentHash ?? "source:" + source.Value;
            documentOf.Add(documents.TryGetValue(hash, out var document) ? document : documents[hash] = documents.Count + 1);
            caseStart.Add(caseList.Count);
            caseList.AddRange(links.Where(row => caseIndex.ContainsKey(row.Case)).Select(row => caseIndex[row.Case]));
            segmentStart.Add(speakers.Count);
            foreach (var row in sourceCodes.Where(row => row.Source == source && (row.Speaker is null || caseIndex.ContainsKey(row.Speaker.Value))))
            {
                speakers.Add(row.Speaker is { } speaker ? caseIndex[speaker] : -1);
                codingStart.Add(codingCoders.Count);
                codingCoders.Add(coders.IndexOf(row.Coder, StringComparer.Ordinal));
                codingCodes.Add(codes.IndexOf(row.Code));
            }
        }

        caseStart.Add(caseList.Count);
        segmentStart.Add(speakers.Count);
        codingStart.Add(codingCoders.Count);
        var facts = new AnalysisFacts(
            cases, coders, codes, [.. sources], [.. outlets], [.. published], [.. documentOf], [.. caseStart], [.. caseList], [.. segmentStart],
            [.. Enumerable.Range(1, speakers.Count).Select(i => (long)i)], [.. speakers], [.. codingStart], [.. codingCoders], [.. codingCodes])
        {
            SegmentStarts = [.. speakers.Select(_ => 0)],
            SegmentEnds = [.. speakers.Select(_ => 1)],
            CodingPeople = [.. codingCoders.Select(_ => true)],
            CodingConfidences = [.. codingCoders.Select(_ => (double?)null)],
        };
        return new AnalysisData(codebook, facts, filter ?? CodingFilter.All, originals ?? new Dictionary<SourceId, SourceId>());
    }

    /// <summary>The same facts counted with another filter, without reading the store again.</summary>
    public AnalysisData WithFilter(CodingFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter == Filter ? this : new AnalysisData(Codebook, Facts, filter, Originals);
    }

    /// <summary>True when case <paramref name="caseIndex"/> has code <paramref name="codeIndex"/>.</summary>
    public bool Has(int caseIndex, int codeIndex) => Masks.Applied[(caseIndex * Codes.Count) + codeIndex] != 0;

    /// <summary>The number of a code among <see cref="Codes"/>, or -1.</summary>
    public int CodeIndex(CodeId code) => _codeIndex.GetValueOrDefault(code, -1);

    /// <summary>The number of a case among <see cref="Cases"/>, or -1.</summary>
    public int CaseIndex(CaseId id) => _caseIndex.GetValueOrDefault(id, -1);

    /// <summary>The codes whose id starts with <paramref name="category"/> and a dot, by number.</summary>
    public IReadOnlyList<int> Category(string category) =>
        [.. Enumerable.Range(0, Codes.Count).Where(j => Codes[j].Id.Value.StartsWith(category + ".", StringComparison.Ordinal))];

    /// <summary>The leaf number of a code of <see cref="Facts"/>, or -1 when the codebook has no such leaf.</summary>
    internal int LeafOf(int factCode) => _leafOf[factCode];

    /// <summary>True when a coding by coder <paramref name="coder"/> (an index into the facts' coders) counts under <see cref="Filter"/>.</summary>
    internal bool Counts(int coder) => Filter.Coder is null || Facts.Coders[coder] == Filter.Coder;

    /// <summary>The coders (bits) with some coding within <see cref="Filter"/>, about a case or not.</summary>
    internal ulong CodersCounted => Masks.Counted;

    /// <summary>The coders (bits) who coded anything about a case, within <see cref="Filter"/>.</summary>
    internal ulong CodedBy(int caseIndex) => Masks.Coded[caseIndex];

    /// <summary>The coders (bits) who gave a case a code, within <see cref="Filter"/>.</summary>
    internal ulong AppliedBy(int caseIndex, int codeIndex) => Masks.Applied[(caseIndex * Codes.Count) + codeIndex];

    /// <summary>The number of coders in a mask.</summary>
    internal static int CoderCount(ulong mask) => BitOperations.PopCount(mask);

    // Built on first use: credibility, unseen, quotes and segment reliability read the facts themselves and never ask.
    private CoderMasks Masks => _masks ?? LazyInitializer.EnsureInitialized(ref _masks, () => CoderMasks.Count(this));

    /// <summary>Which coders coded each case, and gave it each code, within the filter: one bit per coder.</summary>
    private sealed record CoderMasks(ulong[] Applied, ulong[] Coded, ulong Counted)
    {
        public static CoderMasks Count(AnalysisData data)
        {
            var (facts, filter, codes) = (data.Facts, data.Filter, data.Codes.Count);
            var coder = filter.Coder is null ? -1 : facts.Coders.IndexOf(filter.Coder, StringComparer.Ordinal);
            var coded = new ulong[data.Cases.Count];
            var applied = new ulong[data.Cases.Count * Math.Max(1, codes)];
            var counted = 0UL;
            for (var s = 0; s < facts.SourceCount; s++)
            {
                for (var g = facts.SourceSegmentStart[s]; g < facts.SourceSegmentStart[s + 1]; g++)
                {
                    var speaker = facts.SegmentSpeakers[g];
                    if (filter.OwnWordsOnly && speaker < 0)
                    {
                        continue;
                    }

                    for (var k = facts.SegmentCodingStart[g]; k < facts.SegmentCodingStart[g + 1]; k++)
                    {
                        if (filter.Coder is not null && facts.CodingCoders[k] != coder)
                        {
                            continue;
                        }

                        var bit = 1UL << facts.CodingCoders[k];
                        var leaf = data._leafOf[facts.CodingCodes[k]];
                        counted |= bit;
                        if (speaker >= 0)
                        {
                            Mark(speaker, bit, leaf);
                            continue;
                        }

                        for (var c = facts.SourceCaseStart[s]; c < facts.SourceCaseStart[s + 1]; c++)
                        {
                            Mark(facts.SourceCases[c], bit, leaf);
                        }
                    }
                }
            }

            return new CoderMasks(applied, coded, counted);

            void Mark(int caseIndex, ulong bit, int leaf)
            {
                coded[caseIndex] |= bit;
                if (leaf >= 0)
                {
                    applied[(caseIndex * codes) + leaf] |= bit;
                }
            }
        }
    }

}
