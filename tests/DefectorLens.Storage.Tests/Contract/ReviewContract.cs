using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Contract;

/// <summary>What every project store must do with review decisions on machine suggestions.</summary>
public abstract class ReviewContract(Func<IStoreHarness> createHarness) : StoreContract(createHarness)
{
    private static readonly Coder Reviewer = Coder.Person("reviewer");

    private async Task<(IProjectStore Store, MachineSuggestion Hijra)> CorpusAsync()
    {
        var store = await NewAsync("review", Codebook());
        await store.ImportAsync(Corpus.Batch(), default);
        var suggestions = await store.GetMachineSuggestionsAsync(default);
        return (store, suggestions.ShouldHaveSingleItem());
    }

    [Fact]
    public async Task Suggestions_leave_out_machine_codings_a_person_already_gave_the_same_segment()
    {
        var (_, hijra) = await CorpusAsync();

        var start = Corpus.SecondText.IndexOf(Corpus.Hijra, StringComparison.Ordinal);
        (hijra.Segment.Source, hijra.Segment.Start, hijra.Segment.End, hijra.Segment.Speaker)
            .ShouldBe((new SourceId("s2"), start, start + Corpus.Hijra.Length, new CaseId("c3")));
        hijra.Coding.ShouldBe(new Coding(hijra.Segment.Id, new CodeId("join.faith-ideology"), Lexicon, "1.0", 0.6, "en:\"hijra\""));
    }

    [Fact]
    public async Task Accepting_a_suggestion_codes_its_segment_for_the_reviewer_and_takes_it_off_the_queue()
    {
        var (store, hijra) = await CorpusAsync();

        await store.RecordReviewAsync(new ReviewDecisionDraft(hijra, ReviewVerdict.Accepted, Reviewer, null, "1.0"), default);

        (await store.GetMachineSuggestionsAsync(default)).ShouldBeEmpty();
        (await store.GetCodingsAsync(new SourceId("s2"), default))
            .ShouldContain(new Coding(hijra.Segment.Id, new CodeId("join.faith-ideology"), Reviewer, "1.0", null, null));
        (await store.GetReviewDecisionsAsync(default)).ShouldBe(
        [
            new ReviewDecision(
                hijra.Segment.Source, hijra.Segment.Start, hijra.Segment.End, hijra.Coding.Code, Lexicon, 0.6,
                ReviewVerdict.Accepted, null, "reviewer", Start),
        ]);
        (await store.GetAuditAsync(default))[^1].Action.ShouldBe("review.accepted");
    }

    [Fact]
    public async Task A_changed_suggestion_codes_the_segment_with_the_other_code_only()
    {
        var (store, hijra) = await CorpusAsync();

        await store.RecordReviewAsync(new ReviewDecisionDraft(hijra, ReviewVerdict.Changed, Reviewer, new CodeId("join.syria-conflict"), "1.0"), default);

        (await store.GetCodingsAsync(new SourceId("s2"), default)).Where(coding => coding.Coder == Reviewer)
            .Select(coding => coding.Code).ShouldBe([new CodeId("join.syria-conflict")]);
        (await store.GetReviewDecisionsAsync(default)).ShouldHaveSingleItem().NewCode.ShouldBe(new CodeId("join.syria-conflict"));
    }

    [Fact]
    public async Task A_rejection_outlives_the_machine_run_that_made_the_suggestion()
    {
        var (store, hijra) = await CorpusAsync();
        await store.RecordReviewAsync(new ReviewDecisionDraft(hijra, ReviewVerdict.Rejected, Reviewer, null, "1.0"), default);

        await store.ReplaceCodingsAsync(
            "lexicon",
            [new SourceCodings(new SourceId("s2"), [Span(Corpus.SecondText, Corpus.Hijra, "c3", By(Lexicon with { Version = "1.3" }, "join.faith-ideology", 0.7))])],
            default);

        (await store.GetMachineSuggestionsAsync(default)).ShouldBeEmpty();
        (await store.GetCodingsAsync(new SourceId("s2"), default)).ShouldNotContain(coding => coding.Coder == Reviewer);
        (await store.GetReviewDecisionsAsync(default)).ShouldHaveSingleItem().Verdict.ShouldBe(ReviewVerdict.Rejected);
    }

    [Fact]
    public async Task Deciding_a_span_and_code_twice_is_a_conflict_that_writes_nothing()
    {
        var (store, hijra) = await CorpusAsync();
        await store.RecordReviewAsync(new ReviewDecisionDraft(hijra, ReviewVerdict.Rejected, Reviewer, null, "1.0"), default);
        var audit = (await store.GetAuditAsync(default)).Count;

        var error = await Should.ThrowAsync<UserErrorException>(
            () => store.RecordReviewAsync(new ReviewDecisionDraft(hijra, ReviewVerdict.Accepted, Reviewer, null, "1.0"), default));

        error.Kind.ShouldBe(UserErrorKind.Conflict);
        error.Message.ShouldBe($"source 's2' [{hijra.Segment.Start}, {hijra.Segment.End}) code 'join.faith-ideology' was already reviewed");
        (await store.GetAuditAsync(default)).Count.ShouldBe(audit);
        (await store.GetCodingsAsync(new SourceId("s2"), default)).ShouldNotContain(coding => coding.Coder == Reviewer);
    }
}
