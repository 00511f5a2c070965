using DefectorLens.Core;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>What <c>dlens backup</c> wrote.</summary>
/// <param name="File">The backup file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="KeyId">The key it is tied to; null when tied to a passphrase.</param>
public sealed record BackupResult(string File, long Bytes, string? KeyId);

/// <summary>What <c>dlens restore</c> did.</summary>
/// <param name="ProjectFile">The restored project.</param>
/// <param name="AuditEvents">Events in its audit log, all verified.</param>
public sealed record RestoreResult(string ProjectFile, int AuditEvents);

/// <summary>Encrypted, integrity-checked copies of a project, and their restoration.</summary>
public static class ProtectionBackups
{
    /// <summary>Writes an encrypted copy of the project, taken with SQLite's online backup so the project may stay in use.</summary>
    /// <param name="store">The project.</param>
    /// <param name="keys">Its key ring, for a backup tied to the project key.</param>
    /// <param name="file">The backup file to write; must not exist.</param>
    /// <param name="passphrase">Tie the backup to this passphrase instead of the project key.</param>
    /// <param name="cancellationToken">Stops the work; nothing is left behind.</param>
    /// <exception cref="UserErrorException">The file exists (<see cref="UserErrorKind.Conflict"/>), or no key is at hand (<see cref="UserErrorKind.Locked"/>).</exception>
    public static async Task<BackupResult> BackupAsync(
        IProjectStore store, IKeyStore keys, string file, string? passphrase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        var target = Path.GetFullPath(file);
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new UserErrorException(UserErrorKind.Conflict, Messages.BackupFileExists(file));
        }

        var status = await store.GetProtectionAsync(cancellationToken).ConfigureAwait(false);
        var secret = passphrase is not null
            ? BackupSecret.FromPassphrase(passphrase)
            : BackupSecret.FromKey((keys.Load(status.ProjectId) ?? throw new UserErrorException(UserErrorKind.Locked, Messages.KeyMissing(status.KeyLocation))).Current);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var copy = PrivateTemporaryPath(target, "copy");
        var partial = PrivateTemporaryPath(target, "partial");
        try
        {
            // Created private and empty first: SQLite fills an empty file without changing its mode.
            await CreatePrivate(copy).DisposeAsync().ConfigureAwait(false);
            await store.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            await using (var plain = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, useAsync: true))
            await using (var output = CreatePrivate(partial))
            {
                await BackupCipher.EncryptAsync(plain, output, secret, status.ProjectId, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, target);
        }
        finally
        {
            File.Delete(copy);
            File.Delete(partial);
        }

        var tie = secret.Key is { } key ? $"key {key.Id}" : "passphrase";
        await store.RecordAsync("backup", $"{Path.GetFileName(target)}, {tie}", cancellationToken).ConfigureAwait(false);
        return new BackupResult(target, new FileInfo(target).Length, secret.Key?.Id);
    }

    /// <summary>Checks a backup whole, then restores it as a new project; nothing is written in place until every check passed.</summary>
    /// <param name="provider">Opens the restored copy to check it.</param>
    /// <param name="keys">Key rings, for backups tied to a project key.</param>
    /// <param name="file">The backup file.</param>
    /// <param name="projectFile">Where the project goes; must not exist.</param>
    /// <param name="passphrase">The passphrase, for backups tied to one.</param>
    /// <param name="cancellationToken">Stops the work; nothing is left behind.</param>
    /// <exception cref="UserErrorException">
    /// The target exists (<see cref="UserErrorKind.Conflict"/>); the backup is missing (<see cref="UserErrorKind.NotFound"/>),
    /// truncated, altered or holds no intact project (<see cref="UserErrorKind.Tampered"/>); or the key or passphrase is
    /// missing or wrong (<see cref="UserErrorKind.Locked"/>).
    /// </exception>
    public static async Task<RestoreResult> RestoreAsync(
        IProjectStoreProvider provider, IKeyStore keys, string file, string projectFile, string? passphrase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(keys);
        var target = Path.GetFullPath(projectFile);
        if (File.Exists(target))
        {
            throw new UserErrorException(UserErrorKind.Conflict, Messages.RestoreTargetExists(projectFile));
        }

        if (!File.Exists(file))
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.FileNotFound(file));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var restoring = PrivateTemporaryPath(target, "restoring");
        try
        {
            await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            await using (var output = CreatePrivate(restoring))
            {
                await BackupCipher.DecryptAsync(input, output, keys.Load, passphrase, file, cancellationToken).ConfigureAwait(false);
            }

            var events = await CheckProjectAsync(provider, restoring, file, cancellationToken).ConfigureAwait(false);
            File.Move(restoring, target);
            return new RestoreResult(target, events);
        }
        finally
        {
            foreach (var leftover in new[] { restoring, restoring + "-wal", restoring + "-shm" })
            {
                File.Delete(leftover);
            }
        }
    }

    private static async Task<int> CheckProjectAsync(IProjectStoreProvider provider, string path, string file, CancellationToken cancellationToken)
    {
        IProjectStore store;
        try
        {
            store = await provider.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (UserErrorException exception) when (exception.Kind is UserErrorKind.IncompatibleProject or UserErrorKind.NotFound)
        {
            throw new UserErrorException(UserErrorKind.Tampered, Messages.BackupNotAProject(file), exception);
        }

        await using (store.ConfigureAwait(false))
        {
            var audit = await store.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
            return audit.Intact
                ? audit.Events
                : throw new UserErrorException(UserErrorKind.Tampered, Messages.AuditBroken(file, audit.Problem!));
        }
    }

    // Beside the target, so the final move is a rename on one file system; hidden, and readable by the owner only.
    private static string PrivateTemporaryPath(string target, string purpose) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{purpose}-{Guid.NewGuid():N}");

    private static FileStream CreatePrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
