using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage;

/// <summary>Everything the store logs, with stable event ids and property names.</summary>
/// <remarks>Ids and counts only: testimony text and identity values are never logged.</remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created project {Path} at schema version {SchemaVersion}")]
    public static partial void ProjectCreated(ILogger logger, string path, int schemaVersion);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Opened project {Path} at schema version {SchemaVersion}")]
    public static partial void ProjectOpened(ILogger logger, string path, int schemaVersion);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Backed up project {Path} at schema version {SchemaVersion} to {BackupPath}")]
    public static partial void BackupWritten(ILogger logger, string path, int schemaVersion, string backupPath);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Migrated project {Path} from schema version {FromVersion} to {ToVersion}")]
    public static partial void Migrated(ILogger logger, string path, int fromVersion, int toVersion);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Stored codebook {CodebookId} version {CodebookVersion}")]
    public static partial void CodebookStored(ILogger logger, string codebookId, string codebookVersion);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Imported {Cases} cases, {Sources} sources, {Segments} segments and {Codings} codings in {ElapsedMs} ms")]
    public static partial void Imported(ILogger logger, int cases, int sources, int segments, int codings, long elapsedMs);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Replaced codings of coder {Coder}: {Removed} removed, {Stored} stored in {ElapsedMs} ms")]
    public static partial void CodingsReplaced(ILogger logger, string coder, int removed, int stored, long elapsedMs);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Identity of case {CaseId} viewed")]
    public static partial void IdentityViewed(ILogger logger, string caseId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Added a memo on {Target} {TargetId}")]
    public static partial void MemoAdded(ILogger logger, string target, string targetId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Write to project {Path} failed and was rolled back: {Action}")]
    public static partial void WriteRolledBack(ILogger logger, string path, string action);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Analysis cache not written (SQLite error {SqliteError}); the next read tries again")]
    public static partial void AnalysisCacheSkipped(ILogger logger, int sqliteError);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Write to project {Path} refused and rolled back: {Action}")]
    public static partial void WriteRefused(ILogger logger, string path, string action);
}
