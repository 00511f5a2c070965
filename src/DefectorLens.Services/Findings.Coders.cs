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

    /// <summary>Reliability at segment level: segments coded by two coders (by name) or more, every coder counted whatever the data's filter.</summary>
    public static ReliabilityResult SegmentReliability(AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var facts = data.Facts;
        var units = new Units(data.Codes.Count);
        var applied = new Dictionary<int, ulong>();
        for (var g = 0; g < facts.SegmentCount; g++)
        {
            ulong coded = 0;
            applied.Clear();
            for (var k = facts.SegmentCodingStart[g]; k < facts.SegmentCodingStart[g + 1]; k++)
            {
                var bit = 1UL << facts.CodingCoders[k];
                coded |= bit;
                if (data.LeafOf(facts.CodingCodes[k]) is var leaf and >= 0)
                {
                    applied[leaf] = applied.GetValueOrDefault(leaf) | bit;
                }
            }

            // Only segments two coders coded are units here: a coder who coded nothing shared is not compared.
            if (AnalysisData.CoderCount(coded) >= 2)
            {
                units.Add(coded, applied);
            }
        }

        return Reliability(ReliabilityLevel.Segment, [.. data.Codes.Select(c => new CodeRef(c.Id, c.Name))], [.. facts.Coders], facts.Coders, units);
    }

    /// <summary>Reliability at case level, over the codings the data's filter counts.</summary>
    public static ReliabilityResult CaseReliability(AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var units = new Units(data.Codes.Count);
        var applied = new Dictionary<int, ulong>();
        for (var i = 0; i < data.Cases.Count; i++)
        {
            var coded = data.CodedBy(i);
            if (coded == 0)
            {
                continue;
            }

            applied.Clear();
            for (var j = 0; j < data.Codes.Count; j++)
            {
                if (data.AppliedBy(i, j) is var mask and not 0)
                {
                    applied[j] = mask;
                }
            }

            units.Add(coded, applied);
        }

        var counted = data.CodersCounted;
        var coders = Enumerable.Range(0, data.Facts.Coders.Length).Where(c => (counted >> c & 1) == 1).Select(c => data.Facts.Coders[c]).ToList();
        return Reliability(ReliabilityLevel.Case, Refs(data, Enumerable.Range(0, data.Codes.Count)), coders, data.Facts.Coders, units);
    }

    /// <summary>Consented quotes per code, at most <paramref name="perCode"/> each and one per case, shown by pseudonym and redacted.</summary>
    /// <remarks>
    /// Only cases whose consent allows the audience are quoted (<see cref="Redaction.MayQuote"/>). Candidates are ranked from
    /// the loaded data (<see cref="AnalysisFacts.QuoteSegments"/>, as the store ranks them), and only the sources of the
    /// quotes kept are read for their text.
    /// </remarks>
    public static async Task<IReadOnlyList<Quote>> QuotesAsync(
        IProjectStore store, AnalysisData data, IEnumerable<CodeId> codes, int perCode, Redactor redactor, ReportAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(redactor);
        var facts = data.Facts;
        var wanted = codes.ToList();
        var known = wanted.Select(code => facts.Codes.IndexOf(code)).Where(c => c >= 0).Distinct().ToList();
        var ranked = known.Count == 0 ? [] : facts.QuoteSegments(known, perCode * 10);
        var sources = new Dictionary<int, Source>();
        var quotes = new List<Quote>();
        foreach (var code in wanted)
        {
            var k = known.IndexOf(facts.Codes.IndexOf(code));
            var chosen = (k < 0 ? [] : ranked[k])
                .Where(q => Redaction.MayQuote(facts.Cases[q.Speaker], audience))
                .DistinctBy(q => q.Speaker)
                .Take(perCode);
            foreach (var q in chosen)
            {
                if (!sources.TryGetValue(q.Source, out var source))
                {
                    sources[q.Source] = source = await store.GetSourceAsync(facts.SourceIds[q.Source], cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"source {facts.SourceIds[q.Source]} left the project while it was read");
                }

                var speaker = facts.Cases[q.Speaker];
                quotes.Add(new Quote(
                    code, speaker.Id, speaker.Pseudonym, source.Id, source.Metadata.Title, source.Metadata.Outlet, source.Metadata.Published,
                    redactor.Redact(source.Text[facts.SegmentStarts[q.Segment]..facts.SegmentEnds[q.Segment]]), q.Confidence));
            }
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
        var leaves = data.Category("leave");
        // One ranking pass over the segments for every leaving narrative: each code's quotes are chosen apart all the same.
        var quotesOf = (await QuotesAsync(store, data, [.. leaves.Select(l => data.Codes[l].Id)], quotesPerNarrative * 5, redactor, ReportAudience.Public, cancellationToken)
            .ConfigureAwait(false)).ToLookup(q => q.Code);
        foreach (var leave in leaves)
        {
            var both = joined.Count(i => data.Has(i, leave));
            var overall = Enumerable.Range(0, data.Cases.Count).Count(i => data.Has(i, leave));
            var share = PrevalenceOf(data, joined, [leave])[0];
            var lift = overall == 0 || joined.Count == 0 ? (double?)null : share.Share / ((double)overall / data.Cases.Count);
            var ranked = quotesOf[data.Codes[leave].Id].OrderBy(q => joinedIds.Contains(q.Case) ? 0 : 1).Take(quotesPerNarrative).ToList();
            answers.Add(new CounterNarrative(new CodeRef(data.Codes[leave].Id, data.Codes[leave].Name), both, share, lift, ranked));
        }

        return new CounterResult(
            new CodeRef(data.Codes[join].Id, data.Codes[join].Name), classified, joined.Count,
            [.. answers.OrderByDescending(a => a.Lift ?? double.MinValue).ThenByDescending(a => a.Cases)]);
    }

    private static ReliabilityResult Reliability(
        ReliabilityLevel level, IReadOnlyList<CodeRef> codes, IReadOnlyList<string> projectCoders, IReadOnlyList<string> coderNames, Units units)
    {
        // Coders are bits in coder-name order, so the coders present, in bit order, are in name order too.
        var bits = Enumerable.Range(0, coderNames.Count).Where(c => (units.Coders >> c & 1) == 1).ToList();
        var coders = bits.Select(c => coderNames[c]).ToList();
        if (coders.Count < 2)
        {
            return new ReliabilityResult(level, projectCoders.Count >= 2 ? projectCoders : coders, 0, [], null, projectCoders.Count < 2 ? OneCoder : Agreement.NoUnits);
        }

        var shared = units.ByCoders.Where(u => AnalysisData.CoderCount(u.Key) >= 2).ToDictionary(u => u.Key, u => u.Value);
        var sharedUnits = (int)shared.Values.Sum();
        var perCode = codes.Select((code, j) => CodeAgreement(code.Id, code.Name, coders, bits, units.Coders, sharedUnits, [units.Patterns(j, shared)])).ToList();
        var overall = CodeAgreement(null, "all codes", coders, bits, units.Coders, sharedUnits, [.. codes.Select((_, j) => units.Patterns(j, shared))]);
        return new ReliabilityResult(level, coders, sharedUnits, perCode, overall, sharedUnits == 0 ? Agreement.NoUnits : null);
    }

    // Each pattern list is one code's ratings: which coders coded a unit, which of them applied the code, and how many units
    // look so. Several lists pool (unit, code) pairs into one analysis.
    private static CodeReliability CodeAgreement(
        CodeId? code, string name, IReadOnlyList<string> coders, IReadOnlyList<int> bits, ulong all, int sharedUnits,
        IReadOnlyList<IReadOnlyList<(ulong Coded, ulong Applied, long Units)>> codes)
    {
        var patterns = codes.SelectMany(p => p).ToList();
        IReadOnlyList<int> Tally((ulong Coded, ulong Applied, long Units) p) =>
            [AnalysisData.CoderCount(p.Coded) - AnalysisData.CoderCount(p.Applied), AnalysisData.CoderCount(p.Applied)];
        var alpha = Agreement.KrippendorffAlphaFromTallies(patterns.Select(p => (Tally(p), p.Units)));
        var fleiss = Agreement.FleissKappaFromRows(patterns.Where(p => p.Coded == all).Select(p => (Tally(p), p.Units)), 2);
        var pairs = new List<PairKappa>();
        for (var a = 0; a < bits.Count; a++)
        {
            for (var b = a + 1; b < bits.Count; b++)
            {
                var (first, second) = (1UL << bits[a], 1UL << bits[b]);
                var table = new int[2, 2];
                foreach (var p in patterns.Where(p => (p.Coded & first) != 0 && (p.Coded & second) != 0))
                {
                    table[(p.Applied & first) != 0 ? 1 : 0, (p.Applied & second) != 0 ? 1 : 0] += (int)p.Units;
                }

                pairs.Add(new PairKappa(coders[a], coders[b], Agreement.CohenKappa(table)));
            }
        }

        return new CodeReliability(code, name, sharedUnits, alpha, fleiss, pairs);
    }

    /// <summary>Units of agreement gathered by pattern: a million segments fall into a few hundred patterns per code.</summary>
    private sealed class Units(int codes)
    {
        private readonly Dictionary<(ulong Coded, ulong Applied), long>[] _applied = [.. Enumerable.Range(0, codes).Select(_ => new Dictionary<(ulong Coded, ulong Applied), long>())];

        /// <summary>How many units each set of coders coded.</summary>
        public Dictionary<ulong, long> ByCoders { get; } = [];

        /// <summary>Every coder who coded some unit.</summary>
        public ulong Coders { get; private set; }

        /// <summary>Adds a unit: the coders who coded it, and per code the coders who applied it.</summary>
        public void Add(ulong coded, Dictionary<int, ulong> applied)
        {
            Coders |= coded;
            ByCoders[coded] = ByCoders.GetValueOrDefault(coded) + 1;
            foreach (var (code, mask) in applied)
            {
                _applied[code][(coded, mask)] = _applied[code].GetValueOrDefault((coded, mask)) + 1;
            }
        }

        /// <summary>One code's ratings over the shared units, absences included.</summary>
        public IReadOnlyList<(ulong Coded, ulong Applied, long Units)> Patterns(int code, Dictionary<ulong, long> shared)
        {
            var patterns = new List<(ulong, ulong, long)>();
            var applying = new Dictionary<ulong, long>();
            foreach (var ((coded, mask), units) in _applied[code])
            {
                if (shared.ContainsKey(coded))
                {
                    patterns.Add((coded, mask, units));
                    applying[coded] = applying.GetValueOrDefault(coded) + units;
                }
            }

            foreach (var (coded, units) in shared)
            {
                if (units - applying.GetValueOrDefault(coded) is var rest and > 0)
                {
                    patterns.Add((coded, 0, rest));
                }
            }

            return patterns;
        }
    }
}
