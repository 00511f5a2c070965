using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage.Sqlite;

/// <summary>A project kept in one SQLite file.</summary>
/// <remarks>
/// Each operation takes its own pooled connection, so that a reader streaming sources and a writer can work side by side
/// (WAL lets readers see the last commit while a write is under way). Every write runs in one immediate transaction that
/// also appends its audit event.
/// </remarks>
internal sealed partial class SqliteProjectStore : IProjectStore
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string _actor;
    private readonly IKeyStore _keys;
    private readonly WalCheckpoints _checkpoints;
    private bool _disposed;

    public SqliteProjectStore(string location, string path, TimeProvider clock, ILogger logger, string actor, IKeyStore keys)
    {
        Location = location;
        _keys = keys;
        _path = path;
        _clock = clock;
        _logger = logger;
        _actor = actor;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            // Never create a file: opening a missing project is an error the provider reports first.
            Mode = SqliteOpenMode.ReadWrite,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _checkpoints = new WalCheckpoints(_connectionString, logger);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public async Task<ProjectInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT (SELECT value FROM meta WHERE key = 'name'),
                   (SELECT value FROM meta WHERE key = 'created'),
                   (SELECT id FROM codebooks WHERE active = 1),
                   (SELECT version FROM codebooks WHERE active = 1),
                   (SELECT count(*) FROM cases),
                   (SELECT count(*) FROM sources),
                   (SELECT count(*) FROM segments),
                   (SELECT count(*) FROM codings)
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        var version = await SqliteSchema.GetUserVersionAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, snapshot, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ReadInfo(reader, version);
    }

    /// <inheritdoc />
    public async Task<Codebook> GetCodebookAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, "SELECT json FROM codebooks WHERE active = 1");
        var json = await statement.ScalarAsync(cancellationToken).ConfigureAwait(false) as string
            ?? throw new InvalidDataException($"{Location}: the project has no active codebook");
        return StoreJson.DeserializeCodebook(json);
    }

    /// <inheritdoc />
    /// <exception cref="UserErrorException">
    /// The codebook is not valid (<see cref="UserErrorKind.InvalidInput"/>), or its id and version are already stored
    /// with other content (<see cref="UserErrorKind.Conflict"/>): a changed codebook needs a new version, because
    /// codings record the version they were made with.
    /// </exception>
    public async Task SetCodebookAsync(Codebook codebook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        EnsureValid(codebook);
        await WriteAsync("codebook.set", async (connection, transaction) =>
        {
            await StoreCodebookAsync(connection, transaction, codebook, cancellationToken).ConfigureAwait(false);
            await AppendAuditAsync(connection, transaction, "codebook.set", $"{codebook.Id} {codebook.Version}", cancellationToken)
                .ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        Log.CodebookStored(_logger, codebook.Id, codebook.Version);
    }

    /// <inheritdoc />
    public async Task AddMemoAsync(Memo memo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memo);
        ArgumentNullException.ThrowIfNull(memo.TargetId);
        ArgumentException.ThrowIfNullOrWhiteSpace(memo.Author);
        ArgumentNullException.ThrowIfNull(memo.Text);
        const string sql = """
            INSERT INTO memos (target, target_id, author, text, written) VALUES ($target, $targetId, $author, $text, $written)
            """;
        var target = Rows.MemoTargetWord(memo.Target);
        if (memo.Target == MemoTarget.Code && (await GetCodebookAsync(cancellationToken).ConfigureAwait(false)).Find(new CodeId(memo.TargetId)) is null)
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.MemoTargetNotFound(target, memo.TargetId));
        }

        await WriteAsync("memo.add", async (connection, transaction) =>
        {
            if (MemoTargetQuery(memo.Target) is { } exists)
            {
                await using var find = new Statement(connection, transaction, exists, "$id");
                if (await find.ScalarAsync(cancellationToken, memo.TargetId).ConfigureAwait(false) is null)
                {
                    throw new UserErrorException(UserErrorKind.NotFound, Messages.MemoTargetNotFound(target, memo.TargetId));
                }
            }

            await using var insert = new Statement(connection, transaction, sql, "$target", "$targetId", "$author", "$text", "$written");
            await insert.ExecuteAsync(cancellationToken, target, memo.TargetId, memo.Author, memo.Text, Rows.TimeText(memo.Written))
                .ConfigureAwait(false);
            var subject = memo.Target == MemoTarget.Project ? target : $"{target} {memo.TargetId}";
            await AppendAuditAsync(connection, transaction, "memo.add", subject, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        Log.MemoAdded(_logger, target, memo.TargetId);
    }

    private static string? MemoTargetQuery(MemoTarget target) => target switch
    {
        MemoTarget.Case => "SELECT 1 FROM cases WHERE id = $id",
        MemoTarget.Source => "SELECT 1 FROM sources WHERE id = $id",
        MemoTarget.Segment => "SELECT 1 FROM segments WHERE CAST(id AS TEXT) = $id",
        _ => null,
    };

    /// <inheritdoc />
    public async Task<IReadOnlyList<Memo>> GetMemosAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT target, target_id, author, text, written FROM memos ORDER BY id";
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var memos = new List<Memo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            memos.Add(new Memo(reader.ReadMemoTarget(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.ReadTime(4)));
        }

        return memos;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The view is recorded as <c>identity.view</c> even when the case has no identity stored. Without the project's key
    /// the identity comes back locked, without values.
    /// </remarks>
    /// <exception cref="UserErrorException">The key file holds the wrong key, or a value fails its integrity check.</exception>
    public Task<CaseIdentity?> GetIdentityAsync(CaseId id, CancellationToken cancellationToken) => ViewIdentityAsync(id, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEvent>> GetAuditAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT seq, at, actor, action, subject FROM audit ORDER BY seq";
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<AuditEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new AuditEvent(reader.GetInt64(0), reader.ReadTime(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return events;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            await _checkpoints.DisposeAsync().ConfigureAwait(false);
            _disposed = true;
            // Closing the pooled connections releases the file and lets SQLite checkpoint and remove the WAL.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>Throws the codebook's problems as one user error.</summary>
    internal static void EnsureValid(Codebook codebook)
    {
        var problems = codebook.Problems();
        if (problems.Count > 0)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.CodebookInvalid(codebook.Id, problems));
        }
    }

    /// <summary>Writes a new project: the schema up to <paramref name="schemaVersion"/>, its name and its codebook.</summary>
    internal async Task InitializeAsync(string name, Codebook codebook, int schemaVersion, CancellationToken cancellationToken)
    {
        const string meta = "INSERT INTO meta (key, value) VALUES ($key, $value)";
        await UseLargePagesAsync(cancellationToken).ConfigureAwait(false);
        await UseWriteAheadLogAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync("project.create", async (connection, transaction) =>
        {
            await SqliteSchema.MigrateAsync(connection, transaction, 0, schemaVersion, cancellationToken).ConfigureAwait(false);
            await using (var insert = new Statement(connection, transaction, meta, "$key", "$value"))
            {
                await insert.ExecuteAsync(cancellationToken, "application", SqliteSchema.ApplicationMarker).ConfigureAwait(false);
                await insert.ExecuteAsync(cancellationToken, "name", name.Trim()).ConfigureAwait(false);
                await insert.ExecuteAsync(cancellationToken, "created", Rows.TimeText(_clock.GetUtcNow())).ConfigureAwait(false);
            }

            await StoreCodebookAsync(connection, transaction, codebook, cancellationToken).ConfigureAwait(false);
            var subject = $"schema {schemaVersion.ToString(CultureInfo.InvariantCulture)}, codebook {codebook.Id} {codebook.Version}";
            await AppendAuditAsync(connection, transaction, "project.create", subject, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that the file is a project this build can read, and returns its schema version.</summary>
    /// <exception cref="UserErrorException">Not a project, or a newer one (<see cref="UserErrorKind.IncompatibleProject"/>).</exception>
    internal async Task<int> CheckProjectAsync(CancellationToken cancellationToken)
    {
        int version;
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var marker = new Statement(connection, null, "SELECT value FROM meta WHERE key = 'application'");
            if (await marker.ScalarAsync(cancellationToken).ConfigureAwait(false) as string != SqliteSchema.ApplicationMarker)
            {
                throw new UserErrorException(UserErrorKind.IncompatibleProject, Messages.NotAProject(Location));
            }

            version = await SqliteSchema.GetUserVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            // Not a database, a database without our tables, or one damaged beyond reading.
            throw new UserErrorException(UserErrorKind.IncompatibleProject, Messages.NotAProject(Location), exception);
        }

        if (version > SqliteSchema.SchemaVersion)
        {
            throw new UserErrorException(UserErrorKind.IncompatibleProject, Messages.ProjectTooNew(Location, version, SqliteSchema.SchemaVersion));
        }

        return version >= 1 ? version : throw new UserErrorException(UserErrorKind.IncompatibleProject, Messages.NotAProject(Location));
    }

    /// <summary>Copies the whole project, committed WAL content included, to a new file with SQLite's online backup.</summary>
    internal async Task BackupAsync(string backupPath, CancellationToken cancellationToken)
    {
        var target = new SqliteConnectionStringBuilder
        {
            DataSource = backupPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The backup is closed for good when done, not kept open in a pool.
            Pooling = false,
        }.ToString();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var destination = new SqliteConnection(target);
        await destination.OpenAsync(cancellationToken).ConfigureAwait(false);
        connection.BackupDatabase(destination);
    }

    /// <summary>Brings the file to the current schema in one transaction.</summary>
    /// <remarks>The version is read again inside the transaction, in case another process upgraded the file meanwhile.</remarks>
    internal Task MigrateAsync(string backupName, CancellationToken cancellationToken) =>
        WriteAsync("schema.migrate", async (connection, transaction) =>
        {
            var fromVersion = await SqliteSchema.GetUserVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (fromVersion >= SqliteSchema.SchemaVersion)
            {
                return 0;
            }

            await SqliteSchema.MigrateAsync(connection, transaction, fromVersion, SqliteSchema.SchemaVersion, cancellationToken)
                .ConfigureAwait(false);
            var subject = string.Create(
                CultureInfo.InvariantCulture, $"schema {fromVersion} to {SqliteSchema.SchemaVersion}, backup {backupName}");
            await AppendAuditAsync(connection, transaction, "schema.migrate", subject, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <summary>Gives a new, still empty file pages of 16 KB instead of SQLite's 4 KB; an existing file keeps its own.</summary>
    /// <remarks>
    /// A source's text (5 KB for a typical article) then fits one page instead of spilling into overflow pages, and an
    /// import writes and checkpoints a quarter as many pages: 20-25% less time in SQLite per document.
    /// </remarks>
    private async Task UseLargePagesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, "PRAGMA page_size = 16384");
        await statement.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Switches the file to write-ahead logging, which persists in the file.</summary>
    internal async Task UseWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, "PRAGMA journal_mode = WAL");
        await statement.ScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: wait for a concurrent writer instead of failing, fsync at checkpoints only (safe with WAL), keep
            // 32 MB of pages (2 MB by default) so that an import's index and full-text pages stay in memory between groups,
            // and checkpoint at commit (the default, which a pooled connection an import used may have turned off).
            await using var pragmas = new Statement(
                connection, null, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 1000;");
            await pragmas.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a read transaction, so that the statements of one read see one state of the file.</summary>
    private static SqliteTransaction BeginSnapshot(SqliteConnection connection) => connection.BeginTransaction(deferred: true);

    /// <summary>Runs a write in one immediate transaction: all of it is committed, or none of it.</summary>
    private async Task<T> WriteAsync<T>(
        string action, Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await work(connection, transaction).ConfigureAwait(false);
            await RefreshAnalysisFactsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (UserErrorException)
        {
            // The user's input was refused: they are told once, by the caller; the log only records it.
            Log.WriteRefused(_logger, Location, action);
            throw;
        }
        catch
        {
            // Disposing the transaction rolls it back; the caller gets the failure as it was.
            Log.WriteRolledBack(_logger, Location, action);
            throw;
        }
    }

    private Task AppendAuditAsync(
        SqliteConnection connection, SqliteTransaction transaction, string action, string subject, CancellationToken cancellationToken) =>
        AppendChainedAuditAsync(connection, transaction, action, subject, cancellationToken);

    private async Task StoreCodebookAsync(
        SqliteConnection connection, SqliteTransaction transaction, Codebook codebook, CancellationToken cancellationToken)
    {
        const string existing = "SELECT json FROM codebooks WHERE id = $id AND version = $version";
        const string deactivate = "UPDATE codebooks SET active = 0 WHERE active = 1";
        const string insert = """
            INSERT INTO codebooks (id, version, json, active, stored_at) VALUES ($id, $version, $json, 1, $at)
            ON CONFLICT (id, version) DO UPDATE SET active = 1
            """;
        var json = StoreJson.Serialize(codebook);
        await using (var select = new Statement(connection, transaction, existing, "$id", "$version"))
        {
            var stored = await select.ScalarAsync(cancellationToken, codebook.Id, codebook.Version).ConfigureAwait(false) as string;
            if (stored is not null && !string.Equals(stored, json, StringComparison.Ordinal))
            {
                throw new UserErrorException(UserErrorKind.Conflict, Messages.CodebookVersionChanged(codebook.Id, codebook.Version));
            }
        }

        await using (var update = new Statement(connection, transaction, deactivate))
        {
            await update.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var upsert = new Statement(connection, transaction, insert, "$id", "$version", "$json", "$at"))
        {
            await upsert.ExecuteAsync(cancellationToken, codebook.Id, codebook.Version, json, Rows.TimeText(_clock.GetUtcNow()))
                .ConfigureAwait(false);
        }
    }

    private static ProjectInfo ReadInfo(SqliteDataReader reader, int version) => new(
        Name: reader.GetString(0),
        SchemaVersion: version,
        Created: reader.ReadTime(1),
        CodebookId: reader.GetString(2),
        CodebookVersion: reader.GetString(3),
        Cases: reader.GetInt32(4),
        Sources: reader.GetInt32(5),
        Segments: reader.GetInt32(6),
        Codings: reader.GetInt32(7));
}
