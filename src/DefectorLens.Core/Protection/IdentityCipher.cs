using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Protection;

/// <summary>Encrypts and decrypts a case's identity with AES-256-GCM under a key ring, each value on its own.</summary>
/// <remarks>
/// <para>
/// Every present value (the real name, each alias, the contact, the exact location, the notes) is its own AES-GCM
/// ciphertext with its own random nonce. A case's values are stored together as one container:
/// <c>version (1) | key id length (1) | key id | entry count (2)</c>, then per value
/// <c>field (1) | index (2) | length (4) | nonce (12) | tag (16) | ciphertext</c>.
/// </para>
/// <para>
/// A value's associated data binds the case, the key id, the value's field and index, and the list of every entry's
/// field and index. A value moved to another field or another case, relabelled with another key id, dropped, duplicated
/// or reordered therefore fails its tag instead of decrypting as something it is not.
/// </para>
/// <para>
/// An AES-GCM operation costs a fixed couple of microseconds whatever its size, so the work per value is kept to that
/// operation: one <see cref="AesGcm"/> per key is reused, nonces are drawn from the system's random generator in blocks,
/// and the associated data is built once per case with only the field and index rewritten per value. Not thread-safe:
/// one instance per thread.
/// </para>
/// </remarks>
public sealed class IdentityCipher : IDisposable
{
    private const byte FormatVersion = 3;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int EntryHeaderSize = 1 + 2 + 4;
    private const int EntryOverhead = EntryHeaderSize + NonceSize + TagSize;
    private const int NoncesPerRefill = 1024;
    private const int StackLimit = 512;

    private static ReadOnlySpan<byte> Domain => "dlens.identity.v3\0"u8;

    private readonly KeyRing _ring;
    private readonly Dictionary<string, AesGcm> _ciphers = new(StringComparer.Ordinal);
    private readonly byte[] _nonces = new byte[NonceSize * NoncesPerRefill];
    private readonly List<(Entry Entry, string Text)> _values = [];
    private byte[] _associated = new byte[256];
    private int _nextNonce = NoncesPerRefill;

    /// <summary>Makes a cipher that encrypts with the ring's current key and decrypts with any of its keys.</summary>
    public IdentityCipher(KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
    }

    /// <summary>The id of the key new values are encrypted with.</summary>
    public string CurrentKeyId => _ring.Current.Id;

    /// <summary>Encrypts each value of a case's identity with its own nonce, as one container.</summary>
    /// <exception cref="ArgumentException">The identity has more aliases than a container holds (65,531).</exception>
    public byte[] Seal(CaseIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var values = Values(identity);
        var key = _ring.Current;
        var size = 2 + key.Id.Length + 2;
        foreach (var value in values)
        {
            size += EntryOverhead + Encoding.UTF8.GetByteCount(value.Text);
        }

        var blob = new byte[size];
        blob[0] = FormatVersion;
        blob[1] = (byte)key.Id.Length;
        var offset = 2 + Encoding.ASCII.GetBytes(key.Id, blob.AsSpan(2));
        BinaryPrimitives.WriteUInt16BigEndian(blob.AsSpan(offset), (ushort)values.Count);
        offset += 2;
        var associated = AssociatedPrefix(identity.CaseId, key.Id, values.Count, i => values[i].Entry);
        var aes = CipherFor(key);
        Span<byte> small = stackalloc byte[StackLimit];
        foreach (var (entry, text) in values)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            var header = blob.AsSpan(offset, EntryHeaderSize);
            header[0] = (byte)entry.Field;
            BinaryPrimitives.WriteUInt16BigEndian(header[1..], entry.Index);
            BinaryPrimitives.WriteInt32BigEndian(header[3..], length);
            var nonce = blob.AsSpan(offset + EntryHeaderSize, NonceSize);
            NextNonce().CopyTo(nonce);
            var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
            var plain = rented is null ? small[..length] : rented.AsSpan(0, length);
            try
            {
                Encoding.UTF8.GetBytes(text, plain);
                aes.Encrypt(
                    nonce, plain, blob.AsSpan(offset + EntryOverhead, length), blob.AsSpan(offset + EntryHeaderSize + NonceSize, TagSize), AssociatedFor(associated, entry));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            offset += EntryOverhead + length;
        }

        // The reused list must not keep this identity's values reachable until the next case.
        values.Clear();
        return blob;
    }

