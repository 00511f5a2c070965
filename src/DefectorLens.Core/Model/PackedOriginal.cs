using System.IO.Compression;
using System.Runtime.InteropServices;

namespace DefectorLens.Core.Model;

/// <summary>An original file as a project keeps it: deflated when that saves a tenth of it or more, as it is otherwise.</summary>
/// <param name="Bytes">The bytes kept.</param>
/// <param name="Compression"><see cref="Deflate"/>, or null for the file's own bytes.</param>
/// <remarks>
/// Saved web pages, text and Markdown deflate to a quarter or a fifth of their size; PDF and DOCX files are compressed
/// already and are kept as they are without trying. An import then writes, logs and checkpoints about a third fewer
/// bytes, and the project file is that much smaller.
/// </remarks>
public sealed record PackedOriginal(byte[] Bytes, string? Compression)
{
    /// <summary>The <see cref="Compression"/> of bytes kept as a raw DEFLATE stream (RFC 1951).</summary>
    public const string Deflate = "deflate";

    /// <summary>Packs a file's bytes.</summary>
    public static PackedOriginal Pack(ReadOnlyMemory<byte> bytes)
    {
        if (IsCompressedContainer(bytes.Span))
        {
            return new PackedOriginal(WholeArray(bytes), null);
        }

        using var deflated = new MemoryStream(bytes.Length / 2);
        using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(bytes.Span);
        }

        return deflated.Length <= bytes.Length * 9L / 10
            ? new PackedOriginal(deflated.ToArray(), Deflate)
            : new PackedOriginal(WholeArray(bytes), null);
    }

    // The file's bytes as read are kept as they are: a copy of every original costs the collector as much as the file.
    private static byte[] WholeArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length
            ? array
            : bytes.ToArray();

    // A ZIP package (DOCX, XLSX, an archive) or a PDF, whose content streams are deflated already.
    private static bool IsCompressedContainer(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8) || bytes.StartsWith("%PDF"u8);
}
