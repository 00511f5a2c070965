using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using DefectorLens.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>What is particular to SQLite project files: errors about files, migrations, backups, pragmas and logs.</summary>
public sealed class SqliteProjectFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeClock _clock = new(new DateTimeOffset(2015, 9, 30, 12, 0, 0, TimeSpan.Zero));

    private string ProjectPath => _directory.File("project.dlens");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Creating_a_project_where_a_file_exists_is_a_conflict_and_leaves_the_file_alone()
    {
        await File.WriteAllTextAsync(ProjectPath, "my notes");

        var error = await Should.ThrowAsync<UserErrorException>(() => Provider().CreateAsync(ProjectPath, "P", Codebook(), default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Conflict, $"{ProjectPath}: a project already exists here"));
        (await File.ReadAllTextAsync(ProjectPath)).ShouldBe("my notes");
    }

    [Fact]
    public async Task Creating_a_project_makes_the_missing_directories()
    {
        var path = _directory.File(Path.Combine("new", "deeper", "project.dlens"));

        await using (var store = await Provider().CreateAsync(path, "P", Codebook(), default))
        {
            (await store.GetInfoAsync(default)).Name.ShouldBe("P");
        }

        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public async Task Creating_a_project_with_an_invalid_codebook_leaves_no_file()
    {
        var invalid = Codebook() with { Codes = [] };

        var error = await Should.ThrowAsync<UserErrorException>(() => Provider().CreateAsync(ProjectPath, "P", invalid, default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.InvalidInput, "codebook icsr-2015 is not valid: codebook has no codes"));
        File.Exists(ProjectPath).ShouldBeFalse();
    }

    [Fact]
    public async Task Opening_a_missing_file_is_not_found()
    {
        var error = await Should.ThrowAsync<UserErrorException>(() => Provider().OpenAsync(ProjectPath, default));

        error.Kind.ShouldBe(UserErrorKind.NotFound);
        error.Message.ShouldBe($"{ProjectPath}: no DefectorLens project here (create one with 'dlens init', or pass --project PATH)");
        File.Exists(ProjectPath).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("id,pseudonym\nc1,Abu Ahmad\n")]
    [InlineData("SQLite format 3\0 but not really a database, only text pretending to be one; long enough to pass the header check. " +
        "SQLite reads a page size from these bytes and finds nonsense there.")]
    public async Task Opening_a_file_that_is_not_SQLite_is_not_a_project_and_leaves_it_alone(string content)
    {
        await File.WriteAllTextAsync(ProjectPath, content);

        var error = await Should.ThrowAsync<UserErrorException>(() => Provider().OpenAsync(ProjectPath, default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.IncompatibleProject, $"{ProjectPath}: not a DefectorLens project file"));
        (await File.ReadAllTextAsync(ProjectPath)).ShouldBe(content);
    }

    [Fact]
    public async Task Opening_another_applications_SQLite_database_is_not_a_project_and_leaves_it_alone()
    {
        await using (var other = Raw(ProjectPath, SqliteOpenMode.ReadWriteCreate))
        {
            await other.OpenAsync();
            await ExecuteAsync(other, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x')");
        }

        var before = await File.ReadAllBytesAsync(ProjectPath);

        var error = await Should.ThrowAsync<UserErrorException>(() => Provider().OpenAsync(ProjectPath, default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.IncompatibleProject, $"{ProjectPath}: not a DefectorLens project file"));
        (await File.ReadAllBytesAsync(ProjectPath)).ShouldBe(before);
        File.Exists(ProjectPath + ".v0.bak").ShouldBeFalse();
    }

    [Fact]
    public async Task Opening_a_project_written_by_a_newer_dlens_is_incompatible()
    {
        await (await Provider().CreateAsync(ProjectPath, "P", Codebook(), default)).DisposeAsync();
        await using (var raw = Raw(ProjectPath))
        {
            await raw.OpenAsync();
            await ExecuteAsync(raw, "PRAGMA user_version = 99");
        }

        var error = await Should.ThrowAsync<UserErrorException>(() => Provider().OpenAsync(ProjectPath, default));

        error.Kind.ShouldBe(UserErrorKind.IncompatibleProject);
        error.Message.ShouldBe(
            $"{ProjectPath}: project schema version 99 is newer than this dlens supports ({SqliteSchema.SchemaVersion}); upgrade dlens");
    }

    [Fact]
    public async Task A_version_1_project_is_backed_up_then_upgraded_in_place_with_its_data_searchable()
    {
        await using (var old = await Provider().CreateAsync(ProjectPath, "Old project", Codebook(), schemaVersion: 1, default))
        {
            await old.ImportAsync(Corpus.Batch(), default);
        }

        (await UserVersionAsync(ProjectPath)).ShouldBe(1);
        _clock.Advance(TimeSpan.FromDays(365));

        await using var store = await Provider().OpenAsync(ProjectPath, default);

        var backup = ProjectPath + ".v1.bak";
        File.Exists(backup).ShouldBeTrue();
        (await UserVersionAsync(backup)).ShouldBe(1);
        (await TableExistsAsync(backup, "source_text")).ShouldBeFalse();
        (await UserVersionAsync(ProjectPath)).ShouldBe(SqliteSchema.SchemaVersion);
        var info = await store.GetInfoAsync(default);
        (info.Name, info.SchemaVersion, info.Cases, info.Sources, info.Segments, info.Codings)
            .ShouldBe(("Old project", SqliteSchema.SchemaVersion, 3, 2, 4, 5));
        (await store.GetSourceAsync(new SourceId("s2"), default))!.Text.ShouldBe(Corpus.SecondText);
        (await store.SearchAsync("hijra", 10, default)).ShouldHaveSingleItem().Source.ShouldBe(new SourceId("s2"));
        await store.ImportAsync(Batch("new.jsonl", [], [Record(Source("s3", "A later hijra story."))]), default);
        (await store.SearchAsync("hijra", 10, default)).Count.ShouldBe(2);
        var migration = (await store.GetAuditAsync(default)).Single(e => e.Action == "schema.migrate");
        (migration.At, migration.Subject).ShouldBe((_clock.GetUtcNow(), $"schema 1 to {SqliteSchema.SchemaVersion}, backup project.dlens.v1.bak"));
    }

    [Fact]
    public async Task An_upgrade_never_overwrites_an_earlier_backup()
    {
        await (await Provider().CreateAsync(ProjectPath, "Old project", Codebook(), schemaVersion: 1, default)).DisposeAsync();
        await File.WriteAllTextAsync(ProjectPath + ".v1.bak", "an earlier backup");

        await (await Provider().OpenAsync(ProjectPath, default)).DisposeAsync();

        (await File.ReadAllTextAsync(ProjectPath + ".v1.bak")).ShouldBe("an earlier backup");
        (await UserVersionAsync(ProjectPath + ".v1.2.bak")).ShouldBe(1);
    }

    [Fact]
    public async Task A_current_project_opens_without_a_backup()
    {
        await (await Provider().CreateAsync(ProjectPath, "P", Codebook(), default)).DisposeAsync();

        await (await Provider().OpenAsync(ProjectPath, default)).DisposeAsync();

        Directory.GetFiles(_directory.Path).Select(Path.GetFileName).ShouldBe(["project.dlens"]);
    }

    [Fact]
    public async Task The_project_file_uses_write_ahead_logging()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);
        await using var raw = Raw(ProjectPath);
        await raw.OpenAsync();

        (await ScalarAsync(raw, "PRAGMA journal_mode")).ShouldBe("wal");
    }

    [Fact]
    public async Task A_new_project_has_16_KB_pages_so_that_a_typical_text_fits_one()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);
        await using var raw = Raw(ProjectPath);
        await raw.OpenAsync();

        (await ScalarAsync(raw, "PRAGMA page_size")).ShouldBe(16384L);
    }

    [Fact]
    public async Task A_long_import_starts_the_write_ahead_log_over_instead_of_growing_it_and_loses_nothing()
    {
        const int groups = 96, perGroup = 2;
        var words = new[] { "checkpoint", "smuggler", "salary", "border", "commander", "recruit", "family", "camp", "trial", "defector" };
        string Text(int n) => $"Testimony {n} of a smuggler. " + string.Join(' ', Enumerable.Range(0, 6_000).Select(i => words[(i * 7 + n) % words.Length] + (i % 97)));
        long LogBytes() => new FileInfo(ProjectPath + "-wal").Length;
        var logAfterAQuarter = 0L;
        await using (var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            for (var group = 0; group < groups; group++)
            {
                var files = Enumerable.Range(0, perGroup).Select(i => group * perGroup + i).Select(n => new IngestedFile(
                    Batch($"f{n}.txt", [], [Record(Source($"s{n}", Text(n)))]), $"hash-{n}", [], [])).ToList();
                await store.IngestAsync(files, default);
                logAfterAQuarter = group == (groups / 4) - 1 ? LogBytes() : logAfterAQuarter;
            }

            // A log never started over holds every page written: four times as much at the end as after a quarter.
            LogBytes().ShouldBeLessThan(logAfterAQuarter * 3 / 2);
        }

        await using var reopened = await Provider().OpenAsync(ProjectPath, default);
        (await reopened.GetSourcesAsync(default)).Count.ShouldBe(groups * perGroup);
        (await reopened.SearchAsync("smuggler", groups * perGroup + 1, default)).Count.ShouldBe(groups * perGroup);
    }

    [Fact]
    public async Task Original_files_are_kept_once_per_content_hash()
    {
        var pdf = Encoding.UTF8.GetBytes("%PDF-1.7 the same court record");
        var other = Encoding.UTF8.GetBytes("%PDF-1.7 another record");
        SourceRecord WithOriginal(string id, byte[] bytes, string fileName) =>
            new(Source(id, $"Text of {id}."), [], new OriginalFile(Hash(bytes), fileName, bytes));
        await using (var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(Batch("a.pdf", [], [WithOriginal("s1", pdf, "a.pdf"), WithOriginal("s2", other, "b.pdf")]), default);
            await store.ImportAsync(Batch("copy.pdf", [], [WithOriginal("s3", pdf, "copy-of-a.pdf")]), default);
        }

        await using var raw = Raw(ProjectPath);
        await raw.OpenAsync();
        (await ScalarAsync(raw, "SELECT count(*) FROM originals")).ShouldBe(2L);
        (await ScalarAsync(raw, "SELECT file_name FROM originals WHERE hash = $value", Hash(pdf))).ShouldBe("a.pdf");
        (await ScalarAsync(raw, "SELECT bytes FROM originals WHERE hash = $value", Hash(pdf))).ShouldBe(pdf);
    }

    [Fact]
    public async Task A_saved_page_is_kept_deflated_and_inflates_to_its_own_bytes_while_a_pdf_or_a_short_note_is_kept_as_it_is()
    {
        var page = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>He said the checkpoints were everywhere.</p>\n", 200)));
        var pdf = Encoding.UTF8.GetBytes("%PDF-1.7 " + new string('x', 4_000));
        var note = Encoding.UTF8.GetBytes("Kept.");
        SourceRecord WithOriginal(string id, byte[] bytes, string fileName) =>
            new(Source(id, $"Text of {id}."), [], new OriginalFile(Hash(bytes), fileName, bytes));
        await using (var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(Batch("mixed", [], [WithOriginal("s1", page, "page.html"), WithOriginal("s2", pdf, "r.pdf"), WithOriginal("s3", note, "n.txt")]), default);
        }

        await using var raw = Raw(ProjectPath);
        await raw.OpenAsync();
        var stored = (byte[])(await ScalarAsync(raw, "SELECT bytes FROM originals WHERE hash = $value", Hash(page)))!;
        (await ScalarAsync(raw, "SELECT compression FROM originals WHERE hash = $value", Hash(page))).ShouldBe("deflate");
        stored.Length.ShouldBeLessThan(page.Length / 4);
        using (var inflate = new System.IO.Compression.DeflateStream(new MemoryStream(stored), System.IO.Compression.CompressionMode.Decompress))
        using (var inflated = new MemoryStream())
        {
            await inflate.CopyToAsync(inflated);
            inflated.ToArray().ShouldBe(page);
        }

        foreach (var asItIs in new[] { pdf, note })
        {
            (await ScalarAsync(raw, "SELECT compression FROM originals WHERE hash = $value", Hash(asItIs))).ShouldBeNull();
            (await ScalarAsync(raw, "SELECT bytes FROM originals WHERE hash = $value", Hash(asItIs))).ShouldBe(asItIs);
        }
    }

    [Fact]
    public async Task The_audit_log_cannot_be_rewritten()
    {
        await (await Provider().CreateAsync(ProjectPath, "P", Codebook(), default)).DisposeAsync();
        await using var raw = Raw(ProjectPath);
        await raw.OpenAsync();

        var update = await Should.ThrowAsync<SqliteException>(() => ExecuteAsync(raw, "UPDATE audit SET actor = 'someone else'"));
        var delete = await Should.ThrowAsync<SqliteException>(() => ExecuteAsync(raw, "DELETE FROM audit"));

        update.Message.ShouldContain("the audit log is append-only");
        delete.Message.ShouldContain("the audit log is append-only");
    }

    [Fact]
    public async Task Logs_carry_ids_and_counts_but_never_identity_values_or_testimony()
    {
        using var logs = new CapturingLoggerFactory();
        var provider = new SqliteStoreProvider(_clock, logs, "analyst-a", KeyFiles.InDirectory(_directory.File("keys")));
        await using (var store = await provider.CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(Corpus.Batch(), default);
            await store.GetIdentityAsync(new CaseId("c1"), default);
            await store.ReplaceCodingsAsync("lexicon", [], default);
            await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(
                Batch("again.csv", [new CaseRecord(FullCase("c1"), Identity("c1"))], []), default));
        }

        logs.Lines.Select(line => line.Id.Id).ShouldBe([1001, 1006, 1008, 1007, 1011]);
        logs.Lines.Single(line => line.Id.Id == 1006).Message.ShouldStartWith("Imported 3 cases, 2 sources, 4 segments and 5 codings in ");
        logs.Lines.Single(line => line.Id.Id == 1008).Message.ShouldBe("Identity of case c1 viewed");
        var identity = Identity("c1");
        var secrets = new[] { identity.RealName!, identity.Contact!, identity.ExactLocation!, identity.Notes!, "Abu Secret", "Abu Ahmad", "executed", "hijra" };
        foreach (var (_, message) in logs.Lines)
        {
            secrets.ShouldAllBe(secret => !message.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Ten_thousand_sources_import_in_one_batch_and_their_machine_codings_are_replaced_in_one_call()
    {
        const int Sources = 10_000;
        var cases = Enumerable.Range(0, 1_000).Select(i => WithoutIdentity(PlainCase($"c{i:D4}"))).ToList();
        var sentence = "He said that the emirs took the best houses and executed those who complained, so he left. ";
        var records = Enumerable.Range(0, Sources).Select(i =>
        {
            var text = $"Testimony {i}. " + string.Concat(Enumerable.Repeat(sentence, 6));
            return Record(
                Source($"s{i:D5}", text, $"c{i % 1_000:D4}"),
                new SegmentDraft(0, 40, null, [By(AnalystA, "leave.corruption")]),
                new SegmentDraft(40, 200, new CaseId($"c{i % 1_000:D4}"), [By(AnalystA, "leave.brutality"), By(Lexicon, "leave.brutality", 0.8, "en:\"execut*\"")]));
        }).ToList();
        var recoding = Enumerable.Range(0, Sources).Select(i => new SourceCodings(
            new SourceId($"s{i:D5}"),
            [
                new SegmentDraft(40, 200, new CaseId($"c{i % 1_000:D4}"), [By(Lexicon, "leave.brutality", 0.9, "en:\"execut*\"")]),
                new SegmentDraft(200, 300, null, [By(Lexicon, "leave.corruption", 0.7, "en:\"emir*\""), By(Lexicon, "join.faith-ideology", 0.1)]),
            ])).ToList();
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);

        await store.ImportAsync(Batch("big.jsonl", cases, records), default);
        var stored = await store.ReplaceCodingsAsync("lexicon", recoding, default);

        stored.ShouldBe(3 * Sources);
        var info = await store.GetInfoAsync(default);
        (info.Sources, info.Segments, info.Codings).ShouldBe((Sources, 3 * Sources, 5 * Sources));
    }

    [Fact]
    public async Task Sources_can_be_streamed_while_another_connection_writes()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);
        await store.ImportAsync(Corpus.Batch(), default);

        var read = new List<string>();
        await foreach (var source in store.ReadSourcesAsync(default))
        {
            read.Add(source.Id.Value);
            if (read.Count == 1)
            {
                await store.AddMemoAsync(new Memo(MemoTarget.Source, source.Id.Value, "analyst-a", "Read it.", _clock.GetUtcNow()), default);
            }
        }

        read.ShouldBe(["s1", "s2"]);
        (await store.GetMemosAsync(default)).ShouldHaveSingleItem();
    }

    private SqliteStoreProvider Provider() => new(_clock, NullLoggerFactory.Instance, "analyst-a", KeyFiles.InDirectory(_directory.File("keys")));

    private static SqliteConnection Raw(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());

    private static async Task<int> UserVersionAsync(string path)
    {
        await using var raw = Raw(path);
        await raw.OpenAsync();
        return Convert.ToInt32(await ScalarAsync(raw, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> TableExistsAsync(string path, string table)
    {
        await using var raw = Raw(path);
        await raw.OpenAsync();
        return (long)(await ScalarAsync(raw, "SELECT count(*) FROM sqlite_master WHERE name = $value", table))! > 0;
    }

    // Through the store's own Statement: values are bound as parameters, never written into SQL.
    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var statement = new Statement(connection, null, sql);
        await statement.ExecuteAsync(default);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, string? value = null)
    {
        await using var statement = value is null ? new Statement(connection, null, sql) : new Statement(connection, null, sql, "$value");
        return value is null ? await statement.ScalarAsync(default) : await statement.ScalarAsync(default, value);
    }
}
