using System.Numerics;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Statistics;

namespace DefectorLens.Services;

/// <summary>How well one case's narratives are corroborated.</summary>
/// <param name="Case">The case.</param>
/// <param name="Pseudonym">Its pseudonym.</param>
/// <param name="Sources">Sources about the case.</param>
/// <param name="Documents">Distinct documents after duplicates (same content, or marked as a near-duplicate) are counted once.</param>
/// <param name="IndependentSources">Distinct outlets among those documents; a document without an outlet counts as its own.</param>
/// <param name="CodedDocuments">Documents in which the case's narratives were coded.</param>
/// <param name="Agreement">Mean pairwise Jaccard similarity of the narrative sets coded in those documents; null with fewer than two.</param>
/// <param name="Flags">Where documents tell different narratives of the same kind (joining or leaving).</param>
public sealed record CaseCredibility(CaseId Case, string Pseudonym, int Sources, int Documents, int IndependentSources, int CodedDocuments, double? Agreement, IReadOnlyList<Contradiction> Flags);

/// <summary>Two documents of one case that both code narratives of one kind and share none of them.</summary>
/// <remarks>
/// Kept as data and written as text only where it is shown: 100,000 cases can hold over 100,000 flags, and making a
/// string of each took longer than the rest of the credibility computation.
/// </remarks>
/// <param name="Kind">The kind of narrative: <c>join</c> or <c>leave</c>.</param>
/// <param name="First">The first document, named by its first source.</param>
/// <param name="FirstNarratives">The narratives of that kind coded in it, in codebook order.</param>
/// <param name="Second">The other document.</param>
/// <param name="SecondNarratives">The narratives of that kind coded in the other document.</param>
public sealed record Contradiction(string Kind, SourceId First, IReadOnlyList<CodeId> FirstNarratives, SourceId Second, IReadOnlyList<CodeId> SecondNarratives)
    : ISpanFormattable
{
    /// <summary>The length of the flag as text.</summary>
    public int Length => Kind.Length + 2 + Side(First, FirstNarratives) + 2 + Side(Second, SecondNarratives);

    /// <summary>The flag as text: <c>join: s1 codes join.faith-ideology; s2 codes join.syria-conflict, join.personal-material</c>.</summary>
    public override string ToString() => string.Create(Length, this, (text, flag) => flag.TryFormat(text, out _, default, null));

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        var text = new Writer(destination);
        text.Append(Kind);
        text.Append(": ");
        text.Append(First, FirstNarratives);
        text.Append("; ");
        text.Append(Second, SecondNarratives);
        charsWritten = text.Written;
        return true;
    }

    private static int Side(SourceId document, IReadOnlyList<CodeId> narratives)
    {
        var length = document.Value.Length + Codes.Length;
        for (var i = 0; i < narratives.Count; i++)
        {
            length += (i == 0 ? 0 : Comma.Length) + narratives[i].Value.Length;
        }

        return length;
    }

    private const string Codes = " codes ";

    private const string Comma = ", ";

    /// <summary>Appends to a span known to be long enough.</summary>
    private ref struct Writer(Span<char> destination)
    {
        private readonly Span<char> _destination = destination;

        public int Written { get; private set; }

        public void Append(string text)
        {
            text.CopyTo(_destination[Written..]);
            Written += text.Length;
        }

        public void Append(SourceId document, IReadOnlyList<CodeId> narratives)
        {
            Append(document.Value);
            Append(Codes);
            for (var i = 0; i < narratives.Count; i++)
            {
                Append(i == 0 ? "" : Comma);
                Append(narratives[i].Value);
            }
        }
    }
}

/// <summary>Credibility across cases.</summary>
/// <param name="Cases">All cases.</param>
/// <param name="Corroborated">Cases with two or more independent sources.</param>
/// <param name="CorroboratedShare">Their share, with a 95% Wilson interval.</param>
/// <param name="MeanAgreement">Mean agreement over cases where it is defined; null when it is nowhere.</param>
/// <param name="Flagged">Cases with at least one flag.</param>
/// <param name="BySourceCount">How many cases have 0, 1, 2... independent sources.</param>
/// <param name="PerCase">Every case, least corroborated first.</param>
public sealed record CredibilityResult(int Cases, int Corroborated, PrevalenceRow CorroboratedShare, double? MeanAgreement, int Flagged, IReadOnlyList<(int Sources, int Cases)> BySourceCount, IReadOnlyList<CaseCredibility> PerCase);

