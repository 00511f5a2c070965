using DefectorLens.Core.Protection;
using DefectorLens.Coding.Rules;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Statistics;

namespace DefectorLens.Services;

/// <summary>Which units reliability is computed over.</summary>
public enum ReliabilityLevel
{
    /// <summary>Segments coded by at least two coders; each coder either applied the code to the segment or did not.</summary>
    Segment,

    /// <summary>Cases; each coder who coded anything about a case either gave the case the code or did not.</summary>
    Case,
}

/// <summary>Cohen's kappa between two coders.</summary>
/// <param name="First">One coder.</param>
/// <param name="Second">The other.</param>
/// <param name="Kappa">Their kappa and its parts.</param>
public sealed record PairKappa(string First, string Second, CohenKappaResult Kappa);

/// <summary>Agreement on one code, or on all codes pooled.</summary>
/// <param name="Code">The code; null for the pooled row.</param>
/// <param name="Name">The code's name, or <c>all codes</c>.</param>
/// <param name="Units">Units coded by at least two coders.</param>
/// <param name="Alpha">Krippendorff's alpha (nominal; present/absent) with percent agreement.</param>
/// <param name="Fleiss">Fleiss' kappa over the units every coder coded.</param>
/// <param name="Pairs">Cohen's kappa for each pair of coders.</param>
public sealed record CodeReliability(CodeId? Code, string Name, int Units, KrippendorffAlphaResult Alpha, FleissKappaResult Fleiss, IReadOnlyList<PairKappa> Pairs);

/// <summary>Agreement between coders.</summary>
/// <param name="Level">Segments or cases.</param>
/// <param name="Coders">The coders compared.</param>
/// <param name="Units">Units coded by at least two of them.</param>
/// <param name="PerCode">One row per leaf code.</param>
/// <param name="Overall">All codes pooled: each (unit, code) pair is one binary rating.</param>
/// <param name="Undefined">Why nothing could be compared (fewer than two coders, no shared unit); null otherwise.</param>
public sealed record ReliabilityResult(ReliabilityLevel Level, IReadOnlyList<string> Coders, int Units, IReadOnlyList<CodeReliability> PerCode, CodeReliability? Overall, string? Undefined);

/// <summary>A quote as findings give it: consented, pseudonymised, with its source.</summary>
/// <param name="Code">The code it illustrates.</param>
/// <param name="Case">The speaker's case id.</param>
/// <param name="Pseudonym">The speaker's pseudonym.</param>
/// <param name="Source">The source.</param>
/// <param name="SourceTitle">Its title.</param>
/// <param name="Outlet">Its outlet.</param>
/// <param name="Published">Its date.</param>
/// <param name="Text">The words.</param>
/// <param name="Confidence">Machine confidence; null for a person's coding.</param>
public sealed record Quote(CodeId Code, CaseId Case, string Pseudonym, SourceId Source, string SourceTitle, string? Outlet, PartialDate? Published, string Text, double? Confidence);

/// <summary>A leaving narrative that answers a joining narrative.</summary>
/// <param name="Leave">The leaving narrative.</param>
/// <param name="Cases">Cases with both narratives.</param>
/// <param name="Share">Their share among cases with the joining narrative, with its 95% interval.</param>
/// <param name="Lift">Share over the leaving narrative's share among all cases; null when no case has it.</param>
/// <param name="Quotes">Consented quotes for it, from cases with the joining narrative first.</param>
public sealed record CounterNarrative(CodeRef Leave, int Cases, PrevalenceRow Share, double? Lift, IReadOnlyList<Quote> Quotes);

/// <summary>The testimony that answers a recruitment narrative.</summary>
/// <param name="Join">The joining narrative answered.</param>
/// <param name="Classified">When a text was given: every joining narrative the automatic coder found in it, most matches first.</param>
/// <param name="JoinCases">Cases with the joining narrative.</param>
/// <param name="Answers">Leaving narratives, highest lift first.</param>
public sealed record CounterResult(CodeRef Join, IReadOnlyList<CodeRef> Classified, int JoinCases, IReadOnlyList<CounterNarrative> Answers);

public static partial class Findings
{
    /// <summary>The least consent that lets a case be quoted.</summary>
    public const ConsentLevel QuotableConsent = ConsentLevel.PublicAnonymous;

    /// <summary>Reason given when fewer than two coders coded anything.</summary>
    public const string OneCoder = "reliability needs at least two coders; the project has codings by fewer";

