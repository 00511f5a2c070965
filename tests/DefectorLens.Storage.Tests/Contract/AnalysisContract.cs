using System.Collections.Immutable;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Contract;

/// <summary>
/// What every project store must do for the statistics: the summary it keeps (<see cref="IProjectStore.GetAnalysisFactsAsync"/>)
/// says after every kind of write what the raw rows say (<see cref="IProjectStore.GetCaseSourcesAsync"/>,
/// <see cref="IProjectStore.GetSourceCodesAsync"/>, <see cref="IProjectStore.GetSharedSegmentCodesAsync"/>).
/// </summary>
public abstract class AnalysisContract(Func<IStoreHarness> createHarness) : StoreContract(createHarness)
{
    private static readonly CodingFilter[] Filters =
    [
        CodingFilter.All, new(Coder: "analyst-a"), new(Coder: "lexicon"), new(Coder: "model"), new(OwnWordsOnly: true), new(Coder: "analyst-a", OwnWordsOnly: true),
    ];

    private Task<IProjectStore> NewAsync() => NewAsync("Analysis", Codebook());

    [Fact]
    public async Task The_summary_of_a_new_project_is_empty()
    {
        var store = await NewAsync();

        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);

        (facts.Cases.Count, facts.SourceCount, facts.SegmentCount, facts.CodingCodes.Length).ShouldBe((0, 0, 0, 0));
        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task After_an_import_the_summary_counts_every_link_segment_and_coding_the_raw_rows_hold()
    {
        var store = await NewAsync();

        await store.ImportAsync(Corpus.Batch(), default);

        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        (facts.Cases.Count, facts.SourceCount, facts.SegmentCount, facts.CodingCodes.Length).ShouldBe((3, 2, 4, 5));
        facts.Coders.ShouldBe(["analyst-a", "lexicon"]);
        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task Without_segment_details_the_summary_gives_the_same_links_segments_and_codings_and_no_details()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var full = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        var lean = await store.GetAnalysisFactsAsync(withSegmentDetails: false, default);

        lean.Cases.Select(c => c.Id).ShouldBe(full.Cases.Select(c => c.Id));
        lean.SourceIds.ShouldBe(full.SourceIds);
        lean.Outlets.ShouldBe(full.Outlets);
        lean.Documents.ShouldBe(full.Documents);
        lean.SourceCases.ShouldBe(full.SourceCases);
        lean.SourceSegmentStart.ShouldBe(full.SourceSegmentStart);
        lean.SegmentSpeakers.ShouldBe(full.SegmentSpeakers);
        lean.SegmentCodingStart.ShouldBe(full.SegmentCodingStart);
        lean.CodingCoders.ShouldBe(full.CodingCoders);
        lean.CodingCodes.ShouldBe(full.CodingCodes);
        (full.HasSegmentDetails, lean.HasSegmentDetails, lean.SegmentCount).ShouldBe((true, false, 4));
        (lean.SegmentIds.Length, lean.SegmentStarts.Length, lean.CodingPeople.Length, lean.CodingConfidences.Length).ShouldBe((0, 0, 0, 0));
        Should.Throw<InvalidOperationException>(() => lean.QuoteSegments([0], 1));
    }

    [Fact]
    public async Task Sources_with_the_same_content_share_a_document_and_others_do_not()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        await store.ImportAsync(Batch("again.jsonl", [], [Record(Source("s3", Corpus.SecondText, "c1")), Record(Source("s4", "Another story.", "c1"))]), default);

        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        var document = facts.SourceIds.Select((id, s) => (id.Value, facts.Documents[s])).ToDictionary(p => p.Value, p => p.Item2);
        document["s3"].ShouldBe(document["s2"]);
        document.Values.Distinct().Count().ShouldBe(3);
        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task Replacing_a_coders_codings_updates_the_summary_and_drops_segments_left_without_codings()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        await store.ReplaceCodingsAsync(
            "model",
            [new SourceCodings(new SourceId("s1"), [Span(Corpus.FirstText, "crossed at night", null, By(Model, "leave.corruption", 0.9, "features"))])],
            default);
        await ShouldMatchRawRowsAsync(store);

        await store.ReplaceCodingsAsync("model", [], default);
        await store.ReplaceCodingsAsync(
            "lexicon",
            [new SourceCodings(new SourceId("s2"), [Span(Corpus.SecondText, Corpus.Hijra, "c3", By(Lexicon, "join.syria-conflict", 0.5, "en:\"assad\""))])],
            default);

        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        facts.SourceCodeRows(new CodingFilter(Coder: "model")).ShouldBeEmpty();
        facts.SourceCodeRows(new CodingFilter(Coder: "lexicon")).ShouldBe([new SourceCode(new SourceId("s2"), new CaseId("c3"), new CodeId("join.syria-conflict"), "lexicon")]);
        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task A_segment_coded_by_two_coders_is_shared_and_one_coded_by_one_coder_is_not()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var shared = (await store.GetAnalysisFactsAsync(withSegmentDetails: true, default)).SharedSegmentCodeRows();

