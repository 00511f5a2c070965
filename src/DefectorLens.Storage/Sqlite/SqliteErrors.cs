using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>The SQLite failures the store turns into user errors.</summary>
internal static class SqliteErrors
{
    private const int PrimaryKeyViolation = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private const int UniqueViolation = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const int ForeignKeyViolation = 787; // SQLITE_CONSTRAINT_FOREIGNKEY
    private const int GenericError = 1; // SQLITE_ERROR, which FTS5 raises for a query it cannot parse

    /// <summary>True when a row with the same key already exists.</summary>
    public static bool IsDuplicateKey(this SqliteException exception) =>
        exception.SqliteExtendedErrorCode is PrimaryKeyViolation or UniqueViolation;

    /// <summary>True when a row refers to one that does not exist.</summary>
    public static bool IsMissingReference(this SqliteException exception) =>
        exception.SqliteExtendedErrorCode == ForeignKeyViolation;

    /// <summary>True when FTS5 could not read a MATCH query.</summary>
    public static bool IsFullTextQueryError(this SqliteException exception) =>
        exception.SqliteErrorCode == GenericError && exception.Message.Contains("fts5", StringComparison.Ordinal);
}
