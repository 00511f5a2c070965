using System.Xml;
using System.Xml.Schema;

namespace DefectorLens.Interop.Tests.Qdpx;

/// <summary>Project.xsd read from ../shared/refi-qda beside the checkout, never from a copy in the repository.</summary>
/// <remarks>A missing schema fails the test that needs it, under CI=true and everywhere else: a validation never silently passes.</remarks>
internal static class RefiQdaSchema
{
    private static readonly Lazy<string> SchemaPath = new(Locate);

    /// <summary>The path of Project.xsd.</summary>
    public static string Path => SchemaPath.Value;

    /// <summary>Every validation error of a project.qde, each with its line; empty when it is valid.</summary>
    public static IReadOnlyList<string> ValidateProject(Stream qde) => Validate(qde, ProjectSchema());

    /// <summary>Every validation error of a .qdc, against the codebook type of Project.xsd in the codebook namespace.</summary>
    public static IReadOnlyList<string> ValidateCodebook(Stream qdc) => Validate(qdc, CodebookSchema());

    private static XmlSchemaSet ProjectSchema()
    {
        var set = new XmlSchemaSet();
        set.Add("urn:QDA-XML:project:1.0", Path);
        set.Compile();
        return set;
    }

    // The root of a .qdc: the codes of a project's CodeBook, plus the origin attribute the codebook standard adds.
    private const string QdcCodeBookType =
        "<xsd:complexType name=\"QdcCodeBookType\"><xsd:sequence><xsd:element name=\"Codes\" type=\"CodesType\"/></xsd:sequence>" +
        "<xsd:attribute name=\"origin\" type=\"xsd:string\"/></xsd:complexType>";

    // REFI-QDA's Codebook.xsd declares CodeBook with the same code types in its own namespace.
    private static XmlSchemaSet CodebookSchema()
    {
        var text = File.ReadAllText(Path)
            .Replace("\"urn:QDA-XML:project:1.0\"", "\"urn:QDA-XML:codebook:1.0\"", StringComparison.Ordinal)
            .Replace("<xsd:complexType name=\"ProjectType\">", "<xsd:element name=\"CodeBook\" type=\"QdcCodeBookType\"/><xsd:complexType name=\"ProjectType\">", StringComparison.Ordinal)
            .Replace("<xsd:complexType name=\"CodeBookType\">", QdcCodeBookType + "<xsd:complexType name=\"CodeBookType\">", StringComparison.Ordinal);
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(new StringReader(text));
        set.Add("urn:QDA-XML:codebook:1.0", reader);
        set.Compile();
        return set;
    }

    private static List<string> Validate(Stream document, XmlSchemaSet schemas)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(document, settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    private static string Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "DefectorLens.slnx")))
        {
            directory = directory.Parent;
        }

        directory.ShouldNotBeNull("the test assembly is not inside a DefectorLens checkout (no DefectorLens.slnx above it)");
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, "..", "shared", "refi-qda", "Project.xsd"));
        File.Exists(path).ShouldBeTrue(
            $"the REFI-QDA schema is missing: expected {path} beside the checkout" +
            (Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: a missing schema is a failure)" : ""));
        return path;
    }
}