    /// <summary>Decrypts a stored identity, checking every value.</summary>
    /// <exception cref="UserErrorException">
    /// The container was encrypted with a key the ring does not hold (<see cref="UserErrorKind.Locked"/>), or it or one of
    /// its values fails its integrity check (<see cref="UserErrorKind.Tampered"/>; the message names the case and the field).
    /// </exception>
    public CaseIdentity Open(CaseId caseId, ReadOnlySpan<byte> blob)
    {
        var keyId = KeyIdOf(blob) ?? throw Tampered(caseId);
        var key = _ring.Find(keyId) ?? throw new UserErrorException(UserErrorKind.Locked, Messages.IdentityKeyNotInRing(caseId.Value, keyId, _ring.Current.Id));
        var entries = Entries(blob, 2 + keyId.Length) ?? throw Tampered(caseId);
        var associated = AssociatedPrefix(caseId, keyId, entries.Count, i => entries[i].Entry);
        var aes = CipherFor(key);
        var identity = CaseIdentity.For(caseId);
        var aliases = ImmutableArray.CreateBuilder<string>();
        Span<byte> small = stackalloc byte[StackLimit];
        foreach (var (entry, start, length) in entries)
        {
            var value = blob.Slice(start, EntryOverhead - EntryHeaderSize + length);
            var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
            var plain = rented is null ? small[..length] : rented.AsSpan(0, length);
            string text;
            try
            {
                aes.Decrypt(value[..NonceSize], value[(NonceSize + TagSize)..], value.Slice(NonceSize, TagSize), plain, AssociatedFor(associated, entry));
                text = Encoding.UTF8.GetString(plain);
            }
            catch (AuthenticationTagMismatchException exception)
            {
                throw new UserErrorException(UserErrorKind.Tampered, Messages.IdentityValueTampered(caseId.Value, FieldName(entry)), exception);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            identity = entry.Field switch
            {
                IdentityField.RealName => identity with { RealName = text },
                IdentityField.Contact => identity with { Contact = text },
                IdentityField.ExactLocation => identity with { ExactLocation = text },
                IdentityField.Notes => identity with { Notes = text },
                _ => identity,
            };
            if (entry.Field == IdentityField.Alias)
            {
                aliases.Add(text);
            }
        }

        return identity with { Aliases = aliases.ToImmutable() };
    }

    /// <summary>The id of the key a stored container was encrypted with, or null when the bytes are not an encrypted container.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2 || blob[0] != FormatVersion || blob.Length < 2 + blob[1] + 2)
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

    private static UserErrorException Tampered(CaseId caseId) =>
        new(UserErrorKind.Tampered, Messages.IdentityTampered(caseId.Value), new CryptographicException());

    private static string FieldName(Entry entry) => entry.Field switch
    {
        IdentityField.RealName => "real name",
        IdentityField.Alias => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"alias {entry.Index + 1}"),
        IdentityField.Contact => "contact",
        IdentityField.ExactLocation => "exact location",
        _ => "identity notes",
    };

