using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using DefectorLens.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>What is particular to the SQLite analysis summary: the upgrade that builds it and writes that bypass the store's API.</summary>
public sealed class SqliteAnalysisSummaryTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeClock _clock = new(new DateTimeOffset(2015, 9, 30, 12, 0, 0, TimeSpan.Zero));

    private string ProjectPath => _directory.File("project.dlens");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Upgrading_a_version_5_project_builds_the_summary_of_what_it_already_holds()
    {
        await using (var old = await Provider().CreateAsync(ProjectPath, "Old project", Codebook(), schemaVersion: 5, default))
        {
            await old.ImportAsync(Corpus.Batch(), default);
            await old.ImportAsync(Batch("again.jsonl", [WithoutIdentity(PlainCase("c4"))], [Record(Source("s3", Corpus.SecondText, "c4"), Span(Corpus.SecondText, Corpus.Hijra, null, By(AnalystB, "join.faith-ideology")))]), default);
        }

        await using var store = await Provider().OpenAsync(ProjectPath, default);

        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        (facts.Cases.Count, facts.SourceCount, facts.SegmentCount, facts.CodingCodes.Length).ShouldBe((4, 3, 5, 6));
        facts.SourceCodeRows(CodingFilter.All).ShouldBe(await store.GetSourceCodesAsync(CodingFilter.All, default), ignoreOrder: true);
        facts.SharedSegmentCodeRows().ShouldBe(await store.GetSharedSegmentCodesAsync(default), ignoreOrder: true);
        (await StaleRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_write_made_with_plain_SQL_is_summarised_by_the_next_write_of_the_store()
    {
        await using (var store = await Provider().CreateAsync(ProjectPath, "Project", Codebook(), default))
        {
            await store.ImportAsync(Corpus.Batch(), default);
        }

        await using (var raw = Raw())
        {
            await raw.OpenAsync();
            await using var delete = raw.CreateCommand();
            delete.CommandText = "DELETE FROM codings WHERE code_id = 'leave.corruption'";
            (await delete.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        (await StaleRowsAsync()).ShouldBe(1);
        await using var reopened = await Provider().OpenAsync(ProjectPath, default);
        await reopened.RecordAsync("report", "after a manual repair", default);

        (await StaleRowsAsync()).ShouldBe(0);
        var facts = await reopened.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        facts.SourceCodeRows(CodingFilter.All).ShouldBe(await reopened.GetSourceCodesAsync(CodingFilter.All, default), ignoreOrder: true);
        facts.SourceCodeRows(CodingFilter.All).ShouldNotContain(row => row.Code == new CodeId("leave.corruption"));
    }

    [Fact]
    public async Task The_first_read_keeps_the_rows_it_read_and_the_next_read_gives_the_same_facts_from_them()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "Project", Codebook(), default);
        await store.ImportAsync(Corpus.Batch(), default);
        (await CacheRowsAsync()).ShouldBe(0);

        var read = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        (await CacheRowsAsync()).ShouldBe(4);
        var cached = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);

        Picture(cached).ShouldBe(Picture(read));
        cached.SourceCodeRows(CodingFilter.All).ShouldBe(await store.GetSourceCodesAsync(CodingFilter.All, default), ignoreOrder: true);
    }

    [Fact]
    public async Task Kept_rows_longer_than_one_read_of_the_cache_come_back_whole_and_in_order()
    {
        // The kept rows are read a chunk of 256 KB at a time: 12,000 cases and sources take several chunks on each core, and
        // one source coded 40,000 times is a row longer than a chunk.
        const string word = "crossed ";
        var longText = string.Concat(Enumerable.Repeat(word, 40_000));
        var cases = Enumerable.Range(0, 12_000).Select(i => WithoutIdentity(PlainCase($"c{i:D5}", $"Case number {i}")));
        var sources = Enumerable.Range(0, 12_000)
            .Select(i => Record(Source($"s{i:D5}", $"Source {i}: \"I left in {2013 + (i % 4)}.\"", $"c{i:D5}"), Span($"Source {i}: \"I left in {2013 + (i % 4)}.\"", "I left", $"c{i:D5}", By(AnalystA, "leave.brutality"))))
            .Append(Record(
                Source("s-long", longText, "c00000"),
                [.. Enumerable.Range(0, 40_000).Select(i => new SegmentDraft(i * word.Length, (i * word.Length) + word.Length - 1, new CaseId("c00000"), [By(AnalystA, i % 2 == 0 ? "leave.brutality" : "leave.corruption")]))]));
        await using var store = await Provider().CreateAsync(ProjectPath, "Project", Codebook(), default);
        await store.ImportAsync(Batch("many.jsonl", cases, sources), default);

        var read = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
        (await CacheRowsAsync()).ShouldBe(4);
        var cached = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);

        (cached.Cases.Count, cached.SourceCount, cached.SegmentCount).ShouldBe((12_000, 12_001, 52_000));
        Picture(cached).ShouldBe(Picture(read));
    }

    [Fact]
    public async Task Every_change_to_cases_links_or_codings_drops_the_kept_rows_so_the_next_read_sees_the_change()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "Project", Codebook(), default);
        await store.ImportAsync(Corpus.Batch(), default);
        Func<Task>[] changes =
        [
            () => store.ImportAsync(Batch("more.jsonl", [WithoutIdentity(PlainCase("c9", "Newcomer"))], [Record(Source("s9", "A new story.", "c9"))]), default),
            // A source about no case changes no case row: only the summary's refresh can drop the kept rows.
            () => store.ImportAsync(Batch("unlinked.jsonl", [], [Record(Source("s10", "A story about nobody yet."))]), default),
            () => store.ReplaceCodingsAsync(
                "model", [new SourceCodings(new SourceId("s1"), [Span(Corpus.FirstText, "crossed at night", null, By(Model, "leave.corruption", 0.9, "x"))])], default),
            () => RawAsync("UPDATE cases SET pseudonym = 'Renamed', nationality = 'Tunisian' WHERE id = 'c9'"),
            async () =>
            {
                // A link removed with plain SQL reaches the summary, and so drops the kept rows, with the store's next write.
                await RawAsync("DELETE FROM source_cases WHERE source_id = 's9'");
                await store.RecordAsync("report", "after a manual repair", default);
            },
        ];

        foreach (var change in changes)
        {
            await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
            (await CacheRowsAsync()).ShouldBe(4);

            await change();

            (await CacheRowsAsync()).ShouldBe(0);
            var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);
            facts.SourceCodeRows(CodingFilter.All).ShouldBe(await store.GetSourceCodesAsync(CodingFilter.All, default), ignoreOrder: true);
            facts.CaseSourceRows().Select(row => (row.Case, row.Source)).ShouldBe(
                (await store.GetCaseSourcesAsync(default)).Select(row => (row.Case, row.Source)), ignoreOrder: true);
            facts.Cases.Select(Describe).ShouldBe((await store.GetCasesAsync(default)).Select(Describe));
        }

        var last = await store.GetAnalysisFactsAsync(withSegmentDetails: false, default);
        last.Cases.Single(c => c.Id == new CaseId("c9")).ShouldSatisfyAllConditions(
            c => c.Pseudonym.ShouldBe("Renamed"), c => c.Attributes.Nationality.ShouldBe("Tunisian"));
    }

    [Theory]
    [InlineData("UPDATE analysis_cache SET format = 99")]
    [InlineData("UPDATE analysis_cache SET data = zeroblob(8) WHERE part = 4")]
    [InlineData("DELETE FROM analysis_cache WHERE part = 1")]
    public async Task Kept_rows_of_another_format_or_damaged_are_read_as_none(string damage)
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "Project", Codebook(), default);
        await store.ImportAsync(Corpus.Batch(), default);
        var read = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);

        await RawAsync(damage);

        Picture(await store.GetAnalysisFactsAsync(withSegmentDetails: true, default)).ShouldBe(Picture(read));
        (await CacheRowsAsync()).ShouldBe(4);
    }

    [Fact]
    public async Task A_read_while_another_writer_holds_the_file_answers_at_once_without_keeping_its_rows()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "Project", Codebook(), default);
        await store.ImportAsync(Corpus.Batch(), default);
        await using var writer = Raw();
        await writer.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var started = TimeProvider.System.GetTimestamp();
        var facts = await store.GetAnalysisFactsAsync(withSegmentDetails: true, default);

        // The store waits 5 s for a busy writer elsewhere; keeping the rows must not.
        TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(4));
        facts.SourceCount.ShouldBe(2);
        await using (var rollback = writer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        (await CacheRowsAsync()).ShouldBe(0);
    }

    private static string Describe(Core.Model.Case c) => $"{c.Id.Value}:{c.Pseudonym}:{c.Attributes with { Extra = Core.Model.CaseAttributes.Empty.Extra }}:{string.Join(",", c.Attributes.Extra)}";

    // What a statistic reads of the facts, as values that compare by content.
    private static string Picture(AnalysisFacts facts) => string.Join(
        "\n",
        string.Join(",", facts.Cases.Select(c => $"{c.Id.Value}:{c.Pseudonym}:{c.Attributes.Consent}:{c.Attributes.Defected}")),
        string.Join(",", facts.SourceIds.Select(id => id.Value)), string.Join(",", facts.Outlets), string.Join(",", facts.Published),
        string.Join(",", facts.Documents), string.Join(",", facts.SourceCaseStart), string.Join(",", facts.SourceCases),
        string.Join(",", facts.SourceSegmentStart), string.Join(",", facts.SegmentIds), string.Join(",", facts.SegmentSpeakers),
        string.Join(",", facts.SegmentStarts), string.Join(",", facts.SegmentEnds), string.Join(",", facts.SegmentCodingStart),
        string.Join(",", facts.CodingCoders), string.Join(",", facts.CodingCodes), string.Join(",", facts.CodingPeople),
        string.Join(",", facts.CodingConfidences), string.Join(",", facts.Coders), string.Join(",", facts.Codes));

    private SqliteStoreProvider Provider() => new(_clock, NullLoggerFactory.Instance, "analyst-a", KeyFiles.InDirectory(_directory.File("keys")));

    private SqliteConnection Raw() => new(new SqliteConnectionStringBuilder { DataSource = ProjectPath, Pooling = false }.ToString());

    private Task<long> StaleRowsAsync() => RawAsync("SELECT count(*) FROM source_facts_stale");

    private Task<long> CacheRowsAsync() => RawAsync("SELECT count(*) FROM analysis_cache");

    /// <summary>Runs SQL on the file past the store, as a repair by hand would, and gives its first value as a number (0 for none).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Constant SQL from the tests.")]
    private async Task<long> RawAsync(string sql)
    {
        await using var connection = Raw();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() is long value ? value : 0;
    }
}
