namespace DefectorLens.Storage.Sqlite;

/// <summary>Migration 5: the project's trained models.</summary>
public static partial class SqliteSchema
{
    // One row per trained model; the archive is kept whole so that a coding's model version can always be reloaded.
    private const string Models = """
        CREATE TABLE models (
            version INTEGER PRIMARY KEY,
            trained_at TEXT NOT NULL,
            trainer TEXT NOT NULL,
            items INTEGER NOT NULL CHECK (items > 0),
            macro_f1 REAL NOT NULL CHECK (macro_f1 >= 0 AND macro_f1 <= 1),
            metrics TEXT NOT NULL,
            bytes BLOB NOT NULL
        );
        """;
}
