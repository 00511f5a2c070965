using System.Collections.Immutable;
using System.Security.Cryptography;

namespace DefectorLens.Core.Protection;

/// <summary>One 256-bit key that encrypts identity values, named by a short id stored beside every value it encrypted.</summary>
/// <remarks><see cref="ToString"/> names the key only: the key material never reaches a log or a message.</remarks>
public sealed class ProjectKey
{
    /// <summary>Bytes of key material.</summary>
    public const int Size = 32;

    private readonly byte[] _material;

    private ProjectKey(string id, byte[] material) => (Id, _material) = (id, material);

    /// <summary>The key's id, <c>k</c> and eight hex digits, e.g. <c>k3f9a01c2</c>.</summary>
    public string Id { get; }

    /// <summary>The key material, for ciphers and key files only.</summary>
    public ReadOnlySpan<byte> Material => _material;

    /// <summary>Makes a new random key with a new random id.</summary>
    public static ProjectKey Generate() =>
        new("k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), RandomNumberGenerator.GetBytes(Size));

    /// <summary>Rebuilds a key read from a key file.</summary>
    /// <returns>The key, or null when the id or the material is malformed.</returns>
    public static ProjectKey? From(string id, ReadOnlySpan<byte> material) =>
        IsValidId(id) && material.Length == Size ? new ProjectKey(id, material.ToArray()) : null;

    /// <summary>True when the text has the shape of a key id.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: 9 } && id[0] == 'k' && id.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>Names the key; never shows its material.</summary>
    public override string ToString() => $"ProjectKey {Id}";
}

/// <summary>A project's keys: the current one that encrypts, older ones kept to read what they encrypted, and the secret behind export ids.</summary>
/// <remarks>
/// Rotation makes a new current key and retires the old one; once every value is re-encrypted the retired keys are only
/// needed for backups made before the rotation. The export secret never rotates, so that exports stay joinable.
/// </remarks>
public sealed class KeyRing
{
    private readonly byte[] _exportSecret;

    private KeyRing(ProjectKey current, ImmutableArray<ProjectKey> retired, byte[] exportSecret) =>
        (Current, Retired, _exportSecret) = (current, retired, exportSecret);

    /// <summary>The key new values are encrypted with.</summary>
    public ProjectKey Current { get; }

    /// <summary>Earlier keys, newest first.</summary>
    public ImmutableArray<ProjectKey> Retired { get; }

    /// <summary>The secret that keys export identifiers (HMAC-SHA256).</summary>
    public ReadOnlySpan<byte> ExportSecret => _exportSecret;

    /// <summary>A new ring with a random key and a random export secret.</summary>
    public static KeyRing Generate() => new(ProjectKey.Generate(), [], RandomNumberGenerator.GetBytes(ProjectKey.Size));

    /// <summary>Rebuilds a ring read from a key file.</summary>
    /// <returns>The ring, or null when the export secret is malformed or a key id repeats.</returns>
    public static KeyRing? From(ProjectKey current, IEnumerable<ProjectKey> retired, ReadOnlySpan<byte> exportSecret)
    {
        ArgumentNullException.ThrowIfNull(current);
        var older = retired.ToImmutableArray();
        var ids = older.Select(key => key.Id).Append(current.Id).ToList();
        return exportSecret.Length == ProjectKey.Size && ids.Distinct(StringComparer.Ordinal).Count() == ids.Count
            ? new KeyRing(current, older, exportSecret.ToArray())
            : null;
    }

    /// <summary>A ring whose current key is new and whose old current key is retired.</summary>
    public KeyRing Rotate() => new(ProjectKey.Generate(), [Current, .. Retired], _exportSecret);

    /// <summary>The key with this id, current or retired.</summary>
    public ProjectKey? Find(string id) =>
        string.Equals(Current.Id, id, StringComparison.Ordinal) ? Current : Retired.FirstOrDefault(key => string.Equals(key.Id, id, StringComparison.Ordinal));

    /// <summary>Names the keys; never shows their material.</summary>
    public override string ToString() => $"KeyRing {{ Current = {Current.Id}, Retired = [{string.Join(", ", Retired.Select(key => key.Id))}] }}";
}

/// <summary>Where a project's key ring is kept, outside the project file.</summary>
public interface IKeyStore
{
    /// <summary>Where the ring of this project is, for messages (a path).</summary>
    string Describe(string projectId);

    /// <summary>The project's key ring, or null when there is none.</summary>
    /// <exception cref="UserErrorException">The key file exists but is not a key file of this project (<see cref="UserErrorKind.Locked"/>).</exception>
    KeyRing? Load(string projectId);

    /// <summary>Writes the project's key ring, replacing the previous one whole or not at all.</summary>
    void Save(string projectId, KeyRing ring);
}