        shared.Select(row => (row.Code.Value, row.Coder)).ShouldBe([("leave.brutality", "analyst-a"), ("leave.brutality", "lexicon")], ignoreOrder: true);
        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task Quote_segments_rank_a_persons_coding_first_then_the_highest_confidence_then_the_length_nearest_200()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        await store.ReplaceCodingsAsync(
            "model",
            [
                new SourceCodings(new SourceId("s1"), [Span(Corpus.FirstText, Corpus.Emirs, "c1", By(Model, "leave.brutality", 0.95, "x"))]),
                new SourceCodings(new SourceId("s2"), [Span(Corpus.SecondText, Corpus.Hijra, "c3", By(Model, "leave.brutality", 0.4, "y"))]),
            ],
            default);

        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        var ranked = facts.QuoteSegments([facts.Codes.IndexOf(new CodeId("leave.brutality"))], 10)[0];

        ranked.Select(q => (facts.Cases[q.Speaker].Id.Value, q.ByPerson, q.Confidence)).ShouldBe([("c1", true, null), ("c1", false, 0.95), ("c3", false, 0.4)]);
        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task An_import_that_fails_leaves_the_summary_as_it_was()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);

        await Should.ThrowAsync<Core.UserErrorException>(() => store.ImportAsync(
            Batch("broken.jsonl", [], [Record(Source("s5", "A new story.", "c1"), Span("A new story.", "new story", "c1", By(AnalystB, "leave.brutality"))), Record(Source("s1", "A repeated id.", "c2"))]),
            default));

        var after = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        after.SourceCodeRows(CodingFilter.All).ShouldBe(before.SourceCodeRows(CodingFilter.All), ignoreOrder: true);
        after.SourceIds.ShouldBe(before.SourceIds);
        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task Ingested_files_with_a_duplicate_keep_the_summary_in_step()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var copy = Record(Source("copy", Corpus.FirstText, "c2"), Span(Corpus.FirstText, Corpus.Emirs, "c2", By(AnalystB, "leave.corruption")));

        await store.IngestAsync(
            [new IngestedFile(Batch("copy.html", [], [copy]), "hash-copy", [], [new DuplicateLink(new SourceId("copy"), new SourceId("s1"), DuplicateKind.Exact, 1)])],
            default);

        await ShouldMatchRawRowsAsync(store);
    }

    [Fact]
    public async Task The_summary_survives_a_reopen_and_a_copy_of_the_project()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);

        var reopened = await ReopenAsync(store);

        var after = await reopened.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        after.CaseSourceRows().ShouldBe(before.CaseSourceRows());
        after.SourceCodeRows(CodingFilter.All).ShouldBe(before.SourceCodeRows(CodingFilter.All), ignoreOrder: true);
        await ShouldMatchRawRowsAsync(reopened);
    }

    // Extra attributes are an immutable dictionary, which compares by reference: compare its entries instead.
    private static (Core.Model.Case Case, string Extra) Comparable(Core.Model.Case @case) =>
        (@case with { Attributes = @case.Attributes with { Extra = CaseAttributes.Empty.Extra } }, string.Join(";", @case.Attributes.Extra.Select(e => $"{e.Key}={e.Value}")));

    /// <summary>Checks every read of the summary against the same read made from the raw rows.</summary>
    protected static async Task ShouldMatchRawRowsAsync(IProjectStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        (await store.GetCasesAsync(default)).Select(Comparable).ShouldBe(facts.Cases.Select(Comparable));

        var raw = await store.GetCaseSourcesAsync(default);
        var summary = facts.CaseSourceRows();
        summary.Select(row => (row.Case, row.Source, row.Outlet, row.Published)).ShouldBe(raw.Select(row => (row.Case, row.Source, row.Outlet, row.Published)));
        for (var a = 0; a < raw.Count; a++)
        {
            for (var b = 0; b < raw.Count; b++)
            {
                (summary[a].Document == summary[b].Document).ShouldBe(raw[a].ContentHash == raw[b].ContentHash, $"{raw[a].Source} and {raw[b].Source}");
            }
        }

        foreach (var filter in Filters)
        {
            facts.SourceCodeRows(filter).ShouldBe(await store.GetSourceCodesAsync(filter, default), ignoreOrder: true, $"filter {filter}");
        }

        var shared = await store.GetSharedSegmentCodesAsync(default);
        facts.SharedSegmentCodeRows().ShouldBe(shared, ignoreOrder: true);
        var ranked = facts.QuoteSegments([.. Enumerable.Range(0, facts.Codes.Length)], 10);
        for (var c = 0; c < facts.Codes.Length; c++)
        {
            var quotes = await store.GetQuoteCandidatesAsync(facts.Codes[c], 10, default);
            ranked[c].Select(q => (facts.Cases[q.Speaker].Id, facts.SourceIds[q.Source], q.Confidence, facts.SegmentEnds[q.Segment] - facts.SegmentStarts[q.Segment]))
                .ShouldBe(quotes.Select(q => (q.Case, q.Source.Id, q.Confidence, q.Text.Length)), $"quotes of {facts.Codes[c]}");
        }

        var ids = facts.SegmentIds.ToImmutableHashSet();
        ids.Count.ShouldBe(facts.SegmentCount);
    }
}
