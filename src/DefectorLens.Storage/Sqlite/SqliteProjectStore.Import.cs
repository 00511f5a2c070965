using System.Diagnostics;
using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Storing what an input file brought.</summary>
internal sealed partial class SqliteProjectStore
{
    private const string InsertCase = """
        INSERT INTO cases (id, pseudonym, gender, age_at_joining, nationality, country_of_residence, group_name, role,
                           joined, joined_precision, defected, defected_precision, legal_status, consent, extra)
        VALUES ($id, $pseudonym, $gender, $age, $nationality, $residence, $group, $role,
                $joined, $joinedPrecision, $defected, $defectedPrecision, $legalStatus, $consent, $extra)
        """;

    private const string InsertSource = """
        INSERT INTO sources (id, title, outlet, author, url, published, published_precision, language, medium,
                             text, length, content_hash, imported_at)
        VALUES ($id, $title, $outlet, $author, $url, $published, $publishedPrecision, $language, $medium,
                $text, $length, $hash, $importedAt)
        """;

    private const string InsertOriginal = """
        INSERT INTO originals (hash, file_name, bytes, compression) VALUES ($hash, $fileName, $bytes, $compression) ON CONFLICT (hash) DO NOTHING
        """;

    private const string InsertSourceCase = "INSERT INTO source_cases (source_id, case_id, position) VALUES ($source, $case, $position)";

