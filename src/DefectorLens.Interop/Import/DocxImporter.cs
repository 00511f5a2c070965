using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a Word document (an interview transcript, a statement) as one source, one paragraph per line.</summary>
/// <remarks>
/// Paragraphs are read in document order, tables included; a paragraph's tabs and breaks are kept as spaces and line
/// ends. Title and author come from the document's properties, else the title is the first paragraph. A document whose
/// paragraphs are speaker turns (<c>Q:</c>, <c>A:</c>, <c>Name:</c>) is an interview; <see cref="OwnWords"/> attributes them.
/// </remarks>
internal static class DocxImporter
{
    /// <summary>Reads a DOCX file's bytes into a source.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new InputErrorList(path);
        var read = Read(bytes, errors);
        if (read is null)
        {
            return ImportResult.Failed(errors);
        }

        var (text, title, author) = read.Value;
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

        var turns = text.Split('\n').Count(line => line.Length > 2 && line.IndexOf(':', StringComparison.Ordinal) is > 0 and < 40);
        var metadata = new SourceMetadata
        {
            Title = title ?? Documents.Title(text.Split('\n')[0]),
            Author = author,
            Medium = turns >= 2 ? Medium.Interview : Medium.Other,
        };
        return Documents.Accept(path, bytes, id.Value, metadata, text, [], context);
    }

    private static (string Text, string? Title, string? Author)? Read(byte[] bytes, InputErrorList errors)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body;
            var text = new StringBuilder();
            foreach (var paragraph in body?.Descendants<Paragraph>() ?? [])
            {
                var line = ParagraphText(paragraph).Trim();
                if (line.Length > 0)
                {
                    text.Append(text.Length > 0 ? "\n" : "").Append(line);
                }
            }

            var properties = document.PackageProperties;
            var title = string.IsNullOrWhiteSpace(properties.Title) ? null : Documents.Title(properties.Title);
            var author = string.IsNullOrWhiteSpace(properties.Creator) ? null : properties.Creator.Trim();
            return (text.ToString(), title, author);
        }
        catch (Exception failure) when (DocumentFailures.IsFileFault(failure))
        {
            errors.Add(null, Messages.DocxUnreadable(DocumentFailures.Reason(failure)));
            return null;
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text run:
                    text.Append(run.Text);
                    break;
                case TabChar:
                    text.Append(' ');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
            }
        }

        return text.ToString();
    }
}
