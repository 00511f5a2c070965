using System.IO.Compression;
using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>One file ready to import: a file on disk or an archive's entry, with its bytes, or why it cannot be read.</summary>
/// <param name="Name">The path, or for an entry <c>archive.zip!/folder/entry.html</c>; errors name it so.</param>
/// <param name="Bytes">The content; null when there are errors.</param>
/// <param name="Errors">Why the file (or the whole archive) cannot be imported.</param>
/// <param name="InArchive">True for an archive's entry.</param>
public sealed record InputFile(string Name, byte[]? Bytes, IReadOnlyList<InputError> Errors, bool InArchive)
{
    /// <summary>True when the bytes could be read.</summary>
    public bool IsReadable => Bytes is not null;

    /// <summary>For an archive's entry: the archive's other entries, which a manifest may name.</summary>
    public ArchiveEntries? Archive { get; init; }

    /// <summary>For an archive's entry: its path inside the archive, <c>/</c>-separated.</summary>
    public string? EntryPath { get; init; }
}

/// <summary>Opens input files one at a time, archives entry by entry, within the import's size limits.</summary>
/// <remarks>
/// An archive is checked whole before any entry is read: too many entries, an entry or a total too large, a compression
/// ratio no text has, or a path that leaves the archive (zip-slip) rejects the archive and nothing of it is imported.
/// Entries are then read one at a time with a bounded buffer, since the sizes an archive declares may lie. Entries of
/// a type that cannot be imported are passed over, as in folders. Nested archives are opened up to a set depth.
/// </remarks>
public static class InputFiles
{
    /// <summary>The file itself, or each importable entry of an archive, lazily, so that memory holds one at a time.</summary>
    public static IEnumerable<InputFile> Open(string path, ImportLimits limits, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new InputErrorList(path);
        var bytes = SourceFiles.ReadBytes(path, IsArchive(path) ? limits.MaxArchiveBytes : limits.MaxFileBytes, errors);
        if (bytes is null)
        {
            return [new InputFile(path, null, errors.ToList(), InArchive: false)];
        }

        return IsArchive(path)
            ? Entries(path, bytes, limits, depth: 1, cancellationToken)
            : [new InputFile(path, bytes, [], InArchive: false)];
    }

