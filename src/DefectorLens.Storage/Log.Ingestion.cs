using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage;

/// <summary>What the store logs about ingestion (event ids 5001-5099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Linked {Duplicates} duplicate source(s) to their originals")]
    public static partial void DuplicatesLinked(ILogger logger, int duplicates);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "WAL checkpoint not done (SQLite error {SqliteError}); the next one, or closing the project, copies the pages")]
    public static partial void CheckpointFailed(ILogger logger, int sqliteError);
}
