using DefectorLens.Core;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a plain text file as one source: id from the file name, title from the first line, about no case yet.</summary>
internal static class TextImporter
{
    /// <summary>Reads a text file's bytes into a source.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new InputErrorList(path);
        var decoded = TextDecoding.Decode(bytes, errors);
        if (decoded is null)
        {
            return ImportResult.Failed(errors);
        }

        var text = Documents.UnixLineEnds(decoded).Trim();
        if (text.Length == 0)
        {
            errors.Add(null, Messages.NoText);
        }

        var id = Documents.IdFromFileName(path, errors);
        if (id is { } sourceId)
        {
            Documents.CheckNew(sourceId, context, errors, line: null);
        }

        if (errors.Any || id is null)
        {
            return ImportResult.Failed(errors);
        }

        // The text is trimmed, so its first line has text.
        var metadata = new SourceMetadata { Title = Documents.Title(Documents.FirstLine(text)), Medium = Medium.Other };
        return Documents.Accept(path, bytes, id.Value, metadata, text, [], context);
    }
}
