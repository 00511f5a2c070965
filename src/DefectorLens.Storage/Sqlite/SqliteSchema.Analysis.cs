namespace DefectorLens.Storage.Sqlite;

/// <summary>Migration 6: the analysis summary, one compact row per source, kept by the store as codings change.</summary>
public static partial class SqliteSchema
{
    // case_keys numbers cases with stable integers (the implicit rowid of cases may change on VACUUM). source_facts holds,
    // per source, its cases and coded segments as integers (see AnalysisFacts in SqliteProjectStore.Analysis.cs).
    // Triggers only mark the sources a write touched as stale: every write transaction rebuilds their rows before it
    // commits, so the summary is never seen out of step, whatever statement changed the raw rows. Marking every source
    // stale here makes the migration's own transaction backfill an existing project.
    private const string Analysis = """
        CREATE TABLE case_keys (
            key INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE ON UPDATE CASCADE
        );
        INSERT INTO case_keys (case_id) SELECT id FROM cases ORDER BY id;

        CREATE TABLE analysis_codes (
            ord INTEGER PRIMARY KEY,
            code_id TEXT NOT NULL UNIQUE
        );

        CREATE TABLE source_facts (
            source_key INTEGER PRIMARY KEY,
            facts BLOB NOT NULL
        );

        CREATE TABLE source_facts_stale (
            source_key INTEGER PRIMARY KEY
        );
        INSERT INTO source_facts_stale (source_key) SELECT key FROM sources;

        CREATE TRIGGER case_keys_insert AFTER INSERT ON cases
        BEGIN
            INSERT INTO case_keys (case_id) VALUES (new.id);
        END;

        CREATE TRIGGER facts_sources_insert AFTER INSERT ON sources
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key) VALUES (new.key);
        END;
        CREATE TRIGGER facts_sources_update AFTER UPDATE OF id, outlet, published, published_precision, content_hash ON sources
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key)
            SELECT key FROM sources WHERE content_hash IN (old.content_hash, new.content_hash) OR key = new.key;
        END;
        CREATE TRIGGER facts_sources_delete AFTER DELETE ON sources
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key) VALUES (old.key);
            INSERT OR IGNORE INTO source_facts_stale (source_key) SELECT key FROM sources WHERE content_hash = old.content_hash;
        END;

        CREATE TRIGGER facts_source_cases_insert AFTER INSERT ON source_cases
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key) SELECT key FROM sources WHERE id = new.source_id;
        END;
        CREATE TRIGGER facts_source_cases_update AFTER UPDATE ON source_cases
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key) SELECT key FROM sources WHERE id IN (old.source_id, new.source_id);
        END;
        CREATE TRIGGER facts_source_cases_delete AFTER DELETE ON source_cases
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key) SELECT key FROM sources WHERE id = old.source_id;
        END;

        CREATE TRIGGER facts_segments_update AFTER UPDATE OF source_id, speaker_case_id ON segments
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key) SELECT key FROM sources WHERE id IN (old.source_id, new.source_id);
        END;
        CREATE TRIGGER facts_segments_delete AFTER DELETE ON segments
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key) SELECT key FROM sources WHERE id = old.source_id;
        END;

        CREATE TRIGGER facts_codings_insert AFTER INSERT ON codings
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key)
            SELECT s.key FROM segments g JOIN sources s ON s.id = g.source_id WHERE g.id = new.segment_id;
        END;
        CREATE TRIGGER facts_codings_update AFTER UPDATE OF segment_id, code_id, coder_id ON codings
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key)
            SELECT s.key FROM segments g JOIN sources s ON s.id = g.source_id WHERE g.id IN (old.segment_id, new.segment_id);
        END;
        CREATE TRIGGER facts_codings_delete AFTER DELETE ON codings
        BEGIN
            INSERT OR IGNORE INTO source_facts_stale (source_key)
            SELECT s.key FROM segments g JOIN sources s ON s.id = g.source_id WHERE g.id = old.segment_id;
        END;
        """;

    // Migration 10. The rows every statistic reads, kept in a few blobs by the first read after a change: stepping 100,000 cases
    // and 300,000 summary rows cost a command more than reading them back in one piece. Any change to what they copy deletes
    // them in the same transaction, so a read finds either the copy of what the tables hold or none.
    private const string AnalysisCache = """
        CREATE TABLE analysis_cache (
            part INTEGER PRIMARY KEY,
            format INTEGER NOT NULL,
            data BLOB NOT NULL
        );

        CREATE TRIGGER analysis_cache_cases_insert AFTER INSERT ON cases BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_cases_update AFTER UPDATE ON cases BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_cases_delete AFTER DELETE ON cases BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_case_keys_insert AFTER INSERT ON case_keys BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_case_keys_update AFTER UPDATE ON case_keys BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_case_keys_delete AFTER DELETE ON case_keys BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_facts_insert AFTER INSERT ON source_facts BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_facts_update AFTER UPDATE ON source_facts BEGIN DELETE FROM analysis_cache; END;
        CREATE TRIGGER analysis_cache_facts_delete AFTER DELETE ON source_facts BEGIN DELETE FROM analysis_cache; END;
        """;
}
