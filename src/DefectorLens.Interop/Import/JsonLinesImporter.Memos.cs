using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using DefectorLens.Core;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Import;

/// <summary>Memos in a JSON Lines file: a memo line on the project, a code, a case or a source, and a segment's own memos.</summary>
internal sealed partial class JsonLinesImporter
{
    private static readonly string[] MemoLineFields = ["memo", "on", "author", "written"];
    private static readonly string[] SegmentMemoFields = ["memo", "author", "written"];

    // ISO 8601 with an offset, as Utf8JsonWriter writes a DateTimeOffset; a time without one would depend on the reader's zone.
    private static readonly string[] WrittenFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    private readonly List<Memo> _memos = [];
    private readonly List<(SourceId Source, int Line)> _sourceReferences = [];

    private void ReadMemoLine(JsonElement json, int line)
    {
        void Report(string reason) => _errors.Add(line, reason);
        var fields = JsonFields.Of(json, Field, MemoLineFields, Report);
        var on = fields.Names.Contains("on") ? fields.RequiredString("on") : "project";
        var target = on is null ? null : MemoTargetOf(on, line, Report);
        if (ReadMemo(fields, Report) is { } memo && target is var (kind, id))
        {
            _memos.Add(memo with { Target = kind, TargetId = id });
        }
    }

    private ImmutableArray<Memo> ReadSegmentMemos(JsonElement json, int segment, Action<string> report)
    {
        var memos = ImmutableArray.CreateBuilder<Memo>();
        var index = 0;
        foreach (var memoJson in json.EnumerateArray())
        {
            var number = ++index;
            void Report(string reason) => report(Messages.InSegmentMemo(segment, number, reason));
            if (memoJson.ValueKind != JsonValueKind.Object)
            {
                Report(Messages.MemoNotObject);
                continue;
            }

            if (ReadMemo(JsonFields.Of(memoJson, Field, SegmentMemoFields, Report), Report) is { } memo)
            {
                memos.Add(memo);
            }
        }

        return memos.ToImmutable();
    }

    /// <summary>The memo's text, author and time; its target is the caller's to set.</summary>
    private static Memo? ReadMemo(JsonFields fields, Action<string> report)
    {
        var text = fields.RequiredString("memo");
        var author = fields.RequiredString("author");
        var written = fields.RequiredString("written");
        DateTimeOffset? time = null;
        if (written is not null)
        {
            if (DateTimeOffset.TryParseExact(written, WrittenFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                time = parsed;
            }
            else
            {
                report(Messages.MemoWrittenMalformed(written));
            }
        }

        return text is not null && author is not null && time is { } at ? new Memo(MemoTarget.Project, "", author, text, at) : null;
    }

    /// <summary>Reads <c>project</c>, <c>code:ID</c>, <c>case:ID</c> or <c>source:ID</c>; a case or source must be in the project or the file.</summary>
    private (MemoTarget Target, string Id)? MemoTargetOf(string on, int line, Action<string> report)
    {
        if (on == "project")
        {
            return (MemoTarget.Project, "");
        }

        var colon = on.IndexOf(':', StringComparison.Ordinal);
        var (kind, id) = colon > 0 ? (on[..colon], on[(colon + 1)..]) : (on, "");
        switch (kind)
        {
            case "code" when _codes.Contains(new CodeId(id)):
                return (MemoTarget.Code, id);
            case "code":
                report(Messages.UnknownCode(id, _context.Codebook.Id));
                return null;
            case "case" when CaseIdOf(id, report) is { } caseId:
                if (!_context.ExistingCases.Contains(caseId))
                {
                    _caseReferences.Add((caseId, line));
                }

                return (MemoTarget.Case, id);
            case "source" when SourceIdOf(id, report) is { } sourceId:
                if (!_context.ExistingSources.Contains(sourceId))
                {
                    _sourceReferences.Add((sourceId, line));
                }

                return (MemoTarget.Source, id);
            case "case" or "source":
                return null;
            default:
                report(Messages.MemoOnInvalid(on));
                return null;
        }
    }

    private void CheckSourceReferences()
    {
        foreach (var (sourceId, line) in _sourceReferences.Where(reference => !_sourceLines.ContainsKey(reference.Source)))
        {
            _errors.Add(line, Messages.SourceNotInProjectOrFile(sourceId.Value));
        }
    }
}