    /// <summary>True for an archive, whose entries are imported.</summary>
    public static bool IsArchive(string name) => Path.GetExtension(name).Equals(Importers.ArchiveExtension, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<InputFile> Entries(string name, byte[] bytes, ImportLimits limits, int depth, CancellationToken cancellationToken)
    {
        var (archive, problem) = OpenArchive(bytes, limits);
        if (archive is null)
        {
            yield return Failed(name, problem!);
            yield break;
        }

        using (archive)
        {
            var total = 0L;
            var entries = new ArchiveEntries(bytes, limits);
            // Manifests first, as in a folder: the files they name are then skipped when their own entry comes.
            foreach (var entry in archive.Entries.OrderBy(entry => Importers.IsManifest(entry.FullName) ? 0 : 1))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.FullName.EndsWith('/') || !IsImportable(entry.FullName))
                {
                    continue;
                }

                var entryName = $"{name}!/{entry.FullName}";
                var read = ReadEntry(entry, limits, limits.MaxArchiveBytes - total);
                if (read.Bytes is null)
                {
                    yield return Failed(entryName, read.Problem!);
                    if (read.StopsArchive)
                    {
                        yield break;
                    }

                    continue;
                }

                total += read.Bytes.Length;
                if (!IsArchive(entry.FullName))
                {
                    yield return new InputFile(entryName, read.Bytes, [], InArchive: true) { Archive = entries, EntryPath = entry.FullName };
                }
                else if (depth >= limits.MaxArchiveDepth)
                {
                    yield return Failed(entryName, Messages.ZipTooDeep(limits.MaxArchiveDepth));
                }
                else
                {
                    foreach (var inner in Entries(entryName, read.Bytes, limits, depth + 1, cancellationToken))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    private static (ZipArchive? Archive, string? Problem) OpenArchive(byte[] bytes, ImportLimits limits)
    {
        ZipArchive? archive = null;
        try
        {
            archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (Check(archive, limits) is { } problem)
            {
                return (null, problem);
            }

            var opened = archive;
            archive = null;
            return (opened, null);
        }
        catch (InvalidDataException corrupt)
        {
            return (null, Messages.ZipUnreadable(DocumentFailures.Reason(corrupt)));
        }
        finally
        {
            archive?.Dispose();
        }
    }

    /// <summary>What the archive's own directory says, checked before any entry is inflated.</summary>
    private static string? Check(ZipArchive archive, ImportLimits limits)
    {
        if (archive.Entries.Count > limits.MaxArchiveEntries)
        {
            return Messages.ZipTooManyEntries(archive.Entries.Count, limits.MaxArchiveEntries);
        }

        var total = 0L;
        foreach (var entry in archive.Entries)
        {
            if (!IsSafePath(entry.FullName))
            {
                return Messages.ZipPathUnsafe(entry.FullName);
            }

            if (entry.Length > limits.MaxFileBytes)
            {
                return Messages.ZipEntryTooLarge(entry.FullName, limits.MaxFileBytes);
            }

            if (CompressionRatio(entry) > limits.MaxCompressionRatio)
            {
                return Messages.ZipRatioTooHigh(entry.FullName, CompressionRatio(entry), limits.MaxCompressionRatio);
            }

            total += entry.Length;
            if (total > limits.MaxArchiveBytes)
            {
                return Messages.ZipTooLarge(limits.MaxArchiveBytes);
            }
        }

        return null;
    }

    /// <summary>How many times its size an entry declares it inflates to: 1 for a stored entry, 0 for an empty one.</summary>
    internal static long CompressionRatio(ZipArchiveEntry entry) => entry.Length / Math.Max(entry.CompressedLength, 1);

    /// <summary>An entry's bytes, read with a bound, or the problem and whether it condemns the whole archive.</summary>
    internal static (byte[]? Bytes, string? Problem, bool StopsArchive) ReadEntry(ZipArchiveEntry entry, ImportLimits limits, long archiveBudget)
    {
        var limit = Math.Min(limits.MaxFileBytes, archiveBudget);
        try
        {
            using var stream = entry.Open();
            // An array of the declared size, filled in place: a buffer grown chunk by chunk and copied out cost each
            // entry of every DOCX and archive three times its size.
            var declared = new byte[Math.Clamp(entry.Length, 0, limit)];
            var count = stream.ReadAtLeast(declared, declared.Length, throwOnEndOfStream: false);
            if (count < declared.Length)
            {
                return (declared[..count], null, false);
            }

            Span<byte> next = stackalloc byte[1];
            if (stream.Read(next) == 0)
            {
                return (declared, null, false);
            }

            // The directory declared a smaller size than the data inflates to (a forged archive): read on within the limit.
            using var buffer = new MemoryStream();
            buffer.Write(declared);
            buffer.Write(next);
            var chunk = new byte[81920];
            while (buffer.Length <= limit && (count = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, count);
            }

            if (buffer.Length > limit)
            {
                var problem = limit < limits.MaxFileBytes
                    ? Messages.ZipTooLarge(limits.MaxArchiveBytes)
                    : Messages.ZipEntryTooLarge(entry.FullName, limits.MaxFileBytes);
                return (null, problem, true);
            }

            return (buffer.ToArray(), null, false);
        }
        catch (InvalidDataException corrupt)
        {
            return (null, Messages.ZipUnreadable(DocumentFailures.Reason(corrupt)), false);
        }
    }

    /// <summary>False for a path that is absolute or climbs out of the folder it would be extracted to.</summary>
    internal static bool IsSafePath(string entryPath)
    {
        var path = entryPath.Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':') || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        return !path.Split('/').Any(segment => segment == "..");
    }

    private static bool IsImportable(string entryPath) =>
        Importers.SupportedExtensions.Contains(Path.GetExtension(entryPath), StringComparer.OrdinalIgnoreCase);

    private static InputFile Failed(string name, string reason) => new(name, null, [new InputError(name, null, reason)], InArchive: true);
}
