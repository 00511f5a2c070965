using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>The versions of the SQLite project file and the migrations between them.</summary>
/// <remarks>
/// The version lives in <c>PRAGMA user_version</c>. Migrations are applied in order, all in one transaction,
/// so an upgrade that fails leaves the file at its old version.
/// </remarks>
public static partial class SqliteSchema
{
    /// <summary>The schema version this build writes and reads: that of the last migration.</summary>
    public static int SchemaVersion => Migrations[^1].Version;

    /// <summary>The value of the <c>application</c> key in <c>meta</c> that marks a file as a project.</summary>
    internal const string ApplicationMarker = "defectorlens";

    /// <summary>Every migration, in order; migration N brings a file from version N - 1 to N.</summary>
    /// <remarks>Each later migration's SQL lives in its own part of this class, beside the feature that needs it.</remarks>
    internal static ImmutableArray<Migration> Migrations { get; } =
    [
        new(1, "core tables", CoreTables),
        new(2, "full-text index of source text", FullTextIndex),
        new(3, "protection: project id, key ids of encrypted identities, audit hash chain", Protection),
        new(4, "ingestion: imported files, fingerprints, duplicates, pages", Ingestion),
        new(5, "trained models of the model coder", Models),
        new(6, "analysis summary: case keys and one compact row of cases and codings per source", Analysis),
        new(7, "full-text index fed in bulk by the writer instead of a row trigger", FullTextInBulk),
        new(9, "review decisions on machine suggestions", Review),
        new(10, "analysis cache: the rows every statistic reads, in one piece", AnalysisCache),
        new(11, "original files stored deflated when that makes them smaller", OriginalsDeflated),
        new(12, "new sources marked for the analysis summary in bulk by the writer instead of a row trigger", FactsInBulk),
        new(13, "no index of fingerprint text hashes; full-text segments merged 16 at a time", FewerPagesRewritten),
    ];

    /// <summary>Applies migrations after <paramref name="from"/> up to <paramref name="to"/> inside the given transaction.</summary>
    internal static async Task MigrateAsync(
        SqliteConnection connection, SqliteTransaction transaction, int from, int to, CancellationToken cancellationToken)
    {
        foreach (var migration in Migrations.Where(migration => migration.Version > from && migration.Version <= to))
        {
            await using (var statement = new Statement(connection, transaction, migration.Sql))
            {
                await statement.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            await SetUserVersionAsync(connection, transaction, migration.Version, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads <c>PRAGMA user_version</c>.</summary>
    internal static async Task<int> GetUserVersionAsync(
        SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var statement = new Statement(connection, transaction, "PRAGMA user_version");
        var value = await statement.ScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static async Task SetUserVersionAsync(
        SqliteConnection connection, SqliteTransaction transaction, int version, CancellationToken cancellationToken)
    {
        // PRAGMA takes no parameters; the text holds nothing but an integer of ours.
        var sql = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version}");
        await using var statement = new Statement(connection, transaction, sql);
        await statement.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    // Identity values sit in untyped (BLOB affinity) columns so that a later version can store them encrypted
    // without changing the schema. Offsets count UTF-16 code units, as Segment does.
    private const string CoreTables = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE codebooks (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            json TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
            stored_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE UNIQUE INDEX codebooks_one_active ON codebooks (active) WHERE active = 1;

        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            pseudonym TEXT NOT NULL,
            gender TEXT,
            age_at_joining INTEGER,
            nationality TEXT,
            country_of_residence TEXT,
            group_name TEXT,
            role TEXT,
            joined TEXT,
            joined_precision TEXT CHECK (joined_precision IN ('year', 'month', 'day')),
            defected TEXT,
            defected_precision TEXT CHECK (defected_precision IN ('year', 'month', 'day')),
            legal_status TEXT NOT NULL,
            consent TEXT NOT NULL,
            extra TEXT
        );

        CREATE TABLE case_identities (
            case_id TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
            real_name BLOB,
            aliases BLOB,
            contact BLOB,
            exact_location BLOB,
            notes BLOB
        );

        CREATE TABLE originals (
            hash TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            bytes BLOB NOT NULL
        );

        CREATE TABLE sources (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            outlet TEXT,
            author TEXT,
            url TEXT,
            published TEXT,
            published_precision TEXT CHECK (published_precision IN ('year', 'month', 'day')),
            language TEXT,
            medium TEXT NOT NULL,
            text TEXT NOT NULL,
            length INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX sources_content_hash ON sources (content_hash);

        CREATE TABLE source_cases (
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            case_id TEXT NOT NULL REFERENCES cases (id),
            position INTEGER NOT NULL,
            PRIMARY KEY (source_id, case_id)
        ) WITHOUT ROWID;
        CREATE INDEX source_cases_case ON source_cases (case_id);

        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            speaker_case_id TEXT REFERENCES cases (id),
            origin TEXT NOT NULL CHECK (origin IN ('import', 'coder')),
            CHECK (start_offset >= 0 AND end_offset > start_offset)
        );
        CREATE UNIQUE INDEX segments_span ON segments (source_id, start_offset, end_offset, coalesce(speaker_case_id, ''));
        CREATE INDEX segments_speaker ON segments (speaker_case_id) WHERE speaker_case_id IS NOT NULL;

        CREATE TABLE coders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            version TEXT NOT NULL,
            UNIQUE (name, kind, version)
        );

        CREATE TABLE codings (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
            code_id TEXT NOT NULL,
            coder_id INTEGER NOT NULL REFERENCES coders (id),
            codebook_version TEXT NOT NULL,
            confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
            explanation TEXT,
            UNIQUE (segment_id, code_id, coder_id)
        );
        CREATE INDEX codings_code ON codings (code_id);
        CREATE INDEX codings_coder ON codings (coder_id);

        CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            target_id TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            written TEXT NOT NULL
        );
        CREATE INDEX memos_target ON memos (target, target_id);

        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL
        );
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        """;

    // External-content FTS5 over sources, kept in step by triggers in the writer's own transaction;
    // 'rebuild' indexes the sources a version-1 file already holds.
    private const string FullTextIndex = """
        CREATE VIRTUAL TABLE source_text USING fts5 (
            title, text,
            content = 'sources', content_rowid = 'key',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER sources_text_insert AFTER INSERT ON sources
        BEGIN
            INSERT INTO source_text (rowid, title, text) VALUES (new.key, new.title, new.text);
        END;
        CREATE TRIGGER sources_text_delete AFTER DELETE ON sources
        BEGIN
            INSERT INTO source_text (source_text, rowid, title, text) VALUES ('delete', old.key, old.title, old.text);
        END;
        CREATE TRIGGER sources_text_update AFTER UPDATE OF title, text ON sources
        BEGIN
            INSERT INTO source_text (source_text, rowid, title, text) VALUES ('delete', old.key, old.title, old.text);
            INSERT INTO source_text (rowid, title, text) VALUES (new.key, new.title, new.text);
        END;
        INSERT INTO source_text (source_text) VALUES ('rebuild');
        """;
}

/// <summary>One step of the schema.</summary>
/// <param name="Version">The version the file has after it.</param>
/// <param name="Name">What it adds, for logs.</param>
/// <param name="Sql">The statements.</param>
internal sealed record Migration(int Version, string Name, string Sql);
