namespace DefectorLens.Core;

/// <summary>Messages about exchanging projects and codebooks with other tools through REFI-QDA (.qdpx, .qdc).</summary>
/// <remarks>Names, guids and counts only: the text of a source or a note never appears in a message.</remarks>
public static partial class Messages
{
    /// <summary>A file is not a zip archive.</summary>
    public const string QdpxNotZip = "not a REFI-QDA project (expected a zip archive holding project.qde)";

    /// <summary>An archive holds no project.qde.</summary>
    public const string QdpxNoProjectFile = "the archive holds no project.qde";

    /// <summary>An archive holds more entries than allowed.</summary>
    public static string QdpxTooManyEntries(int count, int limit) =>
        $"the archive holds {N(count)} entries (at most {N(limit)} are accepted); refused";

    /// <summary>An entry's path is rooted or climbs out of the archive.</summary>
    public static string QdpxUnsafePath(string entry) =>
        $"entry '{entry}' has a path that is rooted or contains '..' (it could escape the archive); refused";

    /// <summary>One entry unpacks to more than allowed.</summary>
    public static string QdpxEntryTooLarge(string entry, long limit) =>
        $"entry '{entry}' unpacks to more than {N(limit)} bytes; refused";

    /// <summary>All entries together unpack to more than allowed.</summary>
    public static string QdpxArchiveTooLarge(long limit) => $"the archive unpacks to more than {N(limit)} bytes in total; refused";

    /// <summary>An entry is compressed so much that it looks like a zip bomb.</summary>
    public static string QdpxRatioTooHigh(string entry, long ratio, int limit) =>
        $"entry '{entry}' is compressed {N(ratio)} to 1 (more than {N(limit)} to 1 looks like a zip bomb); refused";

    /// <summary>The XML declares a document type, which could define entities.</summary>
    public const string QdeDtdRefused =
        "a DTD (<!DOCTYPE ...>) is not allowed: its entities could read local files or expand without limit";

    /// <summary>The XML is not well formed.</summary>
    public static string QdeNotXml(string reason) => $"not well-formed XML: {reason}";

    /// <summary>An element does not match the REFI-QDA schema.</summary>
    public static string QdeSchemaInvalid(string element, string reason) =>
        $"element '{element}' does not match the REFI-QDA schema (Project.xsd): {reason}";

    /// <summary>A text source names no text.</summary>
    public static string QdeSourceWithoutText(string source) =>
        $"text source '{source}' has neither PlainTextContent nor plainTextPath";

    /// <summary>A text source's text file is neither in the archive nor on disk.</summary>
    public static string QdeSourceTextMissing(string source, string path) =>
        $"text source '{source}': its text '{path}' is neither in the archive nor on disk";

    /// <summary>A text source's path uses a scheme that is not understood.</summary>
    public static string QdeSourcePathUnsupported(string source, string path) =>
        $"text source '{source}': path '{path}' is not understood (expected internal://, relative://, absolute:// or file://)";

    /// <summary>A source that is not text (PDF, picture, audio, video) is left out.</summary>
    public static string QdeSourceNotText(string kind, string source) =>
        $"{kind} '{source}' is not a text source; skipped (only text sources and their selections are imported)";

    /// <summary>A selection lies outside its source's text; it is left out.</summary>
    public static string QdeSelectionOutsideText(string selection, long start, long end, string source, int length) =>
        $"selection {selection} [{N(start)}, {N(end)}) lies outside text source '{source}' ({N(length)} characters); skipped";

    /// <summary>A coding refers to a code the file's codebook does not define.</summary>
    public static string QdeCodeRefUnknown(string guid) => $"a coding refers to code {guid}, which the file's codebook does not define";

    /// <summary>A case variable holds a value the attribute cannot take.</summary>
    public static string QdeVariableInvalid(string caseName, string variable, string reason) =>
        $"case '{caseName}', variable '{variable}': {reason}";

    /// <summary>A source variable that no source field holds is left out.</summary>
    public static string QdeSourceVariableIgnored(string source, string variable) =>
        $"text source '{source}': variable '{variable}' has no place in a DefectorLens source; left out";

    /// <summary>Codes applied in the file that the map and the project's codebook leave unmapped.</summary>
    public static string QdeCodesUnmapped(IEnumerable<string> codes, string codebook) =>
        $"codes applied in the file are neither in codebook {codebook} nor in the map: {string.Join(", ", codes)} " +
        "(add them to the map, or import without --map to take the file's codebook as a new version)";

    /// <summary>A code map names a code the project's codebook lacks or that is a category.</summary>
    public static string CodeMapTargetInvalid(string from, string to, string codebook) =>
        $"'{from}' is mapped to '{to}', which is not a code that can be applied in codebook {codebook}";

    /// <summary>A code map file is not a mapping of names to code ids.</summary>
    public const string CodeMapNotMapping =
        "expected a code map: a mapping from the other tool's code names or guids to this project's code ids";

    /// <summary>A code map entry maps to something other than a code id.</summary>
    public static string CodeMapValueNotText(string key) => $"'{key}' must map to one code id";

    /// <summary>A .qdc file does not hold a REFI-QDA codebook.</summary>
    public const string QdcNotCodebook = "not a REFI-QDA codebook (expected a CodeBook element holding Codes)";

    /// <summary>An element lacks a required attribute.</summary>
    public static string QdaAttributeMissing(string element, string attribute) => $"element '{element}' has no '{attribute}' attribute";

    /// <summary>An attribute's value is not of the kind the standard requires.</summary>
    public static string QdaAttributeInvalid(string element, string attribute, string expected) =>
        $"element '{element}': attribute '{attribute}' is not {expected}";

    /// <summary>A code map can only be used with a REFI-QDA project.</summary>
    public const string CodeMapOnlyForQdpx = "--map applies to .qdpx files only";
}
