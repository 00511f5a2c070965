using System.Collections.Immutable;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Contract;

/// <summary>What every project store must do for ingestion: files imported, fingerprints, duplicate links and pages.</summary>
public abstract class IngestionContract(Func<IStoreHarness> createHarness) : StoreContract(createHarness)
{
    private static readonly ImmutableArray<ulong> Signature = [.. Enumerable.Range(1, 32).Select(i => (ulong)i * 0x9E3779B97F4A7C15UL)];

    private Task<IProjectStore> NewAsync() => NewAsync("Ingestion", Codebook());

    private static IngestedFile File(string origin, string fileHash, params (string Id, string Text, string? Original)[] sources) => new(
        Batch(origin, [], sources.Select(s => Record(Source(s.Id, s.Text)) with { PageStarts = s.Id == "paged" ? [0, 10] : [] })),
        fileHash,
        [.. sources.Select(s => new SourceFingerprint(new SourceId(s.Id), Hash(s.Text), Signature))],
        [.. sources.Where(s => s.Original is not null).Select(s => new DuplicateLink(new SourceId(s.Id), new SourceId(s.Original!), DuplicateKind.Near, 0.875))]);

    [Fact]
    public async Task An_ingested_file_keeps_its_hash_fingerprints_links_and_pages_across_a_reopen()
    {
        var store = await NewAsync();
        await store.IngestAsync([File("a.txt", "hash-a", ("original", "The story as first told.", null))], default);
        await store.IngestAsync([File("b.html", "hash-b", ("copy", "The story as told again.", "original")), File("c.pdf", "hash-c", ("paged", "Page one. Page two.", null))], default);

        var reopened = await ReopenAsync(store);
        var state = await reopened.GetIngestionStateAsync(default);

        state.Files.ShouldBe(["hash-a", "hash-b", "hash-c", .. new[] { "The story as first told.", "The story as told again.", "Page one. Page two." }.Select(Hash)], ignoreOrder: true);
        state.Fingerprints.Select(f => (f.Source.Value, f.TextHash)).ShouldBe(
            [("copy", Hash("The story as told again.")), ("original", Hash("The story as first told.")), ("paged", Hash("Page one. Page two."))]);
        state.Fingerprints.ShouldAllBe(f => f.MinHash.SequenceEqual(Signature));
        var link = new DuplicateLink(new SourceId("copy"), new SourceId("original"), DuplicateKind.Near, 0.875);
        state.Duplicates.ShouldBe([link]);
        (await reopened.GetDuplicatesAsync(default)).ShouldBe([link]);
        (await reopened.GetSourcesAsync(default)).Select(s => (s.Id.Value, s.DuplicateOf?.Value)).ShouldBe(
            [("copy", "original"), ("original", null), ("paged", null)]);
        (await reopened.GetPageStartsAsync(new SourceId("paged"), default)).ShouldBe([0, 10]);
        (await reopened.GetPageStartsAsync(new SourceId("copy"), default)).ShouldBeEmpty();
        (await reopened.GetAuditAsync(default)).Count(e => e.Action == "import").ShouldBe(3, "one audit event per file, even when files share a transaction");
    }

    [Fact]
    public async Task A_group_of_files_with_a_conflict_stores_none_of_them_not_even_their_hashes()
    {
        var store = await NewAsync();
        await store.IngestAsync([File("a.txt", "hash-a", ("s1", "First text.", null))], default);

        var conflict = await Should.ThrowAsync<UserErrorException>(() =>
            store.IngestAsync([File("b.txt", "hash-b", ("s2", "Second.", null)), File("c.txt", "hash-c", ("s1", "Again.", null))], default));

        conflict.Kind.ShouldBe(UserErrorKind.Conflict);
        var state = await store.GetIngestionStateAsync(default);
        state.Files.ShouldNotContain("hash-b", "the files of a transaction are stored together or not at all");
        state.Fingerprints.Select(f => f.Source.Value).ShouldBe(["s1"]);
        (await store.GetInfoAsync(default)).Sources.ShouldBe(1);
    }

    [Fact]
    public async Task Every_source_of_an_ingested_group_is_found_by_search_and_a_refused_group_leaves_none_in_the_index()
    {
        var store = await NewAsync();
        await store.IngestAsync([File("a.txt", "hash-a", ("s1", "Smugglers at the border.", null))], default);
        await store.IngestAsync([File("b.txt", "hash-b", ("s2", "Smugglers charged dollars.", null)), File("c.txt", "hash-c", ("s3", "A checkpoint of smugglers.", null))], default);
        await Should.ThrowAsync<UserErrorException>(() =>
            store.IngestAsync([File("d.txt", "hash-d", ("s4", "Smugglers again.", null)), File("e.txt", "hash-e", ("s1", "Smugglers repeated.", null))], default));

        var hits = await store.SearchAsync("smugglers", 10, default);

        hits.Select(hit => hit.Source.Value).ShouldBe(["s1", "s2", "s3"], ignoreOrder: true);
    }
}
