using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a file of cases or sources, choosing the importer by the file's extension.</summary>
public static class Importers
{
    private delegate ImportResult Importer(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken);

    private static readonly Dictionary<string, Importer> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jsonl"] = JsonLinesImporter.Import,
        [".markdown"] = MarkdownImporter.Import,
        [".md"] = MarkdownImporter.Import,
        [".txt"] = TextImporter.Import,
    };

    // .markdown is an alias of .md, left out of messages to keep them short.
    private static readonly string[] NamedExtensions = [".jsonl", ".md", ".txt"];

    /// <summary>The extensions a file can have to be imported, lower case with the dot.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [.. ByExtension.Keys.Order(StringComparer.Ordinal)];

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
        if (!ByExtension.TryGetValue(extension, out var importer))
        {
            errors.Add(null, Messages.UnsupportedFileType(extension, NamedExtensions));
            return ImportResult.Failed(errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var bytes = SourceFiles.ReadBytes(path, errors);
        return bytes is null ? ImportResult.Failed(errors) : importer(path, bytes, context, cancellationToken);
    }
}
