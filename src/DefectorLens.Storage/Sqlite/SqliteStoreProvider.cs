using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Creates and opens projects kept in one SQLite file each (the embedded default store).</summary>
/// <remarks>
/// The location is the path of the project file. Opening a file of an older schema first writes a backup next to it
/// (<c>project.dlens.v1.bak</c>) with SQLite's online backup, then applies the missing migrations in one transaction.
/// </remarks>
public sealed class SqliteStoreProvider : IProjectStoreProvider
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly string _actor;
    private readonly IKeyStore _keys;

    /// <summary>Makes a provider whose stores stamp writes with the clock's time and the given actor, with key files where the environment says.</summary>
    /// <param name="clock">The time written to the audit log and the project.</param>
    /// <param name="loggerFactory">Where stores log (ids and counts only).</param>
    /// <param name="actor">Who is working: a user name or a process, recorded in the audit log.</param>
    /// <remarks>Key files: see <see cref="KeyFiles.FromEnvironment"/>.</remarks>
    public SqliteStoreProvider(TimeProvider clock, ILoggerFactory loggerFactory, string actor)
        : this(clock, loggerFactory, actor, KeyFiles.FromEnvironment())
    {
    }

    /// <summary>Makes a provider whose stores stamp writes with the clock's time and the given actor, and keep their keys in <paramref name="keys"/>.</summary>
    /// <param name="clock">The time written to the audit log and the project.</param>
    /// <param name="loggerFactory">Where stores log (ids and counts only).</param>
    /// <param name="actor">Who is working: a user name or a process, recorded in the audit log.</param>
    /// <param name="keys">Where each project's key ring is kept, outside the project.</param>
    public SqliteStoreProvider(TimeProvider clock, ILoggerFactory loggerFactory, string actor, IKeyStore keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        _clock = clock;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SqliteStoreProvider>();
        _actor = actor;
    }

    /// <inheritdoc />
    public Task<IProjectStore> CreateAsync(string location, string name, Codebook codebook, CancellationToken cancellationToken) =>
        CreateAsync(location, name, codebook, SqliteSchema.SchemaVersion, cancellationToken);

    /// <summary>Creates a project at an older schema version, so that tests can exercise upgrades.</summary>
    internal async Task<IProjectStore> CreateAsync(
        string location, string name, Codebook codebook, int schemaVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(schemaVersion);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(schemaVersion, SqliteSchema.SchemaVersion);
        SqliteProjectStore.EnsureValid(codebook);

        var path = Path.GetFullPath(location);
        ClaimNewFile(location, path);
        var store = NewStore(location, path);
        try
        {
            await store.InitializeAsync(name, codebook, schemaVersion, cancellationToken).ConfigureAwait(false);
            if (schemaVersion >= SqliteSchema.ProtectionVersion)
            {
                // A new project gets its key at once, outside the project, so identities can be imported right away.
                await store.EnsureKeyAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // A project that could not be written whole must not be left behind half-written.
            await store.DisposeAsync().ConfigureAwait(false);
            DeleteProjectFiles(path);
            throw;
        }

        Log.ProjectCreated(_logger, location, schemaVersion);
        return store;
    }

    /// <inheritdoc />
    public async Task<IProjectStore> OpenAsync(string location, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var path = Path.GetFullPath(location);
        if (!File.Exists(path))
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.ProjectNotFound(location));
        }

        if (!HasSqliteHeader(path))
        {
            throw new UserErrorException(UserErrorKind.IncompatibleProject, Messages.NotAProject(location));
        }

        var store = NewStore(location, path);
        try
        {
            var version = await store.CheckProjectAsync(cancellationToken).ConfigureAwait(false);
            if (version < SqliteSchema.SchemaVersion)
            {
                await UpgradeAsync(store, location, path, version, cancellationToken).ConfigureAwait(false);
            }

            await store.UseWriteAheadLogAsync(cancellationToken).ConfigureAwait(false);
            Log.ProjectOpened(_logger, location, SqliteSchema.SchemaVersion);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task UpgradeAsync(SqliteProjectStore store, string location, string path, int version, CancellationToken cancellationToken)
    {
        var backupPath = FreeBackupPath(path, version);
        await store.BackupAsync(backupPath, cancellationToken).ConfigureAwait(false);
        Log.BackupWritten(_logger, location, version, backupPath);
        await store.MigrateAsync(Path.GetFileName(backupPath), cancellationToken).ConfigureAwait(false);
        Log.Migrated(_logger, location, version, SqliteSchema.SchemaVersion);
    }

    private SqliteProjectStore NewStore(string location, string path) =>
        new(location, path, _clock, _loggerFactory.CreateLogger<SqliteProjectStore>(), _actor, _keys);

    // Creating the file exclusively closes the gap between "does it exist?" and "make it".
    private static void ClaimNewFile(string location, string path)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new UserErrorException(UserErrorKind.Conflict, Messages.ProjectExists(location));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            using var claim = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        }
        catch (IOException exception) when (File.Exists(path))
        {
            throw new UserErrorException(UserErrorKind.Conflict, Messages.ProjectExists(location), exception);
        }
    }

    private static bool HasSqliteHeader(string path)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            && header.SequenceEqual(SqliteHeader);
    }

    // An earlier backup is never overwritten: it may be the only copy of the file before a failed upgrade.
    private static string FreeBackupPath(string path, int version)
    {
        var candidate = $"{path}.v{version}.bak";
        for (var attempt = 2; File.Exists(candidate); attempt++)
        {
            candidate = $"{path}.v{version}.{attempt}.bak";
        }

        return candidate;
    }

    private static void DeleteProjectFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
