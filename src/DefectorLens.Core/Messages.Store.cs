namespace DefectorLens.Core;

/// <summary>Messages about storing and reading a project.</summary>
public static partial class Messages
{
    /// <summary>An imported case id is already in the project.</summary>
    public static string CaseExists(string place, string id) => $"{place}: case '{id}' already exists in the project";

    /// <summary>An imported source id is already in the project.</summary>
    public static string SourceExists(string place, string id) => $"{place}: source '{id}' already exists in the project";

    /// <summary>A case id appears twice in what is being stored.</summary>
    public static string CaseRepeated(string place, string id) => $"{place}: case '{id}' appears more than once";

    /// <summary>A source id appears twice in what is being stored.</summary>
    public static string SourceRepeated(string place, string id) => $"{place}: source '{id}' appears more than once";

    /// <summary>A source or one of its segments names a case the project does not hold.</summary>
    public static string CaseReferenceUnknown(string place, string source, string caseId) =>
        $"{place}: source '{source}' refers to case '{caseId}', which is not in the project";

    /// <summary>Codings name a source the project does not hold.</summary>
    public static string SourceNotInProject(string place, string source) => $"{place}: source '{source}' is not in the project";

    /// <summary>A segment does not fit in its source's text.</summary>
    public static string SegmentOutsideText(string place, string source, int start, int end, int length) =>
        $"{place}: segment [{N(start)}, {N(end)}) of source '{source}' is not within its text of {N(length)} characters " +
        "(expected 0 <= start < end <= length)";

    /// <summary>How codings by one coder are named as the place of a problem.</summary>
    public static string CoderPlace(string coderName) => $"codings of coder '{coderName}'";

    /// <summary>A codebook version is already stored with other content.</summary>
    public static string CodebookVersionChanged(string id, string version) =>
        $"codebook {id} version {version} is already stored with different content; give the changed codebook a new version";

    /// <summary>A codebook to store is not valid.</summary>
    public static string CodebookInvalid(string id, IEnumerable<string> problems) =>
        $"codebook {id} is not valid: {string.Join("; ", problems)}";

    /// <summary>A search query has no words.</summary>
    public const string SearchQueryEmpty = "search query is empty (expected words to look for)";

    /// <summary>A search query cannot be read.</summary>
    public static string SearchQueryInvalid(string query) =>
        $"search query '{query}' is not valid (expected words, \"quoted phrases\", word* for prefixes, " +
        "and AND, OR, NOT between terms)";
}
