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
/// </remarks>
public sealed class AnalysisData
{
    private readonly bool[] _has;
    private readonly Dictionary<CaseId, int> _caseIndex;
    private readonly Dictionary<CodeId, int> _codeIndex;

    private AnalysisData(
        ProjectInfo info, Codebook codebook, IReadOnlyList<Case> cases, IReadOnlyList<Code> codes, CodingFilter filter,
        IReadOnlyList<CaseSource> caseSources, IReadOnlyList<SourceCode> sourceCodes, IReadOnlyDictionary<SourceId, SourceId> originals)
    {
        Info = info;
        Codebook = codebook;
        Cases = cases;
        Codes = codes;
        Filter = filter;
        CaseSources = caseSources;
        SourceCodes = sourceCodes;
        Originals = originals;
        _caseIndex = new Dictionary<CaseId, int>(cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            _caseIndex[cases[i].Id] = i;
        }

        _codeIndex = [];
        for (var j = 0; j < codes.Count; j++)
        {
            _codeIndex[codes[j].Id] = j;
        }

        _has = new bool[cases.Count * Math.Max(1, codes.Count)];
        SourceCases = caseSources.GroupBy(row => row.Source).ToDictionary(group => group.Key, group => group.Select(row => row.Case).ToArray());
        foreach (var row in sourceCodes)
        {
            if (!_codeIndex.TryGetValue(row.Code, out var code))
            {
                continue;
            }

            if (row.Speaker is { } speaker)
            {
                Mark(speaker, code);
            }
            else if (SourceCases.TryGetValue(row.Source, out var about))
            {
                foreach (var id in about)
                {
                    Mark(id, code);
                }
            }
        }
    }

    /// <summary>The project at a glance.</summary>
    public ProjectInfo Info { get; }

    /// <summary>The project's codebook.</summary>
    public Codebook Codebook { get; }

    /// <summary>Every case, in store order.</summary>
    public IReadOnlyList<Case> Cases { get; }

    /// <summary>The leaf codes of the codebook, in codebook order.</summary>
    public IReadOnlyList<Code> Codes { get; }

    /// <summary>Which codings were counted.</summary>
    public CodingFilter Filter { get; }

    /// <summary>Which source is about which case.</summary>
    public IReadOnlyList<CaseSource> CaseSources { get; }

    /// <summary>The cases each source is about.</summary>
    public IReadOnlyDictionary<SourceId, CaseId[]> SourceCases { get; }

    /// <summary>Which code each coder applied in each source (within <see cref="Filter"/>).</summary>
    public IReadOnlyList<SourceCode> SourceCodes { get; }

    /// <summary>For each source marked as a duplicate, the original it repeats.</summary>
    public IReadOnlyDictionary<SourceId, SourceId> Originals { get; }

    /// <summary>Reads everything the statistics need.</summary>
    /// <exception cref="UserErrorException">The filter names a coder the project does not have.</exception>
    public static async Task<AnalysisData> LoadAsync(IProjectStore store, CodingFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        await Analysis.EnsureCoderExistsAsync(store, filter.Coder, cancellationToken).ConfigureAwait(false);
        var info = await store.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var cases = await store.GetCasesAsync(cancellationToken).ConfigureAwait(false);
        var caseSources = await store.GetCaseSourcesAsync(cancellationToken).ConfigureAwait(false);
        var sourceCodes = await store.GetSourceCodesAsync(filter, cancellationToken).ConfigureAwait(false);
        var duplicates = await store.GetDuplicatesAsync(cancellationToken).ConfigureAwait(false);
        var originals = new Dictionary<SourceId, SourceId>();
        foreach (var link in duplicates)
        {
            originals[link.Source] = link.Original;
        }

        return new AnalysisData(info, codebook, cases, [.. codebook.Leaves], filter, caseSources, sourceCodes, originals);
    }

    /// <summary>Builds the data from values already in memory, for tests and the benchmark.</summary>
    public static AnalysisData From(
        ProjectInfo info, Codebook codebook, IReadOnlyList<Case> cases, IReadOnlyList<CaseSource> caseSources,
        IReadOnlyList<SourceCode> sourceCodes, CodingFilter? filter = null, IReadOnlyDictionary<SourceId, SourceId>? originals = null)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        return new AnalysisData(info, codebook, cases, [.. codebook.Leaves], filter ?? CodingFilter.All, caseSources, sourceCodes, originals ?? new Dictionary<SourceId, SourceId>());
    }

    /// <summary>True when case <paramref name="caseIndex"/> has code <paramref name="codeIndex"/>.</summary>
    public bool Has(int caseIndex, int codeIndex) => _has[(caseIndex * Codes.Count) + codeIndex];

    /// <summary>The number of a code among <see cref="Codes"/>, or -1.</summary>
    public int CodeIndex(CodeId code) => _codeIndex.GetValueOrDefault(code, -1);

    /// <summary>The number of a case among <see cref="Cases"/>, or -1.</summary>
    public int CaseIndex(CaseId id) => _caseIndex.GetValueOrDefault(id, -1);

    /// <summary>The codes whose id starts with <paramref name="category"/> and a dot, by number.</summary>
    public IReadOnlyList<int> Category(string category) =>
        [.. Enumerable.Range(0, Codes.Count).Where(j => Codes[j].Id.Value.StartsWith(category + ".", StringComparison.Ordinal))];

    private void Mark(CaseId id, int code)
    {
        if (_caseIndex.TryGetValue(id, out var index))
        {
            _has[(index * Codes.Count) + code] = true;
        }
    }
}
