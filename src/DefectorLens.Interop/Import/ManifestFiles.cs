using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Import;

/// <summary>A document a manifest row names, read by the importer of its type.</summary>
/// <param name="Name">The document as errors and the stored original name it: a full path, or <c>archive.zip!/entry</c>.</param>
/// <param name="Bytes">Its content.</param>
/// <param name="Read">The source its importer made of it, under the id its file name gives.</param>
internal sealed record ManifestDocument(string Name, byte[] Bytes, SourceRecord Read)
{
    /// <summary>The row's metadata where it gives a value, the document's own elsewhere.</summary>
    public SourceMetadata Merge(SourceMetadata row)
    {
        var own = Read.Source.Metadata;
        return new SourceMetadata
        {
            Title = row.Title.Length > 0 ? row.Title : own.Title,
            Outlet = row.Outlet ?? own.Outlet,
            Author = row.Author ?? own.Author,
            Url = row.Url ?? own.Url,
            Published = row.Published ?? own.Published,
            Language = row.Language ?? own.Language,
            Medium = row.Medium != Medium.Other ? row.Medium : own.Medium,
        };
    }
}

/// <summary>Reads the documents CSV, TSV and JSON Lines manifests name: beside the manifest on disk, or in the same archive.</summary>
/// <remarks>
/// A path is relative to the manifest's folder and may not leave it, by <c>..</c>, by an absolute path or, on disk, by a
/// symbolic link. A missing or unreadable document is reported on the row's line; like any problem in a manifest it
/// rejects the manifest, and the import goes on with the other files.
/// </remarks>
internal static class ManifestFiles
{
    /// <summary>The document a row names, or null with the reason reported.</summary>
    public static ManifestDocument? Read(string manifest, string file, ImportContext context, Action<string> report)
    {
        var located = context.InArchive ? FromArchive(manifest, file, context, report) : FromDisk(manifest, file, context, report);
        if (located is not var (name, bytes))
        {
            return null;
        }

        // The row's id, if any, replaces the one the file name gives, so only the row's is checked against the project.
        var document = Importers.ImportDocument(name, bytes, context with { ExistingSources = new HashSet<SourceId>() }, CancellationToken.None);
        if (!document.Succeeded || document.Batch.Sources is not [var read])
        {
            foreach (var error in document.Errors)
            {
                report(Messages.ManifestFileProblem(file, error.Reason));
            }

            return null;
        }

        return new ManifestDocument(name, bytes, read);
    }

    private static (string Name, byte[] Bytes)? FromDisk(string manifest, string file, ImportContext context, Action<string> report)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var full = Path.GetFullPath(Path.Combine(root, file));
        if (Path.IsPathRooted(file) || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || LeavesByLink(full, root))
        {
            report(Messages.ManifestPathOutside(file));
            return null;
        }

        var info = new FileInfo(full);
        if (!info.Exists)
        {
            report(Messages.ManifestFileMissing(file));
            return null;
        }

        if (info.Length > context.Limits.MaxFileBytes)
        {
            report(Messages.ManifestFileProblem(file, Messages.FileTooLarge(info.Length, context.Limits.MaxFileBytes)));
            return null;
        }

        return (full, File.ReadAllBytes(full));
    }

    private static (string Name, byte[] Bytes)? FromArchive(string manifest, string file, ImportContext context, Action<string> report)
    {
        if (context.Archive is not { } archive || context.EntryPath is not { } entryPath)
        {
            report(Messages.ManifestFileInArchive);
            return null;
        }

        if (ArchiveEntries.Resolve(entryPath, file) is not { } path)
        {
            report(Messages.ManifestPathOutside(file));
            return null;
        }

        var (bytes, problem, missing) = archive.Read(path);
        if (missing)
        {
            report(Messages.ManifestFileMissing(file));
            return null;
        }

        if (bytes is null)
        {
            report(Messages.ManifestFileProblem(file, problem!));
            return null;
        }

        // Named as the walk over the archive names its entries: archive.zip!/folder/file.
        var archiveName = manifest[..^entryPath.Length];
        return (archiveName + path, bytes);
    }

    private static bool LeavesByLink(string full, string root)
    {
        var target = File.Exists(full) ? File.ResolveLinkTarget(full, returnFinalTarget: true) : null;
        return target is not null && !Path.GetFullPath(target.FullName).StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
