using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Ingestion: files already imported, source fingerprints, duplicate links and page starts.</summary>
internal sealed partial class SqliteProjectStore
{
    private const string InsertImportedFile = """
        INSERT INTO imported_files (hash, origin, imported_at) VALUES ($hash, $origin, $at) ON CONFLICT (hash) DO NOTHING
        """;

    private const string InsertFingerprint = "INSERT INTO source_fingerprints (source_id, text_hash, minhash) VALUES ($source, $text, $minhash)";

    private const string InsertDuplicate = """
        INSERT INTO source_duplicates (source_id, original_id, kind, similarity) VALUES ($source, $original, $kind, $similarity)
        """;

    private const string InsertPage = "INSERT INTO source_pages (source_id, page, start_offset) VALUES ($source, $page, $start)";

    /// <inheritdoc />
    public async Task<IngestionState> GetIngestionStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        var files = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = new Statement(connection, snapshot, "SELECT hash FROM imported_files UNION SELECT content_hash FROM sources"))
        await using (var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                files.Add(reader.GetString(0));
            }
        }

        var fingerprints = new List<SourceFingerprint>();
        await using (var select = new Statement(connection, snapshot, "SELECT source_id, text_hash, minhash FROM source_fingerprints ORDER BY source_id"))
        await using (var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                fingerprints.Add(new SourceFingerprint(new SourceId(reader.GetString(0)), reader.GetString(1), Signature((byte[])reader.GetValue(2))));
            }
        }

        var duplicates = await ReadDuplicatesAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
        return new IngestionState(files, fingerprints, duplicates);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each file's hash is recorded in the same transaction as its sources: after a crash or Ctrl-C, a file is either
    /// wholly stored and recorded, or neither, so a re-run resumes exactly where the last one stopped.
    /// </remarks>
    public async Task IngestAsync(IReadOnlyList<IngestedFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            ArgumentNullException.ThrowIfNull(file);
            ArgumentException.ThrowIfNullOrWhiteSpace(file.FileHash);
            ValidateBatch(file.Batch.Origin, Cases(file), Sources(file));
        }

        var clock = Stopwatch.StartNew();
        var (cases, sources, duplicates) = (files.Sum(f => Cases(f).Length), files.Sum(f => Sources(f).Length), files.Sum(f => Links(f).Length));
        // Packed by the parses already; any that are not are packed on other cores while this thread stores the rows.
        var encoding = OriginalBlobs.EncodeAsync(files.SelectMany(file => Sources(file)));
        await _checkpoints.BeforeWriteAsync().ConfigureAwait(false);
        var counts = await WriteAsync("import", async (connection, transaction) =>
        {
            // The WAL is copied into the database by _checkpoints while the next group is stored, not in this commit.
            await using (var deferCheckpoint = new Statement(connection, transaction, "PRAGMA wal_autocheckpoint = 0"))
            {
                await deferCheckpoint.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            var (segments, codings) = (0, 0);
            // Prepared once for the whole group: preparing them per file cost more than the rows they insert.
            await using var statements = await SourceStatements.OpenAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await using var ingestion = new IngestionStatements(connection, transaction);
            await using var audit = await AuditAppender.OpenAsync(connection, transaction, _actor, cancellationToken).ConfigureAwait(false);
            var at = Rows.TimeText(_clock.GetUtcNow());
            foreach (var file in files)
            {
                var origin = file.Batch.Origin;
                await InsertCasesAsync(connection, transaction, origin, Cases(file), cancellationToken).ConfigureAwait(false);
                var counts = await InsertSourcesAsync(connection, transaction, statements, origin, Sources(file), cancellationToken).ConfigureAwait(false);
                // A .qdpx met inside a folder brings its codebook and memos, stored with it or not at all.
                await InsertExchangeAsync(connection, transaction, file.Batch, cancellationToken).ConfigureAwait(false);
                await InsertIngestionRowsAsync(ingestion, file, cancellationToken).ConfigureAwait(false);
                var subject = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{origin}: cases {Cases(file).Length}, sources {Sources(file).Length}, segments {counts.Segments}, codings {counts.Codings}, duplicates {Links(file).Length}");
                await audit.AppendAsync(at, "import", subject, cancellationToken).ConfigureAwait(false);
                (segments, codings) = (segments + counts.Segments, codings + counts.Codings);
            }

            await InsertOriginalsAsync(statements.Original, await encoding.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await statements.IndexNewSourcesAsync(cancellationToken).ConfigureAwait(false);

            return (Segments: segments, Codings: codings);
        }, cancellationToken).ConfigureAwait(false);
        _checkpoints.Committed();
        Log.Imported(_logger, cases, sources, counts.Segments, counts.Codings, clock.ElapsedMilliseconds);
        Log.DuplicatesLinked(_logger, duplicates);
    }

    private static ImmutableArray<CaseRecord> Cases(IngestedFile file) => file.Batch.Cases.IsDefault ? [] : file.Batch.Cases;

    private static ImmutableArray<SourceRecord> Sources(IngestedFile file) => file.Batch.Sources.IsDefault ? [] : file.Batch.Sources;

    private static ImmutableArray<DuplicateLink> Links(IngestedFile file) => file.Duplicates.IsDefault ? [] : file.Duplicates;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DuplicateLink>> GetDuplicatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadDuplicatesAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ImmutableArray<int>> GetPageStartsAsync(SourceId source, CancellationToken cancellationToken)
    {
        const string sql = "SELECT start_offset FROM source_pages WHERE source_id = $source ORDER BY page";
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$source");
        await using var reader = await statement.ReadAsync(cancellationToken, source.Value).ConfigureAwait(false);
        var starts = ImmutableArray.CreateBuilder<int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            starts.Add(reader.GetInt32(0));
        }

        return starts.ToImmutable();
    }

    /// <summary>Sets <see cref="SourceSummary.DuplicateOf"/> on summaries read in the same snapshot.</summary>
    private static async Task<List<SourceSummary>> WithDuplicatesAsync(
        SqliteConnection connection, SqliteTransaction snapshot, List<SourceSummary> summaries, CancellationToken cancellationToken)
    {
        var links = (await ReadDuplicatesAsync(connection, snapshot, cancellationToken).ConfigureAwait(false))
            .ToDictionary(link => link.Source, link => link.Original);
        return links.Count == 0
            ? summaries
            : [.. summaries.Select(summary => links.TryGetValue(summary.Id, out var original) ? summary with { DuplicateOf = original } : summary)];
    }

    private static async Task<List<DuplicateLink>> ReadDuplicatesAsync(
        SqliteConnection connection, SqliteTransaction? snapshot, CancellationToken cancellationToken)
    {
        const string sql = "SELECT source_id, original_id, kind, similarity FROM source_duplicates ORDER BY source_id";
        await using var statement = new Statement(connection, snapshot, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var links = new List<DuplicateLink>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kind = reader.GetString(2) == "exact" ? DuplicateKind.Exact : DuplicateKind.Near;
            links.Add(new DuplicateLink(new SourceId(reader.GetString(0)), new SourceId(reader.GetString(1)), kind, reader.GetDouble(3)));
        }

        return links;
    }

    private async Task InsertIngestionRowsAsync(IngestionStatements statements, IngestedFile file, CancellationToken cancellationToken)
    {
        var (fileHash, origin, sources, duplicates) = (file.FileHash, file.Batch.Origin, Sources(file), Links(file));
        var fingerprints = file.Fingerprints.IsDefault ? [] : file.Fingerprints;
        // A document's hash is also its source's content hash, which the ingestion state reads from sources: a row here
        // would only repeat it, in a tree of random keys whose pages every commit writes again.
        if (!sources.Any(record => record.Source.ContentHash == fileHash))
        {
            await statements.ImportedFile.ExecuteAsync(cancellationToken, fileHash, origin, Rows.TimeText(_clock.GetUtcNow())).ConfigureAwait(false);
        }

        foreach (var fingerprint in fingerprints)
        {
            await statements.Fingerprint.ExecuteAsync(cancellationToken, fingerprint.Source.Value, fingerprint.TextHash, SignatureBytes(fingerprint.MinHash))
                .ConfigureAwait(false);
        }

        foreach (var link in duplicates)
        {
            var kind = link.Kind == DuplicateKind.Exact ? "exact" : "near";
            await statements.Duplicate.ExecuteAsync(cancellationToken, link.Source.Value, link.Original.Value, kind, Math.Clamp(link.Similarity, 0, 1))
                .ConfigureAwait(false);
        }

        foreach (var record in sources)
        {
            var starts = record.PageStarts.IsDefault ? [] : record.PageStarts;
            for (var page = 0; page < starts.Length; page++)
            {
                await statements.Page.ExecuteAsync(cancellationToken, record.Source.Id.Value, page + 1, starts[page]).ConfigureAwait(false);
            }
        }
    }

    private static byte[] SignatureBytes(ImmutableArray<ulong> signature)
    {
        var bytes = new byte[signature.Length * sizeof(ulong)];
        for (var i = 0; i < signature.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), signature[i]);
        }

        return bytes;
    }

    private static ImmutableArray<ulong> Signature(byte[] bytes)
    {
        var signature = ImmutableArray.CreateBuilder<ulong>(bytes.Length / sizeof(ulong));
        for (var offset = 0; offset + sizeof(ulong) <= bytes.Length; offset += sizeof(ulong))
        {
            signature.Add(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset)));
        }

        return signature.MoveToImmutable();
    }

    /// <summary>The statements that record files, fingerprints, duplicate links and pages, prepared once per transaction.</summary>
    private sealed class IngestionStatements(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        public Statement ImportedFile { get; } = new(connection, transaction, InsertImportedFile, "$hash", "$origin", "$at");

        public Statement Fingerprint { get; } = new(connection, transaction, InsertFingerprint, "$source", "$text", "$minhash");

        public Statement Duplicate { get; } = new(connection, transaction, InsertDuplicate, "$source", "$original", "$kind", "$similarity");

        public Statement Page { get; } = new(connection, transaction, InsertPage, "$source", "$page", "$start");

        public async ValueTask DisposeAsync()
        {
            await ImportedFile.DisposeAsync().ConfigureAwait(false);
            await Fingerprint.DisposeAsync().ConfigureAwait(false);
            await Duplicate.DisposeAsync().ConfigureAwait(false);
            await Page.DisposeAsync().ConfigureAwait(false);
        }
    }
}
