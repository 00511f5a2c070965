namespace DefectorLens.Storage.Sqlite;

/// <summary>Migration 9: reviewers' decisions on machine suggestions.</summary>
public static partial class SqliteSchema
{
    // Decisions are kept by source and span rather than by segment: 'dlens code --auto' replaces the machine's codings and
    // removes segments nothing uses, and a rejection must still hold when the same sentence is suggested again.
    // The suggesting coder is copied, not referenced, for the same reason.
    private const string Review = """
        CREATE TABLE review_decisions (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            code_id TEXT NOT NULL,
            suggester_name TEXT NOT NULL,
            suggester_kind TEXT NOT NULL,
            suggester_version TEXT NOT NULL,
            confidence REAL,
            verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected', 'changed')),
            new_code_id TEXT,
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            CHECK ((verdict = 'changed') = (new_code_id IS NOT NULL)),
            CHECK (start_offset >= 0 AND end_offset > start_offset),
            UNIQUE (source_id, start_offset, end_offset, code_id)
        );
        """;
}
