namespace DefectorLens.Storage.Sqlite;

/// <summary>Migration 3: what protecting identities needs.</summary>
public static partial class SqliteSchema
{
    // A random project id names the key file outside the project. An encrypted identity is one sealed record in
    // "sealed", with the id of its key in key_id, and NULL in the five clear columns; key_id NULL marks a row stored in
    // clear before this version, until 'dlens keys init' or 'rotate' seals it. hash chains the audit log; events from
    // before this version have none and are covered by the hash of the first event after them.
    private const string Protection = """
        INSERT INTO meta (key, value) VALUES ('project_id', lower(hex(randomblob(16))));
        ALTER TABLE case_identities ADD COLUMN sealed BLOB;
        ALTER TABLE case_identities ADD COLUMN key_id TEXT;
        CREATE INDEX case_identities_key ON case_identities (key_id);
        ALTER TABLE audit ADD COLUMN hash TEXT;
        """;

    /// <summary>The first schema version with encrypted identities and a chained audit log.</summary>
    internal const int ProtectionVersion = 3;
}
