using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Storage.Sqlite;

/// <summary>The originals of a batch in the form they are stored in.</summary>
internal static class OriginalBlobs
{
    /// <summary>Each distinct original of the sources, the first file name winning, with its <see cref="OriginalFile.Packed"/> form.</summary>
    /// <remarks>
    /// Originals an importer has packed already are taken as they are; the others are packed on other cores while the
    /// writer stores the batch's rows.
    /// </remarks>
    public static Task<OriginalFile[]> EncodeAsync(IEnumerable<SourceRecord> sources)
    {
        var originals = sources.Select(record => record.Original).OfType<OriginalFile>().DistinctBy(original => original.ContentHash).ToArray();
        if (Array.TrueForAll(originals, original => original.Packed is not null))
        {
            return Task.FromResult(originals);
        }

        return Task.Run(() =>
        {
            Parallel.For(0, originals.Length, i => originals[i] = originals[i] with { Packed = originals[i].Packed ?? PackedOriginal.Pack(originals[i].Bytes) });
            return originals;
        });
    }
}
