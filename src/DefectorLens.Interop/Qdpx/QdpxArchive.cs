using System.IO.Compression;
using DefectorLens.Core;

namespace DefectorLens.Interop.Qdpx;

/// <summary>A .qdpx archive opened for reading, every entry checked before anything is unpacked.</summary>
/// <remarks>
/// Nothing is extracted to disk; still, an entry whose path is rooted or climbs with <c>..</c> makes the whole archive
/// suspect and it is refused (zip-slip). Declared sizes and ratios are checked up front; the zip reader never yields
/// more than an entry declares, so an archive that lies about its sizes cannot unpack beyond the limits.
/// </remarks>
internal sealed class QdpxArchive : IDisposable
{
    public const string ProjectEntry = "project.qde";

    private readonly ZipArchive _zip;
    private readonly QdpxLimits _limits;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    private QdpxArchive(ZipArchive zip, QdpxLimits limits) => (_zip, _limits) = (zip, limits);

    /// <summary>Opens and checks an archive.</summary>
    /// <exception cref="QdpxFormatException">Not a zip, or an entry breaks a limit or has an unsafe path.</exception>
    public static QdpxArchive Open(Stream stream, QdpxLimits limits)
    {
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var archive = new QdpxArchive(zip, limits);
            archive.Check();
            zip = null;
            return archive;
        }
        catch (InvalidDataException exception)
        {
            throw new QdpxFormatException(Messages.QdpxNotZip, inner: exception);
        }
        finally
        {
            zip?.Dispose();
        }
    }

    /// <summary>True when the archive holds an entry of this path (case-insensitive, either slash).</summary>
    public bool Contains(string path) => _entries.ContainsKey(Normalise(path));

    /// <summary>Unpacks one entry; null when there is no such entry.</summary>
    public byte[]? Read(string path)
    {
        if (!_entries.TryGetValue(Normalise(path), out var entry))
        {
            return null;
        }

        using var stream = OpenEntry(entry);
        using var buffer = new MemoryStream((int)Math.Min(entry.Length, 16 * 1024 * 1024));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>When an entry was last written, as the archive records it.</summary>
    public DateTimeOffset LastWritten(string path) =>
        _entries.TryGetValue(Normalise(path), out var entry) ? entry.LastWriteTime : DateTimeOffset.UnixEpoch;

    /// <summary>Opens one entry; it yields at most the size the archive declares for it, which was checked against the limits.</summary>
    public Stream? Open(string path) => _entries.TryGetValue(Normalise(path), out var entry) ? OpenEntry(entry) : null;

    public void Dispose() => _zip.Dispose();

    private Stream OpenEntry(ZipArchiveEntry entry)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException exception)
        {
            throw new QdpxFormatException(Messages.QdpxNotZip, inner: exception);
        }
    }

    private void Check()
    {
        if (_zip.Entries.Count > _limits.MaxEntries)
        {
            throw new QdpxFormatException(Messages.QdpxTooManyEntries(_zip.Entries.Count, _limits.MaxEntries));
        }

        long declared = 0;
        foreach (var entry in _zip.Entries)
        {
            var name = entry.FullName;
            if (IsUnsafe(name))
            {
                throw new QdpxFormatException(Messages.QdpxUnsafePath(name));
            }

            if (entry.Length > _limits.MaxEntryBytes)
            {
                throw new QdpxFormatException(Messages.QdpxEntryTooLarge(name, _limits.MaxEntryBytes));
            }

            if (entry.Length > _limits.RatioCheckedAboveBytes
                && entry.Length / Math.Max(1, entry.CompressedLength) is var ratio && ratio > _limits.MaxCompressionRatio)
            {
                throw new QdpxFormatException(Messages.QdpxRatioTooHigh(name, ratio, _limits.MaxCompressionRatio));
            }

            declared += entry.Length;
            if (declared > _limits.MaxTotalBytes)
            {
                throw new QdpxFormatException(Messages.QdpxArchiveTooLarge(_limits.MaxTotalBytes));
            }

            if (!name.EndsWith('/'))
            {
                _entries.TryAdd(Normalise(name), entry);
            }
        }
    }

    private static bool IsUnsafe(string name)
    {
        var path = name.Replace('\\', '/');
        return path.StartsWith('/') || (path.Length > 1 && path[1] == ':') || path.Split('/').Any(part => part == "..");
    }

    private static string Normalise(string path) => path.Replace('\\', '/').TrimStart('/');
}
