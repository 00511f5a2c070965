using System.IO.Compression;

namespace DefectorLens.Interop.Import;

/// <summary>The entries of an archive already checked against the limits, so that a manifest inside it can read the files it names.</summary>
/// <remarks>
/// Holds the archive's bytes, not an open archive: a manifest may be parsed on another thread after the walk over the
/// entries has moved on, so each read opens its own view. Entries are read with the same bounds as during the walk.
/// </remarks>
public sealed class ArchiveEntries
{
    private readonly byte[] _bytes;
    private readonly ImportLimits _limits;

    internal ArchiveEntries(byte[] bytes, ImportLimits limits) => (_bytes, _limits) = (bytes, limits);

    /// <summary>The path inside the archive of a file a manifest names, or null when it leaves the manifest's folder.</summary>
    /// <param name="manifestEntry">The manifest's own path inside the archive, <c>/</c>-separated.</param>
    /// <param name="file">The path the manifest gives, relative to its folder.</param>
    internal static string? Resolve(string manifestEntry, string file)
    {
        var folder = manifestEntry.Replace('\\', '/').Split('/')[..^1];
        var path = file.Replace('\\', '/');
        if (!InputFiles.IsSafePath(path))
        {
            return null;
        }

        var segments = new List<string>(folder);
        foreach (var segment in path.Split('/'))
        {
            if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return segments.Count > folder.Length ? string.Join('/', segments) : null;
    }

    /// <summary>The bytes of an entry, or null with the reason when it is missing or cannot be read within the limits.</summary>
    internal (byte[]? Bytes, string? Problem, bool Missing) Read(string entryPath)
    {
        using var archive = new ZipArchive(new MemoryStream(_bytes, writable: false), ZipArchiveMode.Read);
        var entry = archive.GetEntry(entryPath);
        if (entry is null || entry.FullName.EndsWith('/'))
        {
            return (null, null, true);
        }

        var (bytes, problem, _) = InputFiles.ReadEntry(entry, _limits, _limits.MaxFileBytes);
        return (bytes, problem, false);
    }
}
