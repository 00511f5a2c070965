using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Contract;

/// <summary>What every project store must do with a whole project brought from another tool: its codebook and memos in the same import.</summary>
public abstract class ExchangeContract(Func<IStoreHarness> createHarness) : StoreContract(createHarness)
{
    private Task<IProjectStore> NewAsync() => NewAsync("Exchange", Codebook());

    private static ImportBatch Batch(string text) => new(
        "study.qdpx",
        [new CaseRecord(PlainCase("c1"), null)],
        [new SourceRecord(Source("s1", text, "c1"), [new SegmentDraft(0, 4, null, [new CodingDraft(new CodeId("leave.brutality2"), AnalystA, "2.0", null, null)]) { Memos = [new Memo(MemoTarget.Segment, "", "analyst-b", "On the span.", Start)] }], null)])
    {
        Codebook = Codebook("2.0") with { Codes = [.. Codebook().Codes, Code("leave.brutality2", "Brutality, second reading")] },
        Memos = [new Memo(MemoTarget.Case, "c1", "analyst-b", "On the case.", Start), new Memo(MemoTarget.Project, "", "analyst-a", "On the project.", Start)],
    };

    [Fact]
    public async Task An_import_stores_the_codebook_it_brings_as_the_current_version_and_its_memos_with_segment_memos_on_their_segments()
    {
        var store = await NewAsync();

        await store.ImportAsync(Batch("They executed a boy."), default);

        var codebook = await store.GetCodebookAsync(default);
        (codebook.Version, codebook.Codes[^1].Id.Value).ShouldBe(("2.0", "leave.brutality2"));
        var segment = (await store.GetSegmentsAsync(new SourceId("s1"), default)).Single();
        (await store.GetMemosAsync(default)).Select(memo => (memo.Target, memo.TargetId, memo.Text)).OrderBy(m => m.Text, StringComparer.Ordinal).ShouldBe(
        [
            (MemoTarget.Case, "c1", "On the case."), (MemoTarget.Project, "", "On the project."), (MemoTarget.Segment, segment.Id.ToString(), "On the span."),
        ]);
    }

    [Fact]
    public async Task An_import_that_fails_stores_neither_its_codebook_nor_its_memos()
    {
        var store = await NewAsync();
        await store.ImportAsync(new ImportBatch("first", [new CaseRecord(PlainCase("c1"), null)], []), default);
        var before = await store.GetCodebookAsync(default);

        var refused = await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(Batch("They executed a boy."), default));

        refused.Kind.ShouldBe(UserErrorKind.Conflict);
        (await store.GetCodebookAsync(default)).Version.ShouldBe(before.Version);
        (await store.GetMemosAsync(default)).ShouldBeEmpty();
    }
}
