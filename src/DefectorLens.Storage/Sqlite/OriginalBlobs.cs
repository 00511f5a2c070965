using System.Collections.Concurrent;
using System.IO.Compression;
using System.Runtime.InteropServices;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Storage.Sqlite;

/// <summary>An original file as stored: deflated when that saves a tenth of it or more, as it is otherwise.</summary>
/// <param name="FileName">The file's name, without its folder.</param>
/// <param name="Bytes">What the <c>bytes</c> column holds.</param>
/// <param name="Compression"><see cref="OriginalBlobs.Deflate"/>, or null for the file's own bytes.</param>
internal sealed record OriginalBlob(string FileName, byte[] Bytes, string? Compression);

/// <summary>Encodes the original files of a batch for storing, on other cores while the writer stores the batch's rows.</summary>
/// <remarks>
/// Saved web pages, text and Markdown deflate to a quarter or a fifth of their size; PDF and DOCX files are compressed
/// already and are kept as they are without trying. An import then writes, logs and checkpoints about a third fewer
/// bytes, and the project file is that much smaller. The content hash is always that of the file's own bytes.
/// </remarks>
internal static class OriginalBlobs
{
    /// <summary>The <c>compression</c> of an original stored as a raw DEFLATE stream (RFC 1951).</summary>
    public const string Deflate = "deflate";

    /// <summary>The stored form of each distinct original of the sources, by content hash, the first file name winning.</summary>
    public static Task<IReadOnlyDictionary<string, OriginalBlob>> EncodeAsync(IEnumerable<SourceRecord> sources)
    {
        var originals = sources.Select(record => record.Original).OfType<OriginalFile>().DistinctBy(original => original.ContentHash).ToList();
        return Task.Run(() =>
        {
            var blobs = new ConcurrentDictionary<string, OriginalBlob>(StringComparer.Ordinal);
            Parallel.ForEach(originals, original => blobs[original.ContentHash] = Encode(original));
            return (IReadOnlyDictionary<string, OriginalBlob>)blobs;
        });
    }

    private static OriginalBlob Encode(OriginalFile original)
    {
        var bytes = original.Bytes;
        if (IsCompressedContainer(bytes.Span))
        {
            return new OriginalBlob(original.FileName, WholeArray(bytes), null);
        }

        using var deflated = new MemoryStream(bytes.Length / 3);
        using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(bytes.Span);
        }

        return deflated.Length <= bytes.Length * 9L / 10
            ? new OriginalBlob(original.FileName, deflated.ToArray(), Deflate)
            : new OriginalBlob(original.FileName, WholeArray(bytes), null);
    }

    // The file's bytes as read are bound as they are: a copy of every original costs the collector as much as the file.
    private static byte[] WholeArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length
            ? array
            : bytes.ToArray();

    // A ZIP package (DOCX, XLSX, an archive) or a PDF, whose content streams are deflated already.
    private static bool IsCompressedContainer(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8) || bytes.StartsWith("%PDF"u8);
}
