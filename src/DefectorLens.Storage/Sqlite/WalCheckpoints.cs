using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Copies committed pages from the write-ahead log into the database on a connection and thread of their own.</summary>
/// <remarks>
/// SQLite checkpoints in the connection that commits: an import storing group after group spent about 40% of its
/// writer's time copying the group before out of the WAL. A writer that calls <see cref="Committed"/> commits with
/// automatic checkpoints off and goes on with the next group while a pass copies the last one. Every
/// <see cref="CommitsPerRestart"/> commits it waits in <see cref="BeforeWriteAsync"/> for the pass that covers its
/// last commit, so that its next transaction starts the WAL over and the file stays bounded (about that many groups).
/// The passes have a connection of their own, outside the pool: taking the writer's pooled connection would leave the
/// writer one whose page cache another commit has invalidated.
/// </remarks>
internal sealed class WalCheckpoints(string connectionString, ILogger logger) : IAsyncDisposable
{
    private const int CommitsPerRestart = 8;

    private readonly Lock _lock = new();
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private SqliteConnection? _connection;
    private Task _passes = Task.CompletedTask;
    private int _commits;
    private bool _uncopied;

    /// <summary>
    /// Before a write transaction: starts a pass that copies the commit before it into the database, and every few commits
    /// waits for it.
    /// </summary>
    /// <remarks>
    /// A pass starts with the next write rather than after a commit, so that the last commit of an import starts none: its
    /// pages stay in the WAL until a later commit or closing the project copies them, as any commit's do. The pass the
    /// last write started with, for the commit before it, may still be copying when that write returns.
    /// </remarks>
    public Task BeforeWriteAsync()
    {
        lock (_lock)
        {
            if (_uncopied)
            {
                _uncopied = false;
                _passes = _passes.ContinueWith(_ => PassAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }

            return _commits % CommitsPerRestart == 0 ? _passes : Task.CompletedTask;
        }
    }

    /// <summary>After a commit made with automatic checkpoints off: the next write starts a pass that copies it.</summary>
    public void Committed()
    {
        lock (_lock)
        {
            _commits++;
            _uncopied = true;
        }
    }

    /// <summary>Waits for the passes queued and closes their connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Task passes;
        lock (_lock)
        {
            passes = _passes;
        }

        await passes.ConfigureAwait(false);
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Passes run one after another, so the connection is never used by two at once. A pass that fails loses nothing:
    // the pages stay in the WAL, and the next pass, or closing the file, copies them.
    private async Task PassAsync()
    {
        try
        {
            if (_connection is null)
            {
                var connection = new SqliteConnection(_connectionString);
                await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                _connection = connection;
            }

            await using var checkpoint = new Statement(_connection, null, "PRAGMA wal_checkpoint(PASSIVE)");
            await checkpoint.ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            Log.CheckpointFailed(logger, exception.SqliteErrorCode);
        }
    }
}
