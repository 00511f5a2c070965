using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DefectorLens.Core.Protection;

/// <summary>The secret a backup is encrypted with: the project's current key, or a passphrase.</summary>
public sealed class BackupSecret
{
    private BackupSecret(ProjectKey? key, string? passphrase) => (Key, Passphrase) = (key, passphrase);

    /// <summary>The project key, when the backup is tied to the key file.</summary>
    public ProjectKey? Key { get; }

    /// <summary>The passphrase, when the backup is tied to one.</summary>
    public string? Passphrase { get; }

    /// <summary>Encrypts with a key derived from the project key (HKDF-SHA256).</summary>
    public static BackupSecret FromKey(ProjectKey key) => new(key ?? throw new ArgumentNullException(nameof(key)), null);

    /// <summary>Encrypts with a key derived from a passphrase (PBKDF2-SHA256).</summary>
    public static BackupSecret FromPassphrase(string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        return new(null, passphrase);
    }

    /// <summary>Names the kind of secret; never its value.</summary>
    public override string ToString() => Key is { } key ? $"BackupSecret {{ Key = {key.Id} }}" : "BackupSecret { Passphrase }";
}

/// <summary>Encrypts a project copy into a backup file, and checks and decrypts one.</summary>
/// <remarks>
/// Format: <c>DLENSBK1 | kind | key id | project id | salt (16) | PBKDF2 iterations | chunk size | nonce prefix (4)</c>, then chunks of
/// <c>length | ciphertext | tag</c> sealed with AES-256-GCM. Each chunk's nonce counts chunks, and its associated data
/// binds the header hash, the chunk number and whether it is the last: a flipped bit, a reordered, removed or appended
/// chunk, a changed header and a truncated file all fail the check.
/// </remarks>
public static class BackupCipher
{
    private const int ChunkSize = 1 << 20;
    private const int TagSize = 16;
    private const int SaltSize = 16;
    private const int Pbkdf2Iterations = 600_000;
    private const byte KeyKind = 1;
    private const byte PassphraseKind = 2;
    private static readonly byte[] Magic = "DLENSBK1"u8.ToArray();

    /// <summary>Encrypts <paramref name="plain"/> into <paramref name="output"/>.</summary>
    /// <param name="plain">The project copy.</param>
    /// <param name="output">The backup file.</param>
    /// <param name="secret">What to encrypt with.</param>
    /// <param name="projectId">The project's id, written in clear so that restore can find the key file.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task EncryptAsync(Stream plain, Stream output, BackupSecret secret, string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(secret);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var header = Header(secret.Key is null ? PassphraseKind : KeyKind, secret.Key?.Id ?? "", projectId, salt, Pbkdf2Iterations, ChunkSize, RandomNumberGenerator.GetBytes(4));
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        using var aes = new AesGcm(DeriveKey(secret, salt, Pbkdf2Iterations), TagSize);
        var headerHash = SHA256.HashData(header);
        var buffer = new byte[ChunkSize];
        var next = new byte[ChunkSize];
        var length = await plain.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        for (long index = 0; ; index++)
        {
            var nextLength = length == ChunkSize
                ? await plain.ReadAtLeastAsync(next, ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                : 0;
            var final = nextLength == 0;
            var sealedChunk = new byte[4 + length + TagSize];
            BinaryPrimitives.WriteInt32BigEndian(sealedChunk, length);
            aes.Encrypt(Nonce(header, index), buffer.AsSpan(0, length), sealedChunk.AsSpan(4, length), sealedChunk.AsSpan(4 + length), ChunkData(headerHash, index, final));
            await output.WriteAsync(sealedChunk, cancellationToken).ConfigureAwait(false);
            if (final)
            {
                return;
            }

            (buffer, next, length) = (next, buffer, nextLength);
        }
    }