/// <summary>One list of a capture–recapture analysis: a group of outlets.</summary>
/// <param name="Name">The list's name (its outlets joined).</param>
/// <param name="Outlets">The outlets in it.</param>
/// <param name="Cases">Cases reported by at least one of them.</param>
public sealed record CaptureList(string Name, IReadOnlyList<string> Outlets, int Cases);

/// <summary>An assumption of capture–recapture and what the data say about it.</summary>
/// <param name="Name">The assumption.</param>
/// <param name="Check">What could be checked, and the result; or why it cannot be checked here.</param>
public sealed record Assumption(string Name, string Check);

/// <summary>The capture–recapture estimate of how many defectors exist beyond those on record.</summary>
/// <param name="Lists">The lists.</param>
/// <param name="Observed">Cases on at least one list.</param>
/// <param name="OnRecord">All cases of the project (some may be on no list: no source with an outlet in one).</param>
/// <param name="Histories">Cases per capture history (<c>101</c>: on lists 1 and 3).</param>
/// <param name="LincolnPetersen">The two-list estimate; null with three lists or more.</param>
/// <param name="Chapman">The two-list bias-corrected estimate; null with three lists or more.</param>
/// <param name="LogLinear">The log-linear analysis (also made for two lists, where it equals Lincoln–Petersen).</param>
/// <param name="Assumptions">The assumptions, each with its check.</param>
public sealed record UnseenResult(IReadOnlyList<CaptureList> Lists, int Observed, int OnRecord, IReadOnlyList<(string History, int Cases)> Histories, PopulationEstimate? LincolnPetersen, PopulationEstimate? Chapman, LogLinearResult LogLinear, IReadOnlyList<Assumption> Assumptions);

