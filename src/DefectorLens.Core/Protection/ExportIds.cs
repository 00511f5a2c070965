using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Protection;

/// <summary>Keyed identifiers of cases for exports: the same case gets the same id in every export of the project.</summary>
/// <remarks>
/// An id is the first 80 bits of HMAC-SHA256 under the project's export secret, so two exports can be joined by
/// whoever holds the key file, and by nobody else: without the secret an id cannot be linked to a case id, not even by
/// trying every case id.
/// </remarks>
public sealed class ExportIds
{
    private readonly byte[] _secret;

    /// <summary>Makes the identifiers of a project from its key ring.</summary>
    public ExportIds(KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _secret = ring.ExportSecret.ToArray();
    }

    /// <summary>The export identifier of a case, e.g. <c>x-5k2m9q4t7w3b1c8d</c>.</summary>
    public string CaseRef(CaseId id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id.Value, nameof(id));
        var mac = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("case\0" + id.Value));
        return "x-" + Base32(mac.AsSpan(0, 10));
    }

    // Crockford's alphabet: no I, L, O, U, so an id read aloud or copied by hand stays unambiguous.
    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        var text = new StringBuilder(bytes.Length * 8 / 5);
        var (buffer, bits) = (0, 0);
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