    /// <summary>Reliability at segment level, read from the store: segments coded by two coders or more.</summary>
    public static async Task<ReliabilityResult> SegmentReliabilityAsync(IProjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var rows = await store.GetSharedSegmentCodesAsync(cancellationToken).ConfigureAwait(false);
        var coders = (await store.GetCodersAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var units = rows.GroupBy(row => row.Segment).Select(g => (IReadOnlyList<(string Coder, CodeId Code)>)[.. g.Select(r => (r.Coder, r.Code))]).ToList();
        return Reliability(ReliabilityLevel.Segment, [.. codebook.Leaves.Select(c => new CodeRef(c.Id, c.Name))], coders, units);
    }

    /// <summary>Reliability at case level from data loaded with every coder.</summary>
    public static ReliabilityResult CaseReliability(AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var perCase = new Dictionary<CaseId, HashSet<(string, CodeId)>>();
        foreach (var row in data.SourceCodes)
        {
            IEnumerable<CaseId> about = row.Speaker is { } speaker ? [speaker] : data.SourceCases.GetValueOrDefault(row.Source) ?? [];
            foreach (var id in about)
            {
                if (!perCase.TryGetValue(id, out var set))
                {
                    perCase[id] = set = [];
                }

                set.Add((row.Coder, row.Code));
            }
        }

        var coders = data.SourceCodes.Select(r => r.Coder).Distinct().Order(StringComparer.Ordinal).ToList();
        var units = perCase.Values.Select(set => (IReadOnlyList<(string Coder, CodeId Code)>)[.. set]).ToList();
        return Reliability(ReliabilityLevel.Case, Refs(data, Enumerable.Range(0, data.Codes.Count)), coders, units);
    }

    /// <summary>Consented quotes per code, at most <paramref name="perCode"/> each and one per case, shown by pseudonym and redacted.</summary>
    /// <remarks>Only cases whose consent allows the audience are quoted (<see cref="Redaction.MayQuote"/>).</remarks>
    public static async Task<IReadOnlyList<Quote>> QuotesAsync(
        IProjectStore store, IReadOnlyList<Case> cases, IEnumerable<CodeId> codes, int perCode, Redactor redactor, ReportAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(redactor);
        var byId = cases.ToDictionary(c => c.Id);
        var quotes = new List<Quote>();
        foreach (var code in codes)
        {
            var candidates = await store.GetQuoteCandidatesAsync(code, perCode * 10, cancellationToken).ConfigureAwait(false);
            quotes.AddRange(candidates
                .Where(c => byId.TryGetValue(c.Case, out var speaker) && Redaction.MayQuote(speaker, audience))
                .DistinctBy(c => c.Case)
                .Take(perCode)
                .Select(c => new Quote(code, c.Case, byId[c.Case].Pseudonym, c.Source.Id, c.Source.Metadata.Title, c.Source.Metadata.Outlet, c.Source.Metadata.Published, redactor.Redact(c.Text), c.Confidence)));
        }

        return quotes;
    }

    /// <summary>The joining narratives the automatic coder finds in a text, most matched first.</summary>
    public static IReadOnlyList<CodeRef> ClassifyJoining(AnalysisData data, string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(data);
        var join = data.Category("join").Select(j => data.Codes[j].Id).ToHashSet();
        return [.. new RuleCoder(data.Codebook).Code(text, language)
            .Where(c => join.Contains(c.Code))
            .GroupBy(c => c.Code)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Value, StringComparer.Ordinal)
            .Select(g => new CodeRef(g.Key, data.Codes[data.CodeIndex(g.Key)].Name))];
    }

