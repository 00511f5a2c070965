using System.Text;
using System.Xml;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Qdpx;

/// <summary>Reads and writes REFI-QDA codebooks (.qdc), the format in which NVivo, ATLAS.ti, MAXQDA and QualCoder exchange codes alone.</summary>
public static class QdcCodebook
{
    /// <summary>Writes a codebook as a .qdc document: nested codes with colours and descriptions holding definitions and criteria.</summary>
    public static string Write(Codebook codebook)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(new Utf8StringWriter(text), settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("CodeBook", QdaXml.CodebookNamespace);
            writer.WriteAttributeString("origin", "DefectorLens");
            QdpxExporter.WriteCodes(writer, codebook, QdaXml.CodebookNamespace, _ => []);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return text.Append('\n').ToString();
    }

    /// <summary>Reads a .qdc file into a codebook named after the file; errors name the file and line.</summary>
    /// <remarks>Code ids come from the descriptions DefectorLens writes, or from the codes' names and their place in the tree.</remarks>
    public static CodebookReadResult Read(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var errors = new InputErrorList(path);
        var bytes = SourceFiles.ReadBytes(path, errors);
        if (bytes is null)
        {
            return new CodebookReadResult(null, errors.ToList());
        }

        QdaDocument document;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            document = QdeReader.ReadCodebook(stream, cancellationToken);
        }
        catch (QdpxFormatException problem)
        {
            errors.Add(problem.Line, problem.Message);
            return new CodebookReadResult(null, errors.ToList());
        }

        if (document.Codes.Count == 0)
        {
            errors.Add(null, Messages.CodebookHasNoCodes);
            return new CodebookReadResult(null, errors.ToList());
        }

        var stem = Identifiers.FromFileName(path)?.ToLowerInvariant() ?? "qdc";
        document.Name = stem;
        var codebook = CodebookBuilder.FromDocument(document, path, stem, "1");
        foreach (var problem in codebook.Problems())
        {
            errors.Add(null, problem);
        }

        return new CodebookReadResult(errors.Any ? null : codebook, errors.ToList());
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
