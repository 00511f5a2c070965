using System.Globalization;
using System.Xml;
using System.Xml.Schema;
using DefectorLens.Core;

namespace DefectorLens.Interop.Qdpx;

/// <summary>Reads a project.qde or a .qdc in one forward pass, validating project.qde against Project.xsd as it goes.</summary>
/// <remarks>
/// Tolerant where the tools differ and the schema allows it (optional elements, colours, nested codes, notes anywhere);
/// strict where the schema is: the first element that does not match stops the read with its name and line.
/// </remarks>
internal static class QdeReader
{
    /// <summary>Reads a project.qde, validating it against the REFI-QDA schema.</summary>
    /// <exception cref="QdpxFormatException">The XML is not well formed, declares a DTD or does not match the schema.</exception>
    public static QdaDocument ReadProject(Stream stream, CancellationToken cancellationToken)
    {
        var settings = QdaXml.SafeReaderSettings();
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = QdaXml.ProjectSchema;
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (sender, e) =>
        {
            var element = (sender as XmlReader)?.LocalName is { Length: > 0 } name ? name : "Project";
            throw new QdpxFormatException(Messages.QdeSchemaInvalid(element, e.Message.TrimEnd('.')), e.Exception?.LineNumber);
        };
        return Read(stream, settings, "Project", cancellationToken);
    }

    /// <summary>Reads a .qdc codebook; its required attributes are checked, its namespace may be either REFI-QDA one.</summary>
    /// <exception cref="QdpxFormatException">The XML is not well formed, declares a DTD or is not a codebook.</exception>
    public static QdaDocument ReadCodebook(Stream stream, CancellationToken cancellationToken) =>
        Read(stream, QdaXml.SafeReaderSettings(), "CodeBook", cancellationToken);

    private static QdaDocument Read(Stream stream, XmlReaderSettings settings, string root, CancellationToken cancellationToken)
    {
        var document = new QdaDocument();
        using var reader = XmlReader.Create(stream, settings);
        try
        {
            reader.MoveToContent();
            // project.qde's root is checked by the schema; a .qdc may use either REFI-QDA namespace.
            if (root == "CodeBook" && (reader.LocalName != root || reader.NamespaceURI is not (QdaXml.ProjectNamespace or QdaXml.CodebookNamespace)))
            {
                throw new QdpxFormatException(Messages.QdcNotCodebook, LineOf(reader));
            }

            if (root == "CodeBook")
            {
                ForEachChild(reader, name => Dispatch(reader, name, "Codes", () => ReadCodes(reader, document, null)));
            }
            else
            {
                ReadProjectElement(reader, document, cancellationToken);
            }
        }
        catch (XmlException exception) when (exception.Message.Contains("DTD", StringComparison.Ordinal))
        {
            // The reader refuses the DTD before it has a line to report.
            throw new QdpxFormatException(Messages.QdeDtdRefused, inner: exception);
        }
        catch (XmlException exception)
        {
            var reason = exception.Message;
            var at = reason.IndexOf(" Line ", StringComparison.Ordinal);
            throw new QdpxFormatException(Messages.QdeNotXml((at > 0 ? reason[..at] : reason).TrimEnd('.', ',')), exception.LineNumber, exception);
        }

        return document;
    }