    /// <summary>The leaving narratives and consented quotes that answer a joining narrative, ranked by lift.</summary>
    /// <exception cref="UserErrorException">The code is not a joining narrative.</exception>
    public static async Task<CounterResult> CounterAsync(
        IProjectStore store, AnalysisData data, string joinCode, IReadOnlyList<CodeRef> classified, int quotesPerNarrative, Redactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(joinCode);
        var joins = data.Category("join");
        var join = joins.FirstOrDefault(j => data.Codes[j].Id.Value == joinCode || data.Codes[j].Id.Value == "join." + joinCode, -1);
        if (join < 0)
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.NotAJoiningNarrative(joinCode, joins.Select(j => data.Codes[j].Id.Value)));
        }

        var joined = Enumerable.Range(0, data.Cases.Count).Where(i => data.Has(i, join)).ToList();
        var joinedIds = joined.Select(i => data.Cases[i].Id).ToHashSet();
        var answers = new List<CounterNarrative>();
        foreach (var leave in data.Category("leave"))
        {
            var both = joined.Count(i => data.Has(i, leave));
            var overall = Enumerable.Range(0, data.Cases.Count).Count(i => data.Has(i, leave));
            var share = PrevalenceOf(data, joined, [leave])[0];
            var lift = overall == 0 || joined.Count == 0 ? (double?)null : share.Share / ((double)overall / data.Cases.Count);
            var quotes = await QuotesAsync(store, data.Cases, [data.Codes[leave].Id], quotesPerNarrative * 5, redactor, ReportAudience.Public, cancellationToken).ConfigureAwait(false);
            var ranked = quotes.OrderBy(q => joinedIds.Contains(q.Case) ? 0 : 1).Take(quotesPerNarrative).ToList();
            answers.Add(new CounterNarrative(new CodeRef(data.Codes[leave].Id, data.Codes[leave].Name), both, share, lift, ranked));
        }

        return new CounterResult(
            new CodeRef(data.Codes[join].Id, data.Codes[join].Name), classified, joined.Count,
            [.. answers.OrderByDescending(a => a.Lift ?? double.MinValue).ThenByDescending(a => a.Cases)]);
    }

    private static ReliabilityResult Reliability(
        ReliabilityLevel level, IReadOnlyList<CodeRef> codes, IReadOnlyList<string> projectCoders, IReadOnlyList<IReadOnlyList<(string Coder, CodeId Code)>> units)
    {
        var coders = units.SelectMany(u => u.Select(r => r.Coder)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (coders.Count < 2)
        {
            return new ReliabilityResult(level, projectCoders.Count >= 2 ? projectCoders : coders, 0, [], null, projectCoders.Count < 2 ? OneCoder : Agreement.NoUnits);
        }

        var coderIndex = coders.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

        // Per unit: which coders coded it at all, and which of them applied each code.
        var coded = new bool[units.Count, coders.Count];
        var applied = new Dictionary<CodeId, bool[,]>();
        foreach (var code in codes)
        {
            applied[code.Id] = new bool[units.Count, coders.Count];
        }

        for (var u = 0; u < units.Count; u++)
        {
            foreach (var (coder, code) in units[u])
            {
                coded[u, coderIndex[coder]] = true;
                if (applied.TryGetValue(code, out var matrix))
                {
                    matrix[u, coderIndex[coder]] = true;
                }
            }
        }

        var shared = Enumerable.Range(0, units.Count).Where(u => Enumerable.Range(0, coders.Count).Count(c => coded[u, c]) >= 2).ToList();
        var perCode = codes.Select(code => CodeAgreement(code.Id, code.Name, coders, shared, coded, [applied[code.Id]])).ToList();
        var overall = CodeAgreement(null, "all codes", coders, shared, coded, [.. codes.Select(code => applied[code.Id])]);
        return new ReliabilityResult(level, coders, shared.Count, perCode, overall, shared.Count == 0 ? Agreement.NoUnits : null);
    }

    // Each matrix is one code's present/absent ratings; several matrices pool (unit, code) pairs into one analysis.
    private static CodeReliability CodeAgreement(CodeId? code, string name, IReadOnlyList<string> coders, IReadOnlyList<int> shared, bool[,] coded, IReadOnlyList<bool[,]> matrices)
    {
        var tallies = new List<int[]>(shared.Count * matrices.Count);
        var fleissRows = new List<int[]>();
        foreach (var matrix in matrices)
        {
            foreach (var u in shared)
            {
                var tally = new int[2];
                var all = true;
                for (var c = 0; c < coders.Count; c++)
                {
                    if (coded[u, c])
                    {
                        tally[matrix[u, c] ? 1 : 0]++;
                    }
                    else
                    {
                        all = false;
                    }
                }

                tallies.Add(tally);
                if (all)
                {
                    fleissRows.Add(tally);
                }
            }
        }

        var fleissCounts = new int[fleissRows.Count, 2];
        for (var r = 0; r < fleissRows.Count; r++)
        {
            fleissCounts[r, 0] = fleissRows[r][0];
            fleissCounts[r, 1] = fleissRows[r][1];
        }

        var pairs = new List<PairKappa>();
        for (var a = 0; a < coders.Count; a++)
        {
            for (var b = a + 1; b < coders.Count; b++)
            {
                var table = new int[2, 2];
                foreach (var matrix in matrices)
                {
                    foreach (var u in shared)
                    {
                        if (coded[u, a] && coded[u, b])
                        {
                            table[matrix[u, a] ? 1 : 0, matrix[u, b] ? 1 : 0]++;
                        }
                    }
                }

                pairs.Add(new PairKappa(coders[a], coders[b], Agreement.CohenKappa(table)));
            }
        }

        return new CodeReliability(code, name, shared.Count, Agreement.KrippendorffAlphaFromCounts(tallies), Agreement.FleissKappa(fleissCounts), pairs);
    }
}
