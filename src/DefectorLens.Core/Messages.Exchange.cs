namespace DefectorLens.Core;

/// <summary>Messages about memos in the JSON Lines interchange format.</summary>
/// <remarks>Targets, authors and times only: the text of a memo never appears in a message.</remarks>
public static partial class Messages
{
    /// <summary>A JSON Lines line is a memo and a case or source at once.</summary>
    public const string JsonLineMemoAndRecord =
        "a memo is a line of its own (a line with \"memo\" has no \"case\" or \"source\"; a memo on one says so with \"on\")";

    /// <summary>A memo line's target is not one a line can name.</summary>
    public static string MemoOnInvalid(string text) =>
        $"memo 'on' must be project, code:ID, case:ID or source:ID, not '{text}' (a memo on a segment goes in the segment's \"memos\")";

    /// <summary>An entry of a segment's memos is not an object.</summary>
    public const string MemoNotObject = "a memo must be an object with memo, author and written";

    /// <summary>A memo's time is not an ISO 8601 time with an offset.</summary>
    public static string MemoWrittenMalformed(string text) =>
        $"memo 'written' '{text}' is not a time (expected ISO 8601 with an offset, e.g. 2024-05-01T10:30:00Z)";

    /// <summary>A memo names a source that is neither stored nor in the file.</summary>
    public static string SourceNotInProjectOrFile(string id) => $"source '{id}' is neither in the project nor in this file";

    /// <summary>Puts a problem of one memo of a segment in its place.</summary>
    public static string InSegmentMemo(int segment, int memo, string reason) => $"segment {N(segment)}, memo {N(memo)}: {reason}";
}