public static partial class Findings
{
    /// <summary>Per case: documents, independent sources, agreement of coded narratives across documents, and contradictions.</summary>
    public static CredibilityResult Credibility(AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var facts = data.Facts;

        // Narratives are bits, in codebook order, of a few 64-bit words per (source, case) link: a project of 300,000 links
        // then needs no set object per link. Link k is the k-th entry of the facts' source cases.
        var narratives = data.Category("join").Concat(data.Category("leave")).Order().ToList();
        var bitOf = new int[data.Codes.Count];
        Array.Fill(bitOf, -1);
        for (var b = 0; b < narratives.Count; b++)
        {
            bitOf[narratives[b]] = b;
        }

        var words = Math.Max(1, (narratives.Count + 63) / 64);
        IReadOnlyList<(string Kind, ulong[] Mask)> kinds = [("join", Mask(data.Category("join"))), ("leave", Mask(data.Category("leave")))];
        var coded = new ulong[facts.SourceCases.Length * words];
        for (var s = 0; s < facts.SourceCount; s++)
        {
            for (var g = facts.SourceSegmentStart[s]; g < facts.SourceSegmentStart[s + 1]; g++)
            {
                var speaker = facts.SegmentSpeakers[g];
                if (data.Filter.OwnWordsOnly && speaker < 0)
                {
                    continue;
                }

                for (var k = facts.SegmentCodingStart[g]; k < facts.SegmentCodingStart[g + 1]; k++)
                {
                    var code = data.LeafOf(facts.CodingCodes[k]);
                    if (code < 0 || bitOf[code] < 0 || !data.Counts(facts.CodingCoders[k]))
                    {
                        continue;
                    }

                    // Own words count for the speaker if the source is about them; narration for every case of the source.
                    for (var link = facts.SourceCaseStart[s]; link < facts.SourceCaseStart[s + 1]; link++)
                    {
                        if (speaker < 0 || facts.SourceCases[link] == speaker)
                        {
                            coded[(link * words) + (bitOf[code] >> 6)] |= 1UL << bitOf[code];
                        }
                    }
                }
            }
        }

        var caseLinks = LinksByCase.Build(facts, data.Cases.Count);
        var documentOf = DocumentsCounted(data);
        var results = new CaseCredibility[data.Cases.Count];

        // Cases are independent of each other: each core takes a range, with lists of its own reused from case to case.
        var parts = Math.Clamp(Environment.ProcessorCount, 1, 8);
        Parallel.For(0, parts, p =>
        {
            var documents = new List<(long Key, SourceId Name, ulong[] Codes)>();
            // The narratives of a case's documents, reused from case to case: 300,000 small arrays cost more in fresh memory than in work.
            var codeSets = new List<ulong[]>();
            var documentOutlets = new List<bool>();
            var outlets = new HashSet<string>(StringComparer.Ordinal);
            var sets = new List<(SourceId Name, ulong[] Codes)>();
            var narrativeLists = new NarrativeLists(data, narratives, words);
            for (var i = (int)((long)data.Cases.Count * p / parts); i < (int)((long)data.Cases.Count * (p + 1) / parts); i++)
            {
                var links = caseLinks.Of(i);

                // A document counts once, in order of first source, but every outlet that carried it counts for corroboration:
                // the independent sources are the distinct outlets, plus each document that no outlet carried. Loops rather than
                // queries: this runs for each of 100,000 cases.
                documents.Clear();
                documentOutlets.Clear();
                outlets.Clear();
                foreach (var link in links)
                {
                    var source = caseLinks.SourceOf[link];
                    var key = documentOf[source];
                    var d = 0;
                    while (d < documents.Count && documents[d].Key != key)
                    {
                        d++;
                    }

                    if (d == documents.Count)
                    {
                        if (codeSets.Count == d)
                        {
                            codeSets.Add(new ulong[words]);
                        }

                        Array.Clear(codeSets[d]);
                        documents.Add((key, facts.SourceIds[source], codeSets[d]));
                        documentOutlets.Add(false);
                    }

                    if (facts.Outlets[source] is { } outlet)
                    {
                        outlets.Add(outlet);
                        documentOutlets[d] = true;
                    }

                    for (var w = 0; w < words; w++)
                    {
                        documents[d].Codes[w] |= coded[(link * words) + w];
                    }
                }

                var independent = outlets.Count;
                sets.Clear();
                for (var d = 0; d < documents.Count; d++)
                {
                    independent += documentOutlets[d] ? 0 : 1;
                    if (Array.Exists(documents[d].Codes, w => w != 0))
                    {
                        sets.Add((documents[d].Name, documents[d].Codes));
                    }
                }

                results[i] = new CaseCredibility(
                    data.Cases[i].Id, data.Cases[i].Pseudonym, links.Length, documents.Count, independent, sets.Count, MeanJaccard(sets),
                    Contradictions(kinds, sets, narrativeLists));
            }
        });

        var (corroborated, flagged, agreements, agreementSum) = (0, 0, 0, 0.0);
        var bySourceCount = new SortedDictionary<int, int>();
        foreach (var c in results)
        {
            corroborated += c.IndependentSources >= 2 ? 1 : 0;
            flagged += c.Flags.Count > 0 ? 1 : 0;
            (agreements, agreementSum) = c.Agreement is { } agreement ? (agreements + 1, agreementSum + agreement) : (agreements, agreementSum);
            bySourceCount[c.IndependentSources] = bySourceCount.GetValueOrDefault(c.IndependentSources) + 1;
        }

        // Least corroborated first, then by id: one number per case sorts 100,000 cases faster than comparing their ids.
        var ranks = OrdinalRanks(data.Cases);
        var keys = new long[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            keys[i] = ((long)results[i].IndependentSources << 32) | (uint)ranks[i];
        }

        Array.Sort(keys, results);
        return new CredibilityResult(
            data.Cases.Count, corroborated,
            new PrevalenceRow(new CodeId("credibility.corroborated"), "two or more independent sources", corroborated,
                data.Cases.Count == 0 ? 0 : (double)corroborated / data.Cases.Count, Proportions.Wilson(corroborated, data.Cases.Count)),
            agreements == 0 ? null : agreementSum / agreements, flagged,
            [.. bySourceCount.Select(b => (b.Key, b.Value))], results);

        ulong[] Mask(IEnumerable<int> codes)
        {
            var mask = new ulong[words];
            foreach (var code in codes)
            {
                mask[bitOf[code] >> 6] |= 1UL << bitOf[code];
            }

            return mask;
        }
    }

    /// <summary>Each case's place when the cases are ordered by id, ordinally; the store reads them in that order already.</summary>
    private static int[] OrdinalRanks(IReadOnlyList<Case> cases)
    {
        var order = new int[cases.Count];
        var sorted = true;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            sorted &= i == 0 || string.CompareOrdinal(cases[i - 1].Id.Value, cases[i].Id.Value) < 0;
        }

        if (sorted)
        {
            return order;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(cases[a].Id.Value, cases[b].Id.Value));
        var ranks = new int[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r;
        }

