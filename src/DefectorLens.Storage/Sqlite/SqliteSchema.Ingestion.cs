namespace DefectorLens.Storage.Sqlite;

/// <summary>Migrations 4, 7, 11, 12 and 13: what ingestion keeps to skip, resume and link duplicates; the full-text index and the analysis summary fed in bulk; originals deflated; fewer pages written again by each commit.</summary>
public static partial class SqliteSchema
{
    // imported_files makes a re-run skip finished files; it is written in the same transaction as the file's sources,
    // so an interrupted import resumes exactly after the last file stored. The MinHash signature is a blob of
    // little-endian 64-bit values; duplicates are looked up in memory by the importer, never by SQL.
    private const string Ingestion = """
        CREATE TABLE imported_files (
            hash TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            imported_at TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE source_fingerprints (
            source_id TEXT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
            text_hash TEXT NOT NULL,
            minhash BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX source_fingerprints_text ON source_fingerprints (text_hash);

        CREATE TABLE source_duplicates (
            source_id TEXT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
            original_id TEXT NOT NULL REFERENCES sources (id),
            kind TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
            similarity REAL NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
            CHECK (source_id <> original_id)
        ) WITHOUT ROWID;
        CREATE INDEX source_duplicates_original ON source_duplicates (original_id);

        CREATE TABLE source_pages (
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            page INTEGER NOT NULL CHECK (page >= 1),
            start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
            PRIMARY KEY (source_id, page)
        ) WITHOUT ROWID;
        """;

    /// <summary>The version from which the writer, not a trigger, adds new sources to the full-text index.</summary>
    internal const int FullTextInBulkVersion = 7;

    /// <summary>The version from which the writer, not triggers, marks new sources for the analysis summary and empties the analysis cache when the summary changes.</summary>
    internal const int FactsInBulkVersion = 12;

    // New sources are indexed by one INSERT ... SELECT per write transaction (see SqliteProjectStore.IndexNewSourcesAsync),
    // which costs FTS5 less than half of what a row trigger does; deletes and updates keep their triggers.
    private const string FullTextInBulk = """
        DROP TRIGGER sources_text_insert;
        """;

    // A row trigger makes SQLite keep a statement journal for every INSERT into its table, a copy of each page the row
    // touches: with 16 KB pages, four or five per source outgrew the journal's memory and went through a temporary file,
    // 2.4 GB for 25,000 sources. New sources are marked stale by one INSERT ... SELECT per write transaction instead (see
    // SqliteProjectStore.IndexNewSourcesAsync), and the summary's refresh, the only writer of source_facts, empties the
    // analysis cache itself once rather than a trigger doing it for each row. Updates and deletes of sources keep theirs.
    private const string FactsInBulk = """
        DROP TRIGGER facts_sources_insert;
        DROP TRIGGER analysis_cache_facts_insert;
        DROP TRIGGER analysis_cache_facts_update;
        DROP TRIGGER analysis_cache_facts_delete;
        """;

    // An original's bytes are a raw DEFLATE stream when compression is 'deflate' (see PackedOriginal), the file's own
    // bytes when it is null, as every original stored before this version is.
    private const string OriginalsDeflated = """
        ALTER TABLE originals ADD COLUMN compression TEXT CHECK (compression IS NULL OR compression = 'deflate');
        """;

    // Fewer pages written again by each commit of an import. Duplicates are found in memory (see DuplicateIndex), so the
    // index of fingerprint text hashes served no query; its keys are random, so every commit wrote most of its pages
    // again. And the full-text index merges its segments when 16 of a size are there rather than 4: a 100,000-document
    // import wrote 350 MB less to the WAL (2.1 GB in all), and searches took as long.
    private const string FewerPagesRewritten = """
        DROP INDEX source_fingerprints_text;
        INSERT INTO source_text (source_text, rank) VALUES ('automerge', 16);
        """;
}
