namespace DefectorLens.Core;

/// <summary>Messages of the statistics, reports and exports.</summary>
public static partial class Messages
{
    /// <summary>A <c>--by</c> attribute the cases do not have.</summary>
    public static string AttributeUnknown(string attribute, IEnumerable<string> known) =>
        $"unknown attribute '{attribute}' (expected one of: {string.Join(", ", known)})";

    /// <summary>A <c>--period</c> that is not a year, quarter or month.</summary>
    public static string PeriodMalformed(string period) =>
        $"period '{period}' is not a period (expected yyyy, yyyy-Qn or yyyy-MM, e.g. 2015, 2015-Q2, 2015-03)";

    /// <summary>A <c>--lists</c> value that names no outlet in some list.</summary>
    public static string ListEmpty(int list) => $"--lists: list {N(list)} names no outlet (lists are separated by ';', outlets by ',')";

    /// <summary>A <c>--lists</c> value with too few or too many lists.</summary>
    public static string ListCount(int lists, int max) => $"--lists: {N(lists)} lists given; capture–recapture needs 2 to {N(max)}";

    /// <summary>A <c>--lists</c> outlet no source has.</summary>
    public static string OutletUnknown(string outlet, IEnumerable<string> known) =>
        $"--lists: no source has the outlet '{outlet}' (outlets: {string.Join(", ", known)})";

    /// <summary>An outlet placed in two lists.</summary>
    public static string OutletInTwoLists(string outlet) => $"--lists: outlet '{outlet}' is in more than one list";

    /// <summary>More coder names than agreement between coders can compare.</summary>
    public static string TooManyCoders(int coders, int max) =>
        $"the project has codings by {N(coders)} coders; the statistics can tell at most {N(max)} coders apart";

    /// <summary>Too few outlets to make lists from without <c>--lists</c>.</summary>
    public const string TooFewOutlets = "capture–recapture needs at least two outlets; the project's sources name fewer (set outlets, or group them with --lists)";

    /// <summary>A <c>--join</c> code that is not a joining narrative.</summary>
    public static string NotAJoiningNarrative(string code, IEnumerable<string> known) =>
        $"'{code}' is not a joining narrative of the codebook (expected one of: {string.Join(", ", known)})";

    /// <summary>A <c>--text</c> file in which the automatic coder found no joining narrative.</summary>
    public static string NoJoiningNarrativeInText(string path) =>
        $"{path}: the automatic coder found no joining narrative in this text (name one with --join)";

    /// <summary>Neither or both of <c>--join</c> and <c>--text</c>.</summary>
    public const string JoinOrText = "give exactly one of --join CODE or --text FILE";

    /// <summary>Chromium is not installed where the PDF printer looks for it.</summary>
    public static string ChromiumMissing(string path) =>
        $"cannot print PDF: Chromium not found at {path} (install Debian's chromium, or set DEFECTORLENS_CHROMIUM)";

    /// <summary>Chromium ran but wrote no PDF.</summary>
    public static string PdfNotWritten(int exitCode) => $"cannot print PDF: Chromium exited with code {N(exitCode)} and wrote no file";

    /// <summary>An export format the command does not write.</summary>
    public static string ExportFormatUnknown(string format, IEnumerable<string> known) =>
        $"unknown export format '{format}' (expected one of: {string.Join(", ", known)})";
}