        return ranks;
    }

    /// <summary>Parses <c>--lists</c>: lists separated by <c>;</c>, outlets within a list by <c>,</c>.</summary>
    /// <exception cref="UserErrorException">A list is empty, an outlet is unknown or repeated, or there are too few or too many lists.</exception>
    public static IReadOnlyList<IReadOnlyList<string>> ParseLists(string text, IReadOnlyCollection<string> outlets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(outlets);
        var lists = text.Split(';').Select(list => (IReadOnlyList<string>)[.. list.Split(',').Select(o => o.Trim()).Where(o => o.Length > 0)]).ToList();
        if (lists.Count is < 2 or > CaptureRecapture.MaxLists)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ListCount(lists.Count, CaptureRecapture.MaxLists));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lists.Count; i++)
        {
            if (lists[i].Count == 0)
            {
                throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ListEmpty(i + 1));
            }

            foreach (var outlet in lists[i])
            {
                if (!outlets.Contains(outlet))
                {
                    throw new UserErrorException(UserErrorKind.NotFound, Messages.OutletUnknown(outlet, outlets.Order(StringComparer.Ordinal)));
                }

                if (!seen.Add(outlet))
                {
                    throw new UserErrorException(UserErrorKind.InvalidInput, Messages.OutletInTwoLists(outlet));
                }
            }
        }

        return lists;
    }

    /// <summary>Capture–recapture over lists of outlets; without lists, the three outlets (or two) that report most cases.</summary>
    /// <exception cref="UserErrorException">The lists are malformed, or the project names fewer than two outlets.</exception>
    public static UnseenResult Unseen(AnalysisData data, string? lists)
    {
        ArgumentNullException.ThrowIfNull(data);
        var casesByOutlet = CasesByOutlet(data);
        IReadOnlyList<IReadOnlyList<string>> groups;
        if (lists is not null)
        {
            groups = ParseLists(lists, casesByOutlet.Keys);
        }
        else if (casesByOutlet.Count < 2)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.TooFewOutlets);
        }
        else
        {
            groups = [.. casesByOutlet.OrderByDescending(o => o.Value.Count).ThenBy(o => o.Key, StringComparer.Ordinal).Take(3).Select(o => (IReadOnlyList<string>)[o.Key])];
        }

        var members = groups.Select(g => g.SelectMany(o => casesByOutlet[o]).ToHashSet()).ToList();
        var histories = new Dictionary<int, int>();
        foreach (var id in members.SelectMany(m => m).Distinct())
        {
            var history = 0;
            for (var l = 0; l < members.Count; l++)
            {
                history |= members[l].Contains(id) ? 1 << l : 0;
            }

            histories[history] = histories.GetValueOrDefault(history) + 1;
        }

        var captureLists = groups.Select((g, l) => new CaptureList(string.Join(" + ", g), g, members[l].Count)).ToList();
        var observed = histories.Values.Sum();
        var logLinear = CaptureRecapture.LogLinear(histories, groups.Count);
        PopulationEstimate? petersen = null, chapman = null;
        if (groups.Count == 2)
        {
            var both = histories.GetValueOrDefault(0b11);
            petersen = CaptureRecapture.LincolnPetersen(members[0].Count, members[1].Count, both);
            chapman = CaptureRecapture.Chapman(members[0].Count, members[1].Count, both);
        }

        var historyRows = histories.OrderByDescending(h => h.Value).Select(h => (HistoryText(h.Key, groups.Count), h.Value)).ToList();
        return new UnseenResult(captureLists, observed, data.Cases.Count, historyRows, petersen, chapman, logLinear, CheckAssumptions(data, groups, logLinear));
    }

    /// <summary>The outlets of sources about some case, each with its cases, met in case order and each case's sources in id order.</summary>
    internal static Dictionary<string, HashSet<int>> CasesByOutlet(AnalysisData data)
    {
        var facts = data.Facts;
        var caseLinks = LinksByCase.Build(facts, data.Cases.Count);

        // Case ids are unique, so any sort gives the one order; the store already returns them in it, which is checked first.
        var order = Enumerable.Range(0, data.Cases.Count).ToArray();
        if (!IsSorted(order, (a, b) => string.CompareOrdinal(data.Cases[a].Id.Value, data.Cases[b].Id.Value)))
        {
            Array.Sort(order, (a, b) => string.CompareOrdinal(data.Cases[a].Id.Value, data.Cases[b].Id.Value));
        }

        var byOutlet = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var i in order)
        {
            foreach (var link in caseLinks.Of(i))
            {
                if (facts.Outlets[caseLinks.SourceOf[link]] is { } outlet)
                {
                    if (!byOutlet.TryGetValue(outlet, out var cases))
                    {
                        byOutlet[outlet] = cases = [];
                    }

                    cases.Add(i);
                }
            }
        }

        return byOutlet;

        static bool IsSorted(int[] items, Comparison<int> compare)
        {
            for (var k = 1; k < items.Length; k++)
            {
                if (compare(items[k - 1], items[k]) > 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The source-case links grouped by case, each case's in the order of its sources' ids, and the source of each link.</summary>
    /// <remarks>Every case's links are a slice of one array, not a list each: the readers run over 100,000 cases.</remarks>
    private sealed class LinksByCase
    {
        private readonly int[] _start;
        private readonly int[] _links;

        private LinksByCase(int[] start, int[] links, int[] sourceOf) => (_start, _links, SourceOf) = (start, links, sourceOf);

        /// <summary>The source of link k, the k-th entry of the facts' source cases.</summary>
        public int[] SourceOf { get; }

        public static LinksByCase Build(AnalysisFacts facts, int caseCount)
        {
            var sourceOf = new int[facts.SourceCases.Length];
            for (var s = 0; s < facts.SourceCount; s++)
            {
                sourceOf.AsSpan(facts.SourceCaseStart[s]..facts.SourceCaseStart[s + 1]).Fill(s);
            }

            var start = new int[caseCount + 1];
            foreach (var @case in facts.SourceCases)
            {
                start[@case + 1]++;
            }

            for (var i = 0; i < caseCount; i++)
            {
                start[i + 1] += start[i];
            }

            var links = new int[facts.SourceCases.Length];
            var filled = start[..^1];
            for (var link = 0; link < links.Length; link++)
            {
                links[filled[facts.SourceCases[link]]++] = link;
            }

            // Source ids are unique, so the unstable sort of each slice gives the one order.
            Comparison<int> bySourceId = (a, b) => string.CompareOrdinal(facts.SourceIds[sourceOf[a]].Value, facts.SourceIds[sourceOf[b]].Value);
            for (var i = 0; i < caseCount; i++)
            {
                links.AsSpan(start[i]..start[i + 1]).Sort(bySourceId);
            }

            return new LinksByCase(start, links, sourceOf);
        }

        /// <summary>Case i's links.</summary>
        public ReadOnlySpan<int> Of(int caseIndex) => _links.AsSpan(_start[caseIndex].._start[caseIndex + 1]);
    }

    private static string HistoryText(int history, int lists) =>
        string.Concat(Enumerable.Range(0, lists).Select(l => (history >> l & 1) == 1 ? '1' : '0'));

    private static IReadOnlyList<Assumption> CheckAssumptions(AnalysisData data, IReadOnlyList<IReadOnlyList<string>> groups, LogLinearResult logLinear)
    {
        var windows = groups.Select(g =>
        {
            var dates = Enumerable.Range(0, data.Facts.SourceCount)
                .Where(s => data.Facts.SourceCaseStart[s + 1] > data.Facts.SourceCaseStart[s] && data.Facts.Outlets[s] is { } outlet && g.Contains(outlet) && data.Facts.Published[s] is not null)
                .Select(s => data.Facts.Published[s]!.Value).ToList();
            return dates.Count == 0 ? "undated" : $"{dates.Min()} to {dates.Max()}";
        }).ToList();
        var closed = new Assumption("closed population",
            "no one joins or leaves the population between lists; cannot be tested from the lists alone. Publication windows: "
            + string.Join("; ", groups.Select((g, l) => $"list {l + 1}: {windows[l]}")));
        string independence;
        if (groups.Count == 2)
        {
            independence = "the two lists are assumed independent: with two lists dependence cannot be detected, and positive dependence (outlets copying each other) makes the estimate too low";
        }
        else if (logLinear.Selected is { } selected)
        {
            independence = selected.Interactions.Count == 0
                ? "AIC selects the independence model: no dependence between lists is detected"
                : $"AIC selects {selected.Name}: dependence between those lists is modelled rather than assumed away";
        }
        else
        {
            independence = "no model could be fitted, so dependence could not be checked";
        }

        return
        [
            closed,
            new Assumption("independence of lists", independence),
            new Assumption("homogeneity", "every defector is assumed equally likely to be reported by a given outlet; prominent or talkative defectors violate it and bias the estimate down. Not checked here."),
            new Assumption("matching", "cases are matched across lists by case id: a person recorded twice under different ids inflates the estimate."),
        ];
    }

    /// <summary>Each source's document: a duplicate's is that of the original it repeats (a negative number, one per original,
    /// when that original is not in the project), any other source's that of its content.</summary>
    private static long[] DocumentsCounted(AnalysisData data)
    {
        var facts = data.Facts;
        var originalIndex = new Dictionary<SourceId, int>();
        foreach (var original in data.Originals.Values)
        {
            originalIndex[original] = -1;
        }

        for (var s = 0; s < facts.SourceCount; s++)
        {
            if (originalIndex.ContainsKey(facts.SourceIds[s]))
            {
                originalIndex[facts.SourceIds[s]] = s;
            }
        }

        var missing = new Dictionary<SourceId, long>();
        var documentOf = new long[facts.SourceCount];
        for (var s = 0; s < facts.SourceCount; s++)
        {
            documentOf[s] = !data.Originals.TryGetValue(facts.SourceIds[s], out var original) ? facts.Documents[s]
                : originalIndex[original] is var o and >= 0 ? facts.Documents[o]
                : -(missing.TryGetValue(original, out var number) ? number : missing[original] = missing.Count + 1);
        }

        return documentOf;
    }

    private static double? MeanJaccard(IReadOnlyList<(SourceId Name, ulong[] Codes)> sets)
    {
        if (sets.Count < 2)
        {
            return null;
        }

        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < sets.Count; a++)
        {
            for (var b = a + 1; b < sets.Count; b++)
            {
                var (both, union) = (0, 0);
                for (var w = 0; w < sets[a].Codes.Length; w++)
                {
                    both += BitOperations.PopCount(sets[a].Codes[w] & sets[b].Codes[w]);
                    union += BitOperations.PopCount(sets[a].Codes[w] | sets[b].Codes[w]);
                }

                sum += union == 0 ? 1 : (double)both / union;
                pairs++;
            }
        }

        return sum / pairs;
    }

    // Two documents contradict each other on a kind of narrative when both code some narrative of that kind and share none.
    private static IReadOnlyList<Contradiction> Contradictions(
        IReadOnlyList<(string Kind, ulong[] Mask)> kinds, IReadOnlyList<(SourceId Name, ulong[] Codes)> sets, NarrativeLists narrativeLists)
    {
        if (sets.Count < 2)
        {
            return [];
        }

        List<Contradiction>? flags = null;
        foreach (var (kind, mask) in kinds)
        {
            for (var a = 0; a < sets.Count; a++)
            {
                for (var b = a + 1; b < sets.Count; b++)
                {
                    if (Tells(sets[a].Codes, mask) && Tells(sets[b].Codes, mask) && !Shares(sets[a].Codes, sets[b].Codes, mask))
                    {
                        (flags ??= []).Add(new Contradiction(
                            kind, sets[a].Name, narrativeLists.Of(sets[a].Codes, mask), sets[b].Name, narrativeLists.Of(sets[b].Codes, mask)));
                    }
                }
            }
        }

        return flags ?? [];

        static bool Tells(ulong[] codes, ulong[] mask)
        {
            for (var w = 0; w < codes.Length; w++)
            {
                if ((codes[w] & mask[w]) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        static bool Shares(ulong[] first, ulong[] second, ulong[] mask)
        {
            for (var w = 0; w < first.Length; w++)
            {
                if ((first[w] & second[w] & mask[w]) != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The narratives a document's bits stand for, within one kind, as one shared list per distinct set.</summary>
    /// <remarks>A codebook has a handful of narratives, so a few lists serve 100,000 cases; one instance per core.</remarks>
    private sealed class NarrativeLists(AnalysisData data, IReadOnlyList<int> narratives, int words)
    {
        private readonly Dictionary<ulong[], IReadOnlyList<CodeId>> _lists = new(new BitsComparer());
        private readonly ulong[] _bits = new ulong[words];

        // Bits are narratives in codebook order, so each list comes out in codebook order.
        public IReadOnlyList<CodeId> Of(ulong[] codes, ulong[] mask)
        {
            for (var w = 0; w < words; w++)
            {
                _bits[w] = codes[w] & mask[w];
            }

            if (!_lists.TryGetValue(_bits, out var list))
            {
                list = [.. Enumerable.Range(0, narratives.Count).Where(b => ((_bits[b >> 6] >> b) & 1) == 1).Select(b => data.Codes[narratives[b]].Id)];
                _lists[[.. _bits]] = list;
            }

            return list;
        }

        private sealed class BitsComparer : IEqualityComparer<ulong[]>
        {
            public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

            public int GetHashCode(ulong[] obj)
            {
                var hash = new HashCode();
                hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
                return hash.ToHashCode();
            }
        }
    }
}