    private static void ReadProjectElement(XmlReader reader, QdaDocument document, CancellationToken cancellationToken)
    {
        document.Name = reader.GetAttribute("name") ?? "";
        document.Origin = reader.GetAttribute("origin");
        document.BasePath = reader.GetAttribute("basePath");
        ForEachChild(reader, name =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (name)
            {
                case "Users":
                    ForEachChild(reader, _ => ReadUser(reader, document));
                    break;
                case "CodeBook":
                    ForEachChild(reader, child => Dispatch(reader, child, "Codes", () => ReadCodes(reader, document, null)));
                    break;
                case "Variables":
                    ForEachChild(reader, _ => ReadVariable(reader, document));
                    break;
                case "Cases":
                    ForEachChild(reader, _ => ReadCase(reader, document));
                    break;
                case "Sources":
                    ForEachChild(reader, kind => ReadSource(reader, document, kind, cancellationToken));
                    break;
                case "Notes":
                    ForEachChild(reader, _ => ReadNote(reader, document));
                    break;
                case "Links":
                    ForEachChild(reader, _ => ReadLink(reader, document));
                    break;
                case "Description":
                    document.Description = reader.ReadElementContentAsString();
                    break;
                case "NoteRef":
                    document.ProjectNotes.Add(Ref(reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        });
    }

    private static void ReadUser(XmlReader reader, QdaDocument document)
    {
        document.Users.Add(new QdaUser(Guid(reader, "guid"), reader.GetAttribute("name"), reader.GetAttribute("id")));
        reader.Skip();
    }

    private static void ReadCodes(XmlReader reader, QdaDocument document, Guid? parent) =>
        ForEachChild(reader, name => Dispatch(reader, name, "Code", () => ReadCode(reader, document, parent)));

    private static void ReadCode(XmlReader reader, QdaDocument document, Guid? parent)
    {
        var line = LineOf(reader);
        var guid = Guid(reader, "guid");
        var name = reader.GetAttribute("name") ?? throw new QdpxFormatException(Messages.QdaAttributeMissing("Code", "name"), line);
        var codable = reader.GetAttribute("isCodable") is not { } flag || XmlConvert.ToBoolean(flag.Trim());
        var colour = reader.GetAttribute("color");
        string? description = null;
        var notes = new List<Guid>();
        var index = document.Codes.Count;
        document.Codes.Add(null!);
        ForEachChild(reader, child =>
        {
            switch (child)
            {
                case "Description":
                    description = reader.ReadElementContentAsString();
                    break;
                case "NoteRef":
                    notes.Add(Ref(reader));
                    break;
                case "Code":
                    ReadCode(reader, document, guid);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        });

        // Parents come before children in the list, as the project's codebook requires.
        document.Codes[index] = new QdaCode(guid, name, codable, colour, description, parent, notes, line);
    }

    private static void ReadVariable(XmlReader reader, QdaDocument document)
    {
        var guid = Guid(reader, "guid");
        document.Variables.Add(new QdaVariable(guid, reader.GetAttribute("name") ?? "", reader.GetAttribute("typeOfVariable") ?? "Text"));
        reader.Skip();
    }

    private static void ReadCase(XmlReader reader, QdaDocument document)
    {
        var @case = new QdaCase(Guid(reader, "guid"), reader.GetAttribute("name"), LineOf(reader));
        ForEachChild(reader, child =>
        {
            switch (child)
            {
                case "Description":
                    @case.Description = reader.ReadElementContentAsString();
                    break;
                case "VariableValue":
                    @case.Values.Add(ReadValue(reader));
                    break;
                case "SourceRef":
                    @case.SourceRefs.Add(Ref(reader));
                    break;
                case "SelectionRef":
                    @case.SelectionRefs.Add(Ref(reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        });
        document.Cases.Add(@case);
    }

    private static QdaValue ReadValue(XmlReader reader)
    {
        var line = LineOf(reader);
        Guid? variable = null;
        string? value = null;
        ForEachChild(reader, child =>
        {
            if (child == "VariableRef")
            {
                variable = Ref(reader);
            }
            else if (child is "TextValue" or "BooleanValue" or "IntegerValue" or "FloatValue" or "DateValue" or "DateTimeValue")
            {
                value = reader.ReadElementContentAsString();
            }
            else
            {
                reader.Skip();
            }
        });
        return new QdaValue(variable ?? throw new QdpxFormatException(Messages.QdaAttributeMissing("VariableRef", "targetGUID"), line), value, line);
    }

    private static void ReadSource(XmlReader reader, QdaDocument document, string kind, CancellationToken cancellationToken)
    {
        if (kind != "TextSource")
        {
            document.OtherSources.Add((kind, reader.GetAttribute("name") ?? reader.GetAttribute("guid") ?? "", LineOf(reader)));
            reader.Skip();
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var source = new QdaTextSource(Guid(reader, "guid"), reader.GetAttribute("name"), reader.GetAttribute("plainTextPath"), LineOf(reader));
        ForEachChild(reader, child =>
        {
            switch (child)
            {
                case "PlainTextContent":
                    source.Content = reader.ReadElementContentAsString();
                    break;
                case "PlainTextSelection":
                    source.Selections.Add(ReadSelection(reader));
                    break;
                case "Coding":
                    source.Codings.Add(ReadCoding(reader));
                    break;
                case "NoteRef":
                    source.Notes.Add(Ref(reader));
                    break;
                case "VariableValue":
                    source.Values.Add(ReadValue(reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        });
        document.Sources.Add(source);
    }

    private static QdaSelection ReadSelection(XmlReader reader)
    {
        var line = LineOf(reader);
        var selection = new QdaSelection(
            Guid(reader, "guid"), Integer(reader, "startPosition", line), Integer(reader, "endPosition", line),
            QdaGuids.Parse(reader.GetAttribute("creatingUser")), line);
        ForEachChild(reader, child =>
        {
            switch (child)
            {
                case "Coding":
                    selection.Codings.Add(ReadCoding(reader));
                    break;
                case "NoteRef":
                    selection.Notes.Add(Ref(reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        });
        return selection;
    }

    private static QdaCoding ReadCoding(XmlReader reader)
    {
        var line = LineOf(reader);
        var user = QdaGuids.Parse(reader.GetAttribute("creatingUser"));
        Guid? code = null;
        ForEachChild(reader, child =>
        {
            if (child == "CodeRef")
            {
                code = Ref(reader);
            }
            else
            {
                reader.Skip();
            }
        });
        return new QdaCoding(code ?? throw new QdpxFormatException(Messages.QdaAttributeMissing("CodeRef", "targetGUID"), line), user, line);
    }

    private static void ReadNote(XmlReader reader, QdaDocument document)
    {
        var line = LineOf(reader);
        var guid = Guid(reader, "guid");
        var name = reader.GetAttribute("name");
        var path = reader.GetAttribute("plainTextPath");
        var user = QdaGuids.Parse(reader.GetAttribute("creatingUser"));
        DateTimeOffset? created = reader.GetAttribute("creationDateTime") is { } when
            && DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        string? text = null;
        ForEachChild(reader, child =>
        {
            if (child == "PlainTextContent")
            {
                text = reader.ReadElementContentAsString();
            }
            else
            {
                reader.Skip();
            }
        });
        document.Notes.Add(new QdaNote(guid, name, text, path, user, created, line));
    }

    private static void ReadLink(XmlReader reader, QdaDocument document)
    {
        if (QdaGuids.Parse(reader.GetAttribute("originGUID")) is { } origin && QdaGuids.Parse(reader.GetAttribute("targetGUID")) is { } target)
        {
            document.Links.Add((origin, target));
        }

        reader.Skip();
    }

    /// <summary>Calls <paramref name="handle"/> on each child element; it must consume the element, and this consumes the end.</summary>
    private static void ForEachChild(XmlReader reader, Action<string> handle)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                handle(reader.LocalName);
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
    }

    private static void Dispatch(XmlReader reader, string name, string expected, Action read)
    {
        if (name == expected)
        {
            read();
        }
        else
        {
            reader.Skip();
        }
    }

    private static Guid Ref(XmlReader reader)
    {
        var guid = Guid(reader, "targetGUID");
        reader.Skip();
        return guid;
    }

    private static Guid Guid(XmlReader reader, string attribute) =>
        QdaGuids.Parse(reader.GetAttribute(attribute))
        ?? throw new QdpxFormatException(
            reader.GetAttribute(attribute) is null
                ? Messages.QdaAttributeMissing(reader.LocalName, attribute)
                : Messages.QdaAttributeInvalid(reader.LocalName, attribute, "a GUID"),
            LineOf(reader));

    private static long Integer(XmlReader reader, string attribute, int line) =>
        long.TryParse(reader.GetAttribute(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new QdpxFormatException(Messages.QdaAttributeInvalid(reader.LocalName, attribute, "a whole number"), line);

    private static int LineOf(XmlReader reader) => reader is IXmlLineInfo info ? info.LineNumber : 0;
}