    /// <inheritdoc />
    /// <remarks>
    /// Cases come first so that sources and segments may name them. An id repeated in the batch is
    /// <see cref="UserErrorKind.InvalidInput"/>; a span outside its text too, and a reference to a case neither in the
    /// batch nor in the project. Nothing is stored unless everything is.
    /// </remarks>
    public async Task ImportAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty && batch.Codebook is null && batch.Memos.IsDefaultOrEmpty)
        {
            return;
        }

        var cases = batch.Cases.IsDefault ? [] : batch.Cases;
        var sources = batch.Sources.IsDefault ? [] : batch.Sources;
        ValidateBatch(batch.Origin, cases, sources);
        var clock = Stopwatch.StartNew();
        var encoding = OriginalBlobs.EncodeAsync(sources);
        var counts = await WriteAsync("import", async (connection, transaction) =>
        {
            await using var statements = await SourceStatements.OpenAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await InsertCasesAsync(connection, transaction, batch.Origin, cases, cancellationToken).ConfigureAwait(false);
            var counts = await InsertSourcesAsync(connection, transaction, statements, batch.Origin, sources, cancellationToken).ConfigureAwait(false);
            await InsertOriginalsAsync(statements.Original, await encoding.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await statements.IndexNewSourcesAsync(cancellationToken).ConfigureAwait(false);
            await InsertExchangeAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
            var subject = string.Create(
                CultureInfo.InvariantCulture,
                $"{batch.Origin}: cases {cases.Length}, sources {sources.Length}, segments {counts.Segments}, codings {counts.Codings}");
            await AppendAuditAsync(connection, transaction, "import", subject, cancellationToken).ConfigureAwait(false);
            return counts;
        }, cancellationToken).ConfigureAwait(false);
        Log.Imported(_logger, cases.Length, sources.Length, counts.Segments, counts.Codings, clock.ElapsedMilliseconds);
    }

    // Checked before the transaction opens: a batch that cannot be stored whole costs no write at all.
    private static void ValidateBatch(string origin, IReadOnlyList<CaseRecord> cases, IReadOnlyList<SourceRecord> sources)
    {
        var caseIds = new HashSet<CaseId>();
        foreach (var record in cases)
        {
            ArgumentNullException.ThrowIfNull(record);
            ArgumentNullException.ThrowIfNull(record.Case);
            if (record.Identity is { } identity && identity.CaseId != record.Case.Id)
            {
                throw new ArgumentException($"the identity of case '{record.Case.Id}' is filed under another case", nameof(cases));
            }

            if (!caseIds.Add(record.Case.Id))
            {
                throw new UserErrorException(UserErrorKind.InvalidInput, Messages.CaseRepeated(origin, record.Case.Id.Value));
            }
        }

        var sourceIds = new HashSet<SourceId>();
        foreach (var record in sources)
        {
            ArgumentNullException.ThrowIfNull(record);
            ArgumentNullException.ThrowIfNull(record.Source);
            if (!sourceIds.Add(record.Source.Id))
            {
                throw new UserErrorException(UserErrorKind.InvalidInput, Messages.SourceRepeated(origin, record.Source.Id.Value));
            }

            foreach (var draft in record.Segments.IsDefault ? [] : record.Segments)
            {
                CodingWriter.Validate(origin, record.Source.Id, record.Source.Text.Length, draft);
            }
        }
    }

    private async Task InsertCasesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string origin, IReadOnlyList<CaseRecord> cases,
        CancellationToken cancellationToken)
    {
        if (cases.Count == 0)
        {
            return;
        }

        await using var insertCase = new Statement(
            connection, transaction, InsertCase, "$id", "$pseudonym", "$gender", "$age", "$nationality", "$residence", "$group",
            "$role", "$joined", "$joinedPrecision", "$defected", "$defectedPrecision", "$legalStatus", "$consent", "$extra");
        // Identities are encrypted before they reach SQLite: no clear value is ever written to the file or its WAL.
        using var cipher = await IdentityCipherAsync(connection, transaction, origin, cases, cancellationToken).ConfigureAwait(false);
        await using var insertIdentity = new Statement(connection, transaction, InsertIdentitySql(cipher), InsertIdentityParameters(cipher));
        foreach (var record in cases)
        {
            try
            {
                await insertCase.ExecuteAsync(cancellationToken, CaseValues(record.Case)).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (exception.IsDuplicateKey())
            {
                throw new UserErrorException(UserErrorKind.Conflict, Messages.CaseExists(origin, record.Case.Id.Value), exception);
            }

            if (record.Identity is { IsEmpty: false } identity)
            {
                await insertIdentity.ExecuteAsync(cancellationToken, InsertIdentityValues(identity, cipher)).ConfigureAwait(false);
            }
        }
    }

    private static object?[] CaseValues(Case @case)
    {
        var attributes = @case.Attributes;
        return
        [
            @case.Id.Value, @case.Pseudonym, attributes.Gender, attributes.AgeAtJoining, attributes.Nationality,
            attributes.CountryOfResidence, attributes.Group, attributes.Role,
            Rows.DateText(attributes.Joined), Rows.PrecisionWord(attributes.Joined),
            Rows.DateText(attributes.Defected), Rows.PrecisionWord(attributes.Defected),
            Vocabulary.Name(attributes.LegalStatus), Vocabulary.Name(attributes.Consent),
            StoreJson.Serialize(attributes.Extra),
        ];
    }

    private async Task<(int Segments, int Codings)> InsertSourcesAsync(
        SqliteConnection connection, SqliteTransaction transaction, SourceStatements statements, string origin, IReadOnlyList<SourceRecord> sources,
        CancellationToken cancellationToken)
    {
        var importedAt = Rows.TimeText(_clock.GetUtcNow());
        var (segments, codings) = (0, 0);
        foreach (var record in sources)
        {
            var source = record.Source;
            try
            {
                await statements.InsertSourceAsync(cancellationToken, SourceValues(source, importedAt)).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (exception.IsDuplicateKey())
            {
                throw new UserErrorException(UserErrorKind.Conflict, Messages.SourceExists(origin, source.Id.Value), exception);
            }

            await InsertSourceCasesAsync(statements.SourceCase, origin, source, cancellationToken).ConfigureAwait(false);
            foreach (var draft in record.Segments.IsDefault ? [] : record.Segments)
            {
                var segmentId = await statements.Codings.SegmentAsync(origin, source.Id, draft, CodingWriter.ImportOrigin, cancellationToken)
                    .ConfigureAwait(false);
                codings += await statements.Codings.CodingsAsync(segmentId, draft.Codings, cancellationToken).ConfigureAwait(false);
                await InsertMemosAsync(connection, transaction, draft.Memos, segmentId, cancellationToken).ConfigureAwait(false);
                segments++;
            }
        }

        return (segments, codings);
    }

    // Each distinct original once; one stored before, by another source with the same file, is left as it is.
    private static async Task InsertOriginalsAsync(Statement insert, IEnumerable<OriginalFile> originals, CancellationToken cancellationToken)
    {
        foreach (var original in originals)
        {
            var packed = original.Packed!;
            await insert.ExecuteAsync(cancellationToken, original.ContentHash, original.FileName, packed.Bytes, packed.Compression).ConfigureAwait(false);
        }
    }

    private static object?[] SourceValues(Source source, string importedAt)
    {
        var metadata = source.Metadata;
        return
        [
            source.Id.Value, metadata.Title, metadata.Outlet, metadata.Author, metadata.Url,
            Rows.DateText(metadata.Published), Rows.PrecisionWord(metadata.Published),
            metadata.Language, Vocabulary.Name(metadata.Medium), source.Text, source.Text.Length, source.ContentHash, importedAt,
        ];
    }

    private static async Task InsertSourceCasesAsync(Statement insert, string origin, Source source, CancellationToken cancellationToken)
    {
        var position = 0;
        foreach (var caseId in (source.Cases.IsDefault ? [] : source.Cases).Distinct())
        {
            try
            {
                await insert.ExecuteAsync(cancellationToken, source.Id.Value, caseId.Value, position++).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (exception.IsMissingReference())
            {
                throw new UserErrorException(
                    UserErrorKind.InvalidInput, Messages.CaseReferenceUnknown(origin, source.Id.Value, caseId.Value), exception);
            }
        }
    }

    /// <summary>The statements that store sources, prepared once per transaction and reused for every file in it.</summary>
    /// <remarks>
    /// New sources enter the full-text index and the analysis summary's stale list together, by
    /// <see cref="IndexNewSourcesAsync"/> before the transaction commits: one INSERT ... SELECT costs FTS5 less than half
    /// of what a row trigger does, and a row trigger on sources made SQLite journal every source's pages a second time.
    /// </remarks>
    private sealed class SourceStatements : IAsyncDisposable
    {
        private const string LastKey = "SELECT coalesce(max(key), 0) FROM sources";

        private const string IndexNew = "INSERT INTO source_text (rowid, title, text) SELECT key, title, text FROM sources WHERE key > $last";

        private const string MarkNewStale = "INSERT OR IGNORE INTO source_facts_stale (source_key) SELECT key FROM sources WHERE key > $last";

        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        // New rows get keys above the largest one when the transaction began (SQLite's rowid rule for INTEGER PRIMARY KEY).
        private readonly long _lastKeyBefore;
        private readonly int _version;
        private bool _inserted;

        private SourceStatements(SqliteConnection connection, SqliteTransaction transaction, long lastKeyBefore, int version)
        {
            (_connection, _transaction, _lastKeyBefore, _version) = (connection, transaction, lastKeyBefore, version);
            Source = new(
                connection, transaction, InsertSource, "$id", "$title", "$outlet", "$author", "$url", "$published", "$publishedPrecision",
                "$language", "$medium", "$text", "$length", "$hash", "$importedAt");
            Original = new(connection, transaction, InsertOriginal, "$hash", "$fileName", "$bytes", "$compression");
            SourceCase = new(connection, transaction, InsertSourceCase, "$source", "$case", "$position");
            Codings = new(connection, transaction);
        }

        public Statement Source { get; }

        public Statement Original { get; }

        public Statement SourceCase { get; }

        public CodingWriter Codings { get; }

        public static async Task<SourceStatements> OpenAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
        {
            var version = await SqliteSchema.GetUserVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await using var select = new Statement(connection, transaction, LastKey);
            var last = Convert.ToInt64(await select.ScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return new SourceStatements(connection, transaction, last, version);
        }

        public async Task InsertSourceAsync(CancellationToken cancellationToken, params object?[] values)
        {
            await Source.ExecuteAsync(cancellationToken, values).ConfigureAwait(false);
            _inserted = true;
        }

        /// <summary>Adds the sources inserted in this transaction to the full-text index and marks them for the analysis summary.</summary>
        /// <remarks>Before each bulk version a trigger does that part (in a version-1 file there is no full-text index at all).</remarks>
        public async Task IndexNewSourcesAsync(CancellationToken cancellationToken)
        {
            if (!_inserted)
            {
                return;
            }

            foreach (var (sql, since) in new[] { (IndexNew, SqliteSchema.FullTextInBulkVersion), (MarkNewStale, SqliteSchema.FactsInBulkVersion) })
            {
                if (_version >= since)
                {
                    await using var statement = new Statement(_connection, _transaction, sql, "$last");
                    await statement.ExecuteAsync(cancellationToken, _lastKeyBefore).ConfigureAwait(false);
                }
            }

            _inserted = false;
        }

        public async ValueTask DisposeAsync()
        {
            await Source.DisposeAsync().ConfigureAwait(false);
            await Original.DisposeAsync().ConfigureAwait(false);
            await SourceCase.DisposeAsync().ConfigureAwait(false);
            await Codings.DisposeAsync().ConfigureAwait(false);
        }
    }
}