    /// <summary>The present values in their stored order: real name, aliases, contact, exact location, notes.</summary>
    private List<(Entry Entry, string Text)> Values(CaseIdentity identity)
    {
        var aliases = identity.Aliases.IsDefault ? [] : identity.Aliases;
        if (aliases.Length > ushort.MaxValue - 4)
        {
            throw new ArgumentException($"the identity of case '{identity.CaseId}' has {aliases.Length} aliases; a container holds at most {ushort.MaxValue - 4}", nameof(identity));
        }

        var values = _values;
        values.Clear();
        if (identity.RealName is { } realName)
        {
            values.Add((new Entry(IdentityField.RealName, 0), realName));
        }

        for (var i = 0; i < aliases.Length; i++)
        {
            values.Add((new Entry(IdentityField.Alias, (ushort)i), aliases[i]));
        }

        if (identity.Contact is { } contact)
        {
            values.Add((new Entry(IdentityField.Contact, 0), contact));
        }

        if (identity.ExactLocation is { } location)
        {
            values.Add((new Entry(IdentityField.ExactLocation, 0), location));
        }

        if (identity.Notes is { } notes)
        {
            values.Add((new Entry(IdentityField.Notes, 0), notes));
        }

        return values;
    }

    /// <summary>Each entry of the container, with where its nonce starts in it and how long its ciphertext is; null when malformed.</summary>
    private static List<(Entry Entry, int Start, int Length)>? Entries(ReadOnlySpan<byte> blob, int offset)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(blob[offset..]);
        offset += 2;
        var entries = new List<(Entry, int, int)>(count);
        for (var i = 0; i < count; i++)
        {
            if (blob.Length - offset < EntryOverhead)
            {
                return null;
            }

            var field = (IdentityField)blob[offset];
            var length = BinaryPrimitives.ReadInt32BigEndian(blob[(offset + 3)..]);
            if (field is < IdentityField.RealName or > IdentityField.Notes || length < 0 || length > blob.Length - offset - EntryOverhead)
            {
                return null;
            }

            entries.Add((new Entry(field, BinaryPrimitives.ReadUInt16BigEndian(blob[(offset + 1)..])), offset + EntryHeaderSize, length));
            offset += EntryOverhead + length;
        }

        return offset == blob.Length ? entries : null;
    }

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

    private enum IdentityField : byte
    {
        RealName = 1,
        Alias = 2,
        Contact = 3,
        ExactLocation = 4,
        Notes = 5,
    }

    private readonly record struct Entry(IdentityField Field, ushort Index);

    /// <summary>
    /// Writes the associated data shared by a container's values into a buffer reused from one case to the next:
    /// <c>domain | case id length (4) | case id | key id length (1) | key id | entry count (2) | every entry's field and index</c>,
    /// followed by three bytes for the value's own field and index (<see cref="AssociatedFor"/>).
    /// </summary>
    /// <returns>The length of the associated data, those three bytes included.</returns>
    private int AssociatedPrefix(CaseId caseId, string keyId, int count, Func<int, Entry> entry)
    {
        var caseBytes = Encoding.UTF8.GetByteCount(caseId.Value);
        var length = Domain.Length + 4 + caseBytes + 1 + keyId.Length + 2 + (count * 3) + 3;
        if (_associated.Length < length)
        {
            _associated = new byte[Math.Max(length, _associated.Length * 2)];
        }

        var span = _associated.AsSpan();
        Domain.CopyTo(span);
        var offset = Domain.Length;
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], caseBytes);
        offset += 4 + Encoding.UTF8.GetBytes(caseId.Value, span[(offset + 4)..]);
        span[offset] = (byte)keyId.Length;
        offset += 1 + Encoding.ASCII.GetBytes(keyId, span[(offset + 1)..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)count);
        offset += 2;
        for (var i = 0; i < count; i++)
        {
            WriteEntry(span[offset..], entry(i));
            offset += 3;
        }

        return length;
    }

    /// <summary>The associated data of one value: the shared part and the value's own field and index.</summary>
    private ReadOnlySpan<byte> AssociatedFor(int length, Entry entry)
    {
        WriteEntry(_associated.AsSpan(length - 3), entry);
        return _associated.AsSpan(0, length);
    }

    private static void WriteEntry(Span<byte> span, Entry entry)
    {
        span[0] = (byte)entry.Field;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], entry.Index);
    }
}
