using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage;

/// <summary>What the store logs about ingestion (event ids 5001-5099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Linked {Duplicates} duplicate source(s) to their originals")]
    public static partial void DuplicatesLinked(ILogger logger, int duplicates);
}
