using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a file of cases or sources, choosing the importer by the file's extension.</summary>
public static class Importers
{
    private delegate ImportResult Importer(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken);

    // Documents: one file, one source. A manifest may name files of these types.
    private static readonly Dictionary<string, Importer> Documents = new(StringComparer.OrdinalIgnoreCase)
    {
        [".docx"] = DocxImporter.Import,
        [".htm"] = HtmlImporter.Import,
        [".html"] = HtmlImporter.Import,
        [".markdown"] = MarkdownImporter.Import,
        [".md"] = MarkdownImporter.Import,
        [".pdf"] = PdfImporter.Import,
        [".txt"] = TextImporter.Import,
    };

    private static readonly Dictionary<string, Importer> ByExtension = new(Documents, StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = ManifestImporter.Import,
        [".jsonl"] = JsonLinesImporter.Import,
        [".qdpx"] = Qdpx.QdpxImporter.Import,
        [".tsv"] = ManifestImporter.Import,
    };

    // .markdown and .htm are aliases, left out of messages to keep them short.
    private static readonly string[] NamedExtensions = [".csv", ".docx", ".html", ".jsonl", ".md", ".pdf", ".qdpx", ".tsv", ".txt", ".zip"];

    /// <summary>The extension of archives, whose entries are imported one by one.</summary>
    public const string ArchiveExtension = ".zip";

    /// <summary>The extensions a file can have to be imported, lower case with the dot, archives included.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } =
        [.. ByExtension.Keys.Append(ArchiveExtension).Order(StringComparer.Ordinal)];

    /// <summary>True when a file of this name is a manifest or JSON Lines, whose rows may name cases and files.</summary>
    public static bool IsManifest(string name) =>
        Path.GetExtension(name).ToLowerInvariant() is ".csv" or ".tsv" or ".jsonl";

    /// <summary>Reads a file into a batch of cases and sources, all of it or, when anything is wrong, none of it.</summary>
    /// <param name="path">The file, as the user named it; errors name it so.</param>
    /// <param name="context">The codebook and the ids the project already holds.</param>
    /// <param name="cancellationToken">Stops a long file between lines.</param>
    public static ImportResult Read(string path, ImportContext context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(context);
        var errors = new InputErrorList(path);
        var extension = Path.GetExtension(path);
        if (!ByExtension.ContainsKey(extension))
        {
            errors.Add(null, Messages.UnsupportedFileType(extension, NamedExtensions));
            return ImportResult.Failed(errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var bytes = SourceFiles.ReadBytes(path, context.Limits.MaxFileBytes, errors);
        return bytes is null ? ImportResult.Failed(errors) : Import(path, bytes, context, cancellationToken);
    }

    /// <summary>Reads a file's bytes, already in memory (an archive's entry, say), into a batch, all of it or none of it.</summary>
    /// <param name="name">The file's name or path, whose extension chooses the importer; errors name it so.</param>
    /// <param name="bytes">The file's content.</param>
    /// <param name="context">The codebook and the ids the project already holds.</param>
    /// <param name="cancellationToken">Stops a long file between lines.</param>
    public static ImportResult Import(string name, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(context);
        var extension = Path.GetExtension(name);
        if (!ByExtension.TryGetValue(extension, out var importer))
        {
            var errors = new InputErrorList(name);
            errors.Add(null, Messages.UnsupportedFileType(extension, NamedExtensions));
            return ImportResult.Failed(errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return importer(name, bytes, context, cancellationToken);
    }

    /// <summary>Reads a document a manifest names: text, Markdown, HTML, PDF or DOCX, never another manifest.</summary>
    internal static ImportResult ImportDocument(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        if (Documents.TryGetValue(Path.GetExtension(path), out var importer))
        {
            return importer(path, bytes, context, cancellationToken);
        }

        var errors = new InputErrorList(path);
        errors.Add(null, Messages.UnsupportedFileType(Path.GetExtension(path), [".docx", ".html", ".md", ".pdf", ".txt"]));
        return ImportResult.Failed(errors);
    }
}
