using DefectorLens.Core;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>What <c>dlens keys init</c> did.</summary>
/// <param name="KeyFile">Where the key ring was written.</param>
/// <param name="KeyId">The new key's id.</param>
/// <param name="Sealed">Identities stored in clear by an older version, now encrypted.</param>
public sealed record KeyCreation(string KeyFile, string KeyId, int Sealed);

/// <summary>What <c>dlens keys rotate</c> did.</summary>
/// <param name="KeyFile">The key ring.</param>
/// <param name="KeyId">The current key after the rotation.</param>
/// <param name="RetiredKeyId">The key it replaced; null when an interrupted rotation was finished instead.</param>
/// <param name="Reencrypted">Identities re-encrypted.</param>
public sealed record KeyRotation(string KeyFile, string KeyId, string? RetiredKeyId, int Reencrypted)
{
    /// <summary>True when this run finished an earlier, interrupted rotation instead of starting a new one.</summary>
    public bool Resumed => RetiredKeyId is null;
}

/// <summary>Creates and rotates a project's key.</summary>
public static class ProtectionKeys
{
    /// <summary>Creates the key of a project that has none, and encrypts identities an older version stored in clear.</summary>
    /// <exception cref="UserErrorException">The project has a key already (<see cref="UserErrorKind.Conflict"/>).</exception>
    public static async Task<KeyCreation> InitAsync(IProjectStore store, IKeyStore keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        var status = await store.GetProtectionAsync(cancellationToken).ConfigureAwait(false);
        if (status.Unlocked)
        {
            throw new UserErrorException(UserErrorKind.Conflict, Messages.KeyExists(status.KeyLocation));
        }

        var ring = KeyRing.Generate();
        keys.Save(status.ProjectId, ring);
        await store.RecordAsync("keys.init", $"key {ring.Current.Id}", cancellationToken).ConfigureAwait(false);
        var sealedCount = await store.ReencryptIdentitiesAsync(null, cancellationToken).ConfigureAwait(false);
        return new KeyCreation(status.KeyLocation, ring.Current.Id, sealedCount);
    }

    /// <summary>Replaces the current key with a new one and re-encrypts every identity under it.</summary>
    /// <remarks>
    /// The new ring (new key current, old key retired) is saved before any value changes, and values are re-encrypted in
    /// batches that each commit. An interrupted run leaves values under both keys, all readable; the next run sees values
    /// not under the current key and finishes the job instead of making yet another key.
    /// </remarks>
    /// <exception cref="UserErrorException">The project has no key, or the key file does not fit it (<see cref="UserErrorKind.Locked"/>).</exception>
    public static async Task<KeyRotation> RotateAsync(IProjectStore store, IKeyStore keys, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        var status = await store.GetProtectionAsync(cancellationToken).ConfigureAwait(false);
        var ring = keys.Load(status.ProjectId) ?? throw new UserErrorException(UserErrorKind.Locked, Messages.KeyMissing(status.KeyLocation));
        string? retired = null;
        if (status.StaleValues == 0)
        {
            var rotated = ring.Rotate();
            keys.Save(status.ProjectId, rotated);
            retired = ring.Current.Id;
            ring = rotated;
            await store.RecordAsync("keys.rotate", $"key {retired} to {ring.Current.Id}", cancellationToken).ConfigureAwait(false);
        }

        var count = await store.ReencryptIdentitiesAsync(progress, cancellationToken).ConfigureAwait(false);
        return new KeyRotation(status.KeyLocation, ring.Current.Id, retired, count);
    }

    /// <summary>The keyed identifiers cases get in exports; an export calls <see cref="ExportIds.CaseRef"/> for each case it writes.</summary>
    /// <exception cref="UserErrorException">The project's key is not at hand (<see cref="UserErrorKind.Locked"/>).</exception>
    public static Task<ExportIds> ExportIdsAsync(IProjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetExportIdsAsync(cancellationToken);
    }

    /// <summary>Checks the audit log and describes the outcome.</summary>
    public static Task<AuditCheck> VerifyAuditAsync(IProjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.VerifyAuditAsync(cancellationToken);
    }
}
