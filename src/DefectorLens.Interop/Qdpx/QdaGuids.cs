using System.Security.Cryptography;
using System.Text;

namespace DefectorLens.Interop.Qdpx;

/// <summary>Stable GUIDs for what a project exports, so that exporting twice gives the same identifiers.</summary>
/// <remarks>
/// Name-based UUIDs in the manner of RFC 4122 version 5: SHA-1 of a fixed namespace and a name such as
/// <c>code:leave.brutality</c>, with the version and variant bits set. Other tools keep the GUIDs they are given, so a
/// colleague's re-export still names the same codes and sources.
/// </remarks>
public static class QdaGuids
{
    // Chosen once for DefectorLens; changing it would change every exported GUID.
    private static readonly Guid Namespace = new("6f1c2a4e-9b0d-4c57-8e3a-5d2b7f9a1c64");

    /// <summary>The GUID of a code, by its id.</summary>
    public static Guid Code(string codeId) => For("code:" + codeId);

    /// <summary>The GUID of a case, by the id it goes by in the export (its keyed export id).</summary>
    public static Guid Case(string exportedId) => For("case:" + exportedId);

    /// <summary>The GUID of a source, by its id.</summary>
    public static Guid Source(string sourceId) => For("source:" + sourceId);

    /// <summary>The GUID of a coder, by name, kind and version.</summary>
    public static Guid User(string name, string kind, string version) => For($"user:{name}\n{kind}\n{version}");

    /// <summary>The GUID of a variable, by its name.</summary>
    public static Guid Variable(string name) => For("variable:" + name);

    /// <summary>A name-based GUID for any other name.</summary>
    public static Guid For(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A GUID as REFI-QDA files write it: lower-case, hyphenated, without braces.</summary>
    public static string Text(Guid guid) => guid.ToString("D");

    /// <summary>Reads a GUID as other tools write it (with or without braces, any case); null when it is not one.</summary>
    public static Guid? Parse(string? text) => Guid.TryParse(text?.Trim(), out var guid) ? guid : null;
}