    /// <summary>Checks and decrypts a backup into <paramref name="output"/>; a failure leaves only partial plaintext the caller must discard.</summary>
    /// <param name="input">The backup file.</param>
    /// <param name="output">Where the project copy goes.</param>
    /// <param name="keys">Finds the key ring of the project id the backup names, for backups tied to the key file.</param>
    /// <param name="passphrase">The passphrase, for backups tied to one.</param>
    /// <param name="file">The backup file's name, for messages.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="UserErrorException">
    /// Not a backup, truncated or altered (<see cref="UserErrorKind.Tampered"/>); or the key or passphrase is missing or
    /// wrong (<see cref="UserErrorKind.Locked"/>).
    /// </exception>
    public static async Task DecryptAsync(
        Stream input, Stream output, Func<string, KeyRing?> keys, string? passphrase, string file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(keys);
        var (header, kind, keyId, projectId, salt, iterations, chunkSize) = await ReadHeaderAsync(input, file, cancellationToken).ConfigureAwait(false);
        BackupSecret secret;
        if (kind == KeyKind)
        {
            var key = keys(projectId)?.Find(keyId) ?? throw new UserErrorException(UserErrorKind.Locked, Messages.BackupKeyMissing(file, keyId));
            secret = BackupSecret.FromKey(key);
        }
        else
        {
            secret = passphrase is { Length: > 0 } ? BackupSecret.FromPassphrase(passphrase) : throw new UserErrorException(UserErrorKind.Locked, Messages.BackupPassphraseMissing(file));
        }

        using var aes = new AesGcm(DeriveKey(secret, salt, iterations), TagSize);
        var headerHash = SHA256.HashData(header);
        var lengthBytes = new byte[4];
        var buffer = new byte[chunkSize + TagSize];
        var plain = new byte[chunkSize];
        for (long index = 0; ; index++)
        {
            if (await input.ReadAtLeastAsync(lengthBytes, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < 4)
            {
                throw new UserErrorException(UserErrorKind.Tampered, Messages.BackupTruncated(file));
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
            if (length < 0 || length > chunkSize)
            {
                throw new UserErrorException(UserErrorKind.Tampered, Messages.BackupAltered(file));
            }

            if (await input.ReadAtLeastAsync(buffer.AsMemory(0, length + TagSize), length + TagSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < length + TagSize)
            {
                throw new UserErrorException(UserErrorKind.Tampered, Messages.BackupTruncated(file));
            }

            // A chunk shorter than the chunk size can only be the last; a full one may be either, so try "not last" first.
            var final = length < chunkSize || !TryDecrypt(aes, header, index, headerHash, final: false, buffer, length, plain);
            if (final && !TryDecrypt(aes, header, index, headerHash, final: true, buffer, length, plain))
            {
                // With a passphrase, a first chunk that fails most likely means a mistyped passphrase.
                throw index == 0 && kind == PassphraseKind
                    ? new UserErrorException(UserErrorKind.Locked, Messages.BackupWrongSecret(file))
                    : new UserErrorException(UserErrorKind.Tampered, Messages.BackupAltered(file));
            }

            await output.WriteAsync(plain.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (final)
            {
                if (await input.ReadAsync(lengthBytes.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
                {
                    throw new UserErrorException(UserErrorKind.Tampered, Messages.BackupAltered(file));
                }

                return;
            }
        }
    }

    private static bool TryDecrypt(AesGcm aes, byte[] header, long index, byte[] headerHash, bool final, byte[] buffer, int length, byte[] plain)
    {
        try
        {
            aes.Decrypt(Nonce(header, index), buffer.AsSpan(0, length), buffer.AsSpan(length, TagSize), plain.AsSpan(0, length), ChunkData(headerHash, index, final));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static async Task<(byte[] Header, byte Kind, string KeyId, string ProjectId, byte[] Salt, int Iterations, int ChunkSize)> ReadHeaderAsync(
        Stream input, string file, CancellationToken cancellationToken)
    {
        var fixedPart = new byte[Magic.Length + 3];
        if (await input.ReadAtLeastAsync(fixedPart, fixedPart.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < fixedPart.Length
            || !fixedPart.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new UserErrorException(UserErrorKind.Tampered, Messages.NotABackup(file));
        }

        var (kind, keyLength, projectLength) = (fixedPart[Magic.Length], fixedPart[Magic.Length + 1], fixedPart[Magic.Length + 2]);
        var rest = new byte[keyLength + projectLength + SaltSize + 4 + 4 + 4];
        if (kind is not (KeyKind or PassphraseKind)
            || await input.ReadAtLeastAsync(rest, rest.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < rest.Length)
        {
            throw new UserErrorException(UserErrorKind.Tampered, Messages.NotABackup(file));
        }

        var keyId = Encoding.ASCII.GetString(rest, 0, keyLength);
        var projectId = Encoding.ASCII.GetString(rest, keyLength, projectLength);
        var offset = keyLength + projectLength;
        var salt = rest.AsSpan(offset, SaltSize).ToArray();
        var iterations = BinaryPrimitives.ReadInt32BigEndian(rest.AsSpan(offset + SaltSize));
        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(rest.AsSpan(offset + SaltSize + 4));
        if ((kind == KeyKind && !ProjectKey.IsValidId(keyId)) || projectId.Length == 0 || !projectId.All(char.IsAsciiHexDigitLower)
            || iterations is < 1 or > 10_000_000 || chunkSize is < 1 or > 16 << 20)
        {
            throw new UserErrorException(UserErrorKind.Tampered, Messages.NotABackup(file));
        }

        return ([.. fixedPart, .. rest], kind, keyId, projectId, salt, iterations, chunkSize);
    }

    private static byte[] Header(byte kind, string keyId, string projectId, byte[] salt, int iterations, int chunkSize, byte[] noncePrefix)
    {
        var id = Encoding.ASCII.GetBytes(keyId);
        var project = Encoding.ASCII.GetBytes(projectId);
        var header = new byte[Magic.Length + 3 + id.Length + project.Length + SaltSize + 12];
        Magic.CopyTo(header, 0);
        header[Magic.Length] = kind;
        header[Magic.Length + 1] = (byte)id.Length;
        header[Magic.Length + 2] = (byte)project.Length;
        var offset = Magic.Length + 3;
        id.CopyTo(header, offset);
        project.CopyTo(header, offset + id.Length);
        offset += id.Length + project.Length;
        salt.CopyTo(header, offset);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(offset + SaltSize), iterations);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(offset + SaltSize + 4), chunkSize);
        noncePrefix.CopyTo(header, offset + SaltSize + 8);
        return header;
    }

    private static byte[] Nonce(byte[] header, long index)
    {
        var nonce = new byte[12];
        header.AsSpan(header.Length - 4).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(4), index);
        return nonce;
    }

    private static byte[] ChunkData(byte[] headerHash, long index, bool final)
    {
        var data = new byte[headerHash.Length + 9];
        headerHash.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(headerHash.Length), index);
        data[^1] = final ? (byte)1 : (byte)0;
        return data;
    }

    private static byte[] DeriveKey(BackupSecret secret, byte[] salt, int iterations)
    {
        if (secret.Key is not { } key)
        {
            return Rfc2898DeriveBytes.Pbkdf2(secret.Passphrase!, salt, iterations, HashAlgorithmName.SHA256, 32);
        }

        var derived = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Material, derived, salt, "dlens.backup.v1"u8);
        return derived;
    }
}
