using System.Xml;
using System.Xml.Schema;

namespace DefectorLens.Interop.Qdpx;

/// <summary>The XML side of REFI-QDA: namespaces, the schema, and reader settings that cannot be turned against us.</summary>
public static class QdaXml
{
    /// <summary>The namespace of project.qde.</summary>
    public const string ProjectNamespace = "urn:QDA-XML:project:1.0";

    /// <summary>The namespace of a .qdc codebook.</summary>
    public const string CodebookNamespace = "urn:QDA-XML:codebook:1.0";

    private const string SchemaResource = "DefectorLens.RefiQda.Project.xsd";

    private static readonly Lazy<XmlSchemaSet> ProjectSchemaSet = new(LoadSchema);

    /// <summary>Project.xsd, compiled; embedded at build time from <c>../shared/refi-qda/</c>.</summary>
    public static XmlSchemaSet ProjectSchema => ProjectSchemaSet.Value;

    /// <summary>Settings for reading untrusted XML: no DTD, no external resolution, line numbers kept.</summary>
    /// <remarks>Prohibiting the DTD refuses external entities (XXE) and entity expansion (billion laughs) alike.</remarks>
    public static XmlReaderSettings SafeReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    private static XmlSchemaSet LoadSchema()
    {
        var assembly = typeof(QdaXml).Assembly;
        using var stream = assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The resource {SchemaResource} is missing from {assembly.GetName().Name}.");
        using var reader = XmlReader.Create(stream, SafeReaderSettings());
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(ProjectNamespace, reader);
        set.Compile();
        return set;
    }
}
