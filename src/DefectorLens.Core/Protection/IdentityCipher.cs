using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Protection;

/// <summary>Encrypts and decrypts a case's identity with AES-256-GCM under a key ring.</summary>
/// <remarks>
/// <para>
/// The identity fields (real name, aliases, contact, exact location, notes) are sealed together as one record, stored as
/// <c>version (1) | key id length (1) | key id | nonce (12) | tag (16) | ciphertext</c>. Every record has its own random
/// nonce; the associated data binds the case and the key id, so that a record copied to another case, or relabelled with
/// another key id, fails its check instead of decrypting. Inside the record each field is length-prefixed under its own
/// tag, so every field is covered by the record's authentication tag.
/// </para>
/// <para>
/// One AES-GCM operation per identity rather than one per field: on the reference machine an operation costs a fixed
/// couple of microseconds whatever its size, and five per case would add a third to an import. Nonces are drawn from the
/// system's random generator in blocks for the same reason. Not thread-safe: one instance per operation.
/// </para>
/// </remarks>
public sealed class IdentityCipher : IDisposable
{
    private const byte FormatVersion = 2;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int NoncesPerRefill = 256;

    private readonly KeyRing _ring;
    private readonly Dictionary<string, AesGcm> _ciphers = new(StringComparer.Ordinal);
    private readonly byte[] _nonces = new byte[NonceSize * NoncesPerRefill];
    private int _nextNonce = NoncesPerRefill;

    /// <summary>Makes a cipher that encrypts with the ring's current key and decrypts with any of its keys.</summary>
    public IdentityCipher(KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
    }

    /// <summary>The id of the key new records are encrypted with.</summary>
    public string CurrentKeyId => _ring.Current.Id;

    /// <summary>Encrypts a case's identity.</summary>
    public byte[] Seal(CaseIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var key = _ring.Current;
        var keyId = Encoding.ASCII.GetBytes(key.Id);
        var plain = Serialize(identity);
        var blob = new byte[2 + keyId.Length + NonceSize + TagSize + plain.Length];
        blob[0] = FormatVersion;
        blob[1] = (byte)keyId.Length;
        keyId.CopyTo(blob, 2);
        var offset = 2 + keyId.Length;
        var nonce = blob.AsSpan(offset, NonceSize);
        NextNonce().CopyTo(nonce);
        CipherFor(key).Encrypt(
            nonce, plain, blob.AsSpan(offset + NonceSize + TagSize), blob.AsSpan(offset + NonceSize, TagSize), AssociatedData(identity.CaseId, key.Id));
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    /// <summary>Decrypts a stored identity.</summary>
    /// <exception cref="UserErrorException">
    /// The record was encrypted with a key the ring does not hold (<see cref="UserErrorKind.Locked"/>), or it fails its
    /// integrity check (<see cref="UserErrorKind.Tampered"/>).
    /// </exception>
    public CaseIdentity Open(CaseId caseId, ReadOnlySpan<byte> blob)
    {
        var keyId = KeyIdOf(blob) ?? throw Tampered(caseId);
        var key = _ring.Find(keyId) ?? throw new UserErrorException(UserErrorKind.Locked, Messages.IdentityKeyNotInRing(caseId.Value, keyId, _ring.Current.Id));
        var offset = 2 + keyId.Length;
        var cipherText = blob[(offset + NonceSize + TagSize)..];
        var plain = new byte[cipherText.Length];
        try
        {
            CipherFor(key).Decrypt(blob.Slice(offset, NonceSize), cipherText, blob.Slice(offset + NonceSize, TagSize), plain, AssociatedData(caseId, keyId));
            return Deserialize(caseId, plain) ?? throw Tampered(caseId);
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw Tampered(caseId, exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The id of the key a stored record was encrypted with, or null when the bytes are not an encrypted record.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2 || blob[0] != FormatVersion || blob.Length < 2 + blob[1] + NonceSize + TagSize)
        {
            return null;
        }

        var id = Encoding.ASCII.GetString(blob.Slice(2, blob[1]));
        return ProjectKey.IsValidId(id) ? id : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var cipher in _ciphers.Values)
        {
            cipher.Dispose();
        }

        _ciphers.Clear();
    }

    private static UserErrorException Tampered(CaseId caseId, Exception? inner = null) =>
        new(UserErrorKind.Tampered, Messages.IdentityTampered(caseId.Value), inner ?? new CryptographicException());

    private ReadOnlySpan<byte> NextNonce()
    {
        if (_nextNonce == NoncesPerRefill)
        {
            RandomNumberGenerator.Fill(_nonces);
            _nextNonce = 0;
        }

        return _nonces.AsSpan(NonceSize * _nextNonce++, NonceSize);
    }

    private AesGcm CipherFor(ProjectKey key)
    {
        if (!_ciphers.TryGetValue(key.Id, out var cipher))
        {
            cipher = new AesGcm(key.Material, TagSize);
            _ciphers[key.Id] = cipher;
        }

        return cipher;
    }

    private static byte[] AssociatedData(CaseId caseId, string keyId) =>
        Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"dlens.identity.v2\0{caseId.Value.Length}:{caseId.Value}\0{keyId}"));

    // Field tags, each followed by a length-prefixed UTF-8 value; aliases repeat their tag.
    private const byte RealNameTag = 1;
    private const byte AliasTag = 2;
    private const byte ContactTag = 3;
    private const byte LocationTag = 4;
    private const byte NotesTag = 5;

    private static byte[] Serialize(CaseIdentity identity)
    {
        var fields = new List<(byte Tag, string Value)>();
        void Add(byte tag, string? value)
        {
            if (value is not null)
            {
                fields.Add((tag, value));
            }
        }

        Add(RealNameTag, identity.RealName);
        foreach (var alias in identity.Aliases.IsDefault ? [] : identity.Aliases)
        {
            Add(AliasTag, alias);
        }

        Add(ContactTag, identity.Contact);
        Add(LocationTag, identity.ExactLocation);
        Add(NotesTag, identity.Notes);
        var buffer = new byte[fields.Sum(field => 5 + Encoding.UTF8.GetByteCount(field.Value))];
        var offset = 0;
        foreach (var (tag, value) in fields)
        {
            buffer[offset] = tag;
            var length = Encoding.UTF8.GetBytes(value, buffer.AsSpan(offset + 5));
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(offset + 1), length);
            offset += 5 + length;
        }

        return buffer;
    }

    private static CaseIdentity? Deserialize(CaseId caseId, ReadOnlySpan<byte> plain)
    {
        var identity = CaseIdentity.For(caseId);
        var aliases = ImmutableArray.CreateBuilder<string>();
        while (!plain.IsEmpty)
        {
            if (plain.Length < 5 || BinaryPrimitives.ReadInt32BigEndian(plain[1..]) is var length && (length < 0 || length > plain.Length - 5))
            {
                return null;
            }

            var value = Encoding.UTF8.GetString(plain.Slice(5, length));
            identity = plain[0] switch
            {
                RealNameTag => identity with { RealName = value },
                ContactTag => identity with { Contact = value },
                LocationTag => identity with { ExactLocation = value },
                NotesTag => identity with { Notes = value },
                _ => identity,
            };
            if (plain[0] == AliasTag)
            {
                aliases.Add(value);
            }

            plain = plain[(5 + length)..];
        }

        return identity with { Aliases = aliases.ToImmutable() };
    }
}
