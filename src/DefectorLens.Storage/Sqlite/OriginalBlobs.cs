using System.Collections.Concurrent;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Storage.Sqlite;

/// <summary>An original file as stored: its name and its <see cref="PackedOriginal"/> form.</summary>
internal sealed record OriginalBlob(string FileName, PackedOriginal Packed);

/// <summary>The originals of a batch in the form they are stored in.</summary>
internal static class OriginalBlobs
{
    /// <summary>The stored form of each distinct original of the sources, by content hash, the first file name winning.</summary>
    /// <remarks>
    /// Originals an importer has packed already are taken as they are; the others are packed on other cores while the
    /// writer stores the batch's rows.
    /// </remarks>
    public static Task<IReadOnlyDictionary<string, OriginalBlob>> EncodeAsync(IEnumerable<SourceRecord> sources)
    {
        var originals = sources.Select(record => record.Original).OfType<OriginalFile>().DistinctBy(original => original.ContentHash).ToList();
        if (originals.TrueForAll(original => original.Packed is not null))
        {
            return Task.FromResult<IReadOnlyDictionary<string, OriginalBlob>>(
                originals.ToDictionary(original => original.ContentHash, original => new OriginalBlob(original.FileName, original.Packed!), StringComparer.Ordinal));
        }

        return Task.Run(() =>
        {
            var blobs = new ConcurrentDictionary<string, OriginalBlob>(StringComparer.Ordinal);
            Parallel.ForEach(originals, original => blobs[original.ContentHash] = new OriginalBlob(original.FileName, original.Packed ?? PackedOriginal.Pack(original.Bytes)));
            return (IReadOnlyDictionary<string, OriginalBlob>)blobs;
        });
    }
}
