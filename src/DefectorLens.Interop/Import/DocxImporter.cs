using System.IO.Compression;
using System.Text;
using System.Xml;
using DefectorLens.Core;
using DefectorLens.Core.Model;

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
        var read = Read(bytes, context.Limits, errors);
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

        var turns = SpeakerTurns(text);
        var metadata = new SourceMetadata
        {
            Title = title ?? Documents.Title(Documents.FirstLine(text)),
            Author = author,
            Medium = turns >= 2 ? Medium.Interview : Medium.Other,
        };
        return Documents.Accept(path, bytes, id.Value, metadata, text, [], context);
    }

    // Lines that open with a short label and a colon ("Q:", "Abu Omar:"), counted in place rather than split into strings.
    private static int SpeakerTurns(string text)
    {
        var turns = 0;
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            if (end - start > 2 && text.AsSpan(start, end - start).IndexOf(':') is > 0 and < 40)
            {
                turns++;
            }

            start = end + 1;
        }

        return turns;
    }

    private static (string Text, string? Title, string? Author)? Read(byte[] bytes, ImportLimits limits, InputErrorList errors)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (PackageParts(archive, limits, errors) is not var (main, core))
            {
                return null;
            }

            if (main is null)
            {
                throw new InvalidDataException("the package has no main document part");
            }

            var body = PartBytes(main, limits, errors);
            var properties = body is null || core is null ? [] : PartBytes(core, limits, errors);
            if (body is null || properties is null)
            {
                return null;
            }

            var text = BodyText(body);
            var (title, author) = properties.Length == 0 ? (null, null) : CoreProperties(properties);
            return (text, string.IsNullOrWhiteSpace(title) ? null : Documents.Title(title), string.IsNullOrWhiteSpace(author) ? null : author.Trim());
        }
        catch (Exception failure) when (DocumentFailures.IsFileFault(failure))
        {
            errors.Add(null, Messages.DocxUnreadable(DocumentFailures.Reason(failure)));
            return null;
        }
    }

    /// <summary>A part's bytes, read as an archive's entry is: a .docx is a zip, and a few kilobytes of it can inflate to gigabytes.</summary>
    private static byte[]? PartBytes(ZipArchiveEntry part, ImportLimits limits, InputErrorList errors)
    {
        var ratio = InputFiles.CompressionRatio(part);
        if (ratio > limits.MaxCompressionRatio)
        {
            errors.Add(null, Messages.DocxPartRatioTooHigh(part.FullName, ratio, limits.MaxCompressionRatio));
            return null;
        }

        // The bytes read are bounded too: the sizes a package declares can lie.
        var (bytes, problem, tooLarge) = InputFiles.ReadEntry(part, limits, limits.MaxFileBytes);
        if (problem is not null)
        {
            errors.Add(null, tooLarge ? Messages.DocxPartTooLarge(part.FullName, limits.MaxFileBytes) : Messages.DocxUnreadable(problem));
        }

        return bytes;
    }

    // DTDs are refused, as Word never writes one and an entity can expand without bound.
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
    };

    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string StrictWordNamespace = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";

    /// <summary>The main document part and the core properties part, as the package's relationships name them; null when the relationships part is refused.</summary>
    private static (ZipArchiveEntry? Main, ZipArchiveEntry? Core)? PackageParts(ZipArchive archive, ImportLimits limits, InputErrorList errors)
    {
        var relationships = archive.GetEntry("_rels/.rels") ?? throw new InvalidDataException("the package has no relationships part");
        if (PartBytes(relationships, limits, errors) is not { } bytes)
        {
            return null;
        }

        var (main, core) = ((ZipArchiveEntry?)null, (ZipArchiveEntry?)null);
        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), XmlSettings);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship" || reader.GetAttribute("TargetMode") == "External")
            {
                continue;
            }

            var (type, target) = (reader.GetAttribute("Type") ?? "", reader.GetAttribute("Target") ?? "");
            if (type.EndsWith("/officeDocument", StringComparison.Ordinal))
            {
                main ??= archive.GetEntry(target.TrimStart('/'));
            }
            else if (type.EndsWith("/metadata/core-properties", StringComparison.Ordinal))
            {
                core ??= archive.GetEntry(target.TrimStart('/'));
            }
        }

        return (main, core);
    }

    /// <summary>The body's paragraphs, one per line, read as a stream: a paragraph inside another (a text box) is a line of its own too.</summary>
    /// <remarks>A run's text (<c>w:t</c>), tabs and breaks are its text; deleted text, field codes and properties are not.</remarks>
    private static string BodyText(byte[] main)
    {
        var lines = new List<string>();
        var open = new List<(int Line, StringBuilder Text)>();
        var names = new List<string>(); // the Word element open at each depth, "" for any other
        var (inBody, inText) = (false, false);
        using var reader = XmlReader.Create(new MemoryStream(main, writable: false), XmlSettings);
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var name = IsWord(reader) ? reader.LocalName : "";
                    var parent = reader.Depth > 0 ? names[reader.Depth - 1] : "";
                    if (name == "body")
                    {
                        inBody = !reader.IsEmptyElement;
                    }
                    else if (inBody && name == "p" && !reader.IsEmptyElement)
                    {
                        // Lines are in document order, an outer paragraph before the one inside it, though it ends after.
                        open.Add((lines.Count, new StringBuilder()));
                        lines.Add("");
                    }
                    else if (parent == "r")
                    {
                        Append(open, name switch { "tab" => " ", "br" or "cr" => "\n", _ => null });
                        inText = name == "t" && !reader.IsEmptyElement;
                    }

                    if (!reader.IsEmptyElement)
                    {
                        names.RemoveRange(reader.Depth, names.Count - reader.Depth);
                        names.Add(name);
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText:
                    Append(open, reader.Value);
                    break;
                case XmlNodeType.EndElement:
                    inText = false;
                    if (names[reader.Depth] == "p" && inBody)
                    {
                        var (line, text) = open[^1];
                        open.RemoveAt(open.Count - 1);
                        lines[line] = text.ToString().Trim();
                    }
                    else if (names[reader.Depth] == "body")
                    {
                        inBody = false;
                    }

                    break;
            }
        }

        return string.Join('\n', lines.Where(line => line.Length > 0));
    }

    private static bool IsWord(XmlReader reader) => reader.NamespaceURI is WordNamespace or StrictWordNamespace;

    private static void Append(List<(int Line, StringBuilder Text)> open, string? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (var (_, builder) in open)
        {
            builder.Append(text);
        }
    }

    private static (string? Title, string? Author) CoreProperties(byte[] core)
    {
        var (title, author) = ((string?)null, (string?)null);
        using var reader = XmlReader.Create(new MemoryStream(core, writable: false), XmlSettings);
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == DublinCore && reader.LocalName is "title" or "creator")
            {
                // Reading the content moves to the node after the element, which the loop must not skip.
                var isTitle = reader.LocalName == "title";
                var value = reader.ReadElementContentAsString();
                (title, author) = isTitle ? (title ?? value, author) : (title, author ?? value);
            }
            else
            {
                reader.Read();
            }
        }

        return (title, author);
    }
}
