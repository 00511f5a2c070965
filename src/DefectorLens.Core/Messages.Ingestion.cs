namespace DefectorLens.Core;

/// <summary>Messages about ingesting documents, archives and manifests.</summary>
public static partial class Messages
{
    /// <summary>A file larger than the import's size limit.</summary>
    public static string FileTooLarge(long bytes, long limit) =>
        $"file is {N(bytes)} bytes, over the limit of {N(limit)} bytes (raise it with --max-file-size)";

    /// <summary>A file whose bytes were all imported before.</summary>
    public const string AlreadyImported = "already imported (same content); skipped";

    /// <summary>A PDF that cannot be parsed.</summary>
    public static string PdfUnreadable(string reason) => $"not a readable PDF: {reason}";

    /// <summary>A PDF protected by a password.</summary>
    public const string PdfEncrypted = "the PDF is encrypted; save an unprotected copy to import it";

    /// <summary>A PDF whose pages hold no text layer.</summary>
    public const string PdfNoText = "no text in the PDF (a scanned document needs OCR before import)";

    /// <summary>A DOCX that cannot be opened.</summary>
    public static string DocxUnreadable(string reason) => $"not a readable DOCX: {reason}";

    /// <summary>A part of a DOCX package that would inflate past the size an imported file may have.</summary>
    public static string DocxPartTooLarge(string part, long limit) =>
        DocxUnreadable($"part '{part}' is over {N(limit)} bytes uncompressed (possible zip bomb; raise the limit with --max-file-size)");

    /// <summary>A part of a DOCX package compressed far more than text ever is.</summary>
    public static string DocxPartRatioTooHigh(string part, long ratio, int limit) =>
        DocxUnreadable($"part '{part}' is compressed {N(ratio)} to 1, over the limit of {N(limit)} to 1 (possible zip bomb)");

    /// <summary>An HTML page in which no article text was found.</summary>
    public const string HtmlNoArticle = "no article text found in the page (only navigation, adverts or scripts)";

    /// <summary>A ZIP archive that cannot be read.</summary>
    public static string ZipUnreadable(string reason) => $"not a readable ZIP archive: {reason}";

    /// <summary>An archive with more entries than allowed.</summary>
    public static string ZipTooManyEntries(int entries, int limit) =>
        $"archive has {N(entries)} entries, over the limit of {N(limit)} (possible zip bomb); nothing imported from it";

    /// <summary>An archive entry larger than allowed once uncompressed.</summary>
    public static string ZipEntryTooLarge(string entry, long limit) =>
        $"entry '{entry}' is over {N(limit)} bytes uncompressed (possible zip bomb); nothing imported from the archive";

    /// <summary>An archive whose entries add up to more than allowed.</summary>
    public static string ZipTooLarge(long limit) =>
        $"archive expands to more than {N(limit)} bytes (possible zip bomb); nothing imported from it";

    /// <summary>An archive entry compressed far more than text ever is.</summary>
    public static string ZipRatioTooHigh(string entry, long ratio, int limit) =>
        $"entry '{entry}' is compressed {N(ratio)} to 1, over the limit of {N(limit)} to 1 (possible zip bomb); nothing imported from the archive";

    /// <summary>An archive entry whose path would leave the folder it is extracted to.</summary>
    public static string ZipPathUnsafe(string entry) =>
        $"entry '{entry}' has a path that leaves the archive (zip-slip); nothing imported from the archive";

    /// <summary>Archives nested deeper than allowed.</summary>
    public static string ZipTooDeep(int limit) => $"archive nested more than {N(limit)} levels deep; not imported";

    /// <summary>A manifest without the header row it needs.</summary>
    public const string ManifestNoHeader = "expected a header row naming the columns (source, title, text or file, ...)";

    /// <summary>A manifest column the format does not define.</summary>
    public static string ManifestColumnUnknown(string column, IEnumerable<string> expected) =>
        $"unknown column '{column}' (expected {string.Join(", ", expected)})";

    /// <summary>A manifest row with neither inline text nor a file.</summary>
    public const string ManifestNoTextOrFile = "a row needs 'text' or 'file'";

    /// <summary>A manifest row with both inline text and a file.</summary>
    public const string ManifestTextAndFile = "a row has both 'text' and 'file'; give one";

    /// <summary>A manifest row naming a file outside the manifest's folder.</summary>
    public static string ManifestPathOutside(string file) =>
        $"file '{file}' is outside the manifest's folder (use a path relative to it, without '..')";

    /// <summary>A manifest row naming a file that is not there.</summary>
    public static string ManifestFileMissing(string file) => $"file '{file}' not found beside the manifest";

    /// <summary>A manifest row naming a file the manifest cannot read.</summary>
    public static string ManifestFileProblem(string file, string reason) => $"file '{file}': {reason}";

    /// <summary>A manifest inside an archive naming a file, which only a manifest on disk may do.</summary>
    public const string ManifestFileInArchive = "a manifest inside an archive must give 'text' inline, not 'file'";

    /// <summary>A manifest row that repeats an id of an earlier row.</summary>
    public static string ManifestSourceRepeated(string id, int line) => $"source '{id}' already given on line {N(line)}";

    /// <summary>A CSV or TSV file the parser cannot read.</summary>
    public static string NotValidCsv(string reason) => $"not valid CSV: {reason}";

    /// <summary>A manifest row with more cells than the header has columns.</summary>
    public static string ManifestTooManyCells(int cells, int columns) => $"row has {N(cells)} cells but the header names {N(columns)} columns";
}
