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

    private SqliteStoreProvider Provider() => new(_clock, NullLoggerFactory.Instance, "analyst-a", KeyFiles.InDirectory(_directory.File("keys")));

    private SqliteConnection Raw() => new(new SqliteConnectionStringBuilder { DataSource = ProjectPath, Pooling = false }.ToString());

    private async Task<long> StaleRowsAsync()
    {
        await using var connection = Raw();
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM source_facts_stale";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
