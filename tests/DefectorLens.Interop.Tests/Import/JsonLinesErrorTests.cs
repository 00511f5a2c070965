using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

/// <summary>Each bad input of a JSON Lines file, with the exact message it gets.</summary>
/// <remarks>The context holds case c100 and source s100; the codebook is <see cref="TestCodebooks.Mini"/>.</remarks>
public sealed class JsonLinesErrorTests : IDisposable
{
    private const string Case = """{"case": "c001", "pseudonym": "A"}""";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, int, string> BadCases => new()
    {
        { """{"case": "c001", "pseudonym": "A" """, 1, "not valid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed (column 35)" },
        { """{"case": "c001", "pseudonym": "A",}""", 1, "not valid JSON: The JSON object contains a trailing comma at the end which is not supported (column 35)" },
        { """["c001", "A"]""", 1, "expected a JSON object with a \"case\", a \"source\" or a \"memo\" field" },
        { """{"pseudonym": "A"}""", 1, "expected a JSON object with a \"case\", a \"source\" or a \"memo\" field" },
        { """{"case": "c001", "source": "s001"}""", 1, "a line describes a case or a source, not both (it has both \"case\" and \"source\")" },
        { """{"case": "c001", "pseudonym": ""}""", 1, "field 'pseudonym' must not be empty" },
        { """{"case": null, "pseudonym": "A"}""", 1, "missing required field 'case'" },
        { """{"case": "c001", "pseudonym": 7}""", 1, "field 'pseudonym' must be a string" },
        { """{"case": "c001", "pseudonym": "  "}""", 1, "field 'pseudonym' must not be empty" },
        { """{"case": 1, "pseudonym": "A"}""", 1, "field 'case' must be a string" },
        { """{"case": "c 001", "pseudonym": "A"}""", 1, "case id 'c 001' is not valid (expected 1 to 100 letters, digits, '-', '_' or '.')" },
        { """{"case": "c/001", "pseudonym": "A"}""", 1, "case id 'c/001' is not valid (expected 1 to 100 letters, digits, '-', '_' or '.')" },
        { """{"case": "c001", "pseudonym": "A", "nmae": "x"}""", 1, "unknown field 'nmae' (expected case, pseudonym, attributes, identity)" },
        { """{"case": "c001", "pseudonym": "A", "pseudonym": "B"}""", 1, "field 'pseudonym' appears more than once" },
        { """{"case": "c001", "pseudonym": "A", "attributes": "male"}""", 1, "field 'attributes' must be an object" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"defected": "31/02/2015"}}""", 1, "date '31/02/2015' is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"joined": "2015-02-31"}}""", 1, "date '2015-02-31' is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"joined": 2015}}""", 1, "attribute 'joined' must be a string" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"legal_status": "jailed"}}""", 1, "legal_status 'jailed' is not known (expected one of: unknown, at_large, detained, prosecuted, convicted, resettled, deceased)" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"consent": "yes"}}""", 1, "consent 'yes' is not known (expected one of: none, research_only, public_anonymous, public_named)" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"age_at_joining": "twenty"}}""", 1, "attribute 'age_at_joining' must be a whole number" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"age_at_joining": 22.5}}""", 1, "attribute 'age_at_joining' must be a whole number" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"age_at_joining": 200}}""", 1, "age_at_joining 200 is not an age (expected 0 to 120)" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"gender": 1}}""", 1, "attribute 'gender' must be a string" },
        { """{"case": "c001", "pseudonym": "A", "attributes": {"tags": ["a"]}}""", 1, "attribute 'tags' must be a string, number or boolean" },
        { """{"case": "c001", "pseudonym": "A", "identity": "someone"}""", 1, "field 'identity' must be an object" },
        { """{"case": "c001", "pseudonym": "A", "identity": {"aliases": "someone"}}""", 1, "identity field 'aliases' must be an array of strings" },
        { """{"case": "c001", "pseudonym": "A", "identity": {"name": 5}}""", 1, "identity field 'name' must be a string" },
        { """{"case": "c001", "pseudonym": "A", "identity": {"passport": "x"}}""", 1, "unknown identity field 'passport' (expected name, aliases, contact, location, notes)" },
        { """{"case": "c100", "pseudonym": "A"}""", 1, "case 'c100' already exists in the project" },
        { Case + "\n" + Case, 2, "case 'c001' is defined twice (first on line 1)" },
    };

    public static TheoryData<string, int, string> BadSources => new()
    {
        { """{"source": "s001", "text": "Text."}""", 1, "missing required field 'title'" },
        { """{"source": "s001", "title": "T"}""", 1, "missing required field 'text'" },
        { """{"source": "s001", "title": "T", "text": " \n "}""", 1, "field 'text' must not be empty" },
        { """{"source": "s001", "title": "T", "text": ["Text."]}""", 1, "field 'text' must be a string" },
        { """{"source": "s 1", "title": "T", "text": "Text."}""", 1, "source id 's 1' is not valid (expected 1 to 100 letters, digits, '-', '_' or '.')" },
        { """{"source": "s001", "title": "T", "text": "Text.", "body": "x"}""", 1, "unknown field 'body' (expected source, title, text, file, outlet, author, url, published, language, medium, cases, segments)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "published": "31/02/2015"}""", 1, "date '31/02/2015' is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "medium": "tv"}""", 1, "medium 'tv' is not known (expected one of: other, news, interview, video, audio, court_record, social_media, report)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "language": "english"}""", 1, "language 'english' is not an ISO 639-1 code (expected two letters such as en, ar, fr, de)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "cases": "c100"}""", 1, "field 'cases' must be an array of strings" },
        { """{"source": "s001", "title": "T", "text": "Text.", "cases": ["c404"]}""", 1, "case 'c404' is neither in the project nor in this file" },
        { """{"source": "s100", "title": "T", "text": "Text."}""", 1, "source 's100' already exists in the project" },
        { """{"source": "s001", "title": "T", "text": "Text."}""" + "\n" + Case + "\n" + """{"source": "s001", "title": "T", "text": "Text."}""", 3, "source 's001' is defined twice (first on line 1)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": {"start": 0}}""", 1, "field 'segments' must be an array" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [[0, 4]]}""", 1, "segment 1: a segment must be an object with start, end, speaker and codings" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 2}, {"start": 120, "end": 9000}]}""", 1, "segment 2: span [120, 9000) is outside the text (0 to 5)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": -1, "end": 2}]}""", 1, "segment 1: span [-1, 2) is outside the text (0 to 5)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 3, "end": 3}]}""", 1, "segment 1: span [3, 3) is empty (expected start < end)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"end": 3}]}""", 1, "segment 1: missing required field 'start'" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": "0", "end": 3}]}""", 1, "segment 1: field 'start' must be a whole number" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "who": "c100"}]}""", 1, "segment 1: unknown field 'who' (expected start, end, speaker, codings, memos)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "cases": ["c100"], "segments": [{"start": 0, "end": 3, "speaker": "c001"}]}""" + "\n" + Case, 1, "segment 1: speaker 'c001' is not one of the source's cases" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": {"code": "leave.brutality"}}]}""", 1, "segment 1: field 'codings' must be an array" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": ["leave.brutality"]}]}""", 1, "segment 1, coding 1: a coding must be an object with code and coder" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave.brutality", "coder": "a"}, {"code": "leave.brutalty", "coder": "a"}]}]}""", 1, "segment 1, coding 2: unknown code 'leave.brutalty' (not in codebook mini-1)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave", "coder": "a"}]}]}""", 1, "segment 1, coding 1: code 'leave' is a category (apply one of its sub-codes)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"coder": "a"}]}]}""", 1, "segment 1, coding 1: missing required field 'code'" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave.brutality"}]}]}""", 1, "segment 1, coding 1: missing required field 'coder'" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave.brutality", "coder": "a", "confidence": 1.5}]}]}""", 1, "segment 1, coding 1: confidence 1.5 is outside 0 to 1" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave.brutality", "coder": "a", "confidence": -0.25}]}]}""", 1, "segment 1, coding 1: confidence -0.25 is outside 0 to 1" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave.brutality", "coder": "a", "confidence": "high"}]}]}""", 1, "segment 1, coding 1: field 'confidence' must be a number" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave.brutality", "coder": "a", "coder_kind": "robot"}]}]}""", 1, "segment 1, coding 1: coder_kind 'robot' is not known (expected one of: person, rules, model)" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "codings": [{"code": "leave.brutality", "coder": "a", "coder_version": [1]}]}]}""", 1, "segment 1, coding 1: field 'coder_version' must be a string, number or boolean" },
    };

    public static TheoryData<string, int, string> BadMemos => new()
    {
        { """{"memo": "Note.", "on": "segment:12", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "memo 'on' must be project, code:ID, case:ID or source:ID, not 'segment:12' (a memo on a segment goes in the segment's \"memos\")" },
        { """{"memo": "Note.", "on": "case:c404", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "case 'c404' is neither in the project nor in this file" },
        { """{"memo": "Note.", "on": "source:s404", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "source 's404' is neither in the project nor in this file" },
        { """{"memo": "Note.", "on": "code:leave.brutalty", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "unknown code 'leave.brutalty' (not in codebook mini-1)" },
        { """{"memo": "Note.", "on": "case:c 1", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "case id 'c 1' is not valid (expected 1 to 100 letters, digits, '-', '_' or '.')" },
        { """{"memo": "Note.", "author": "a", "written": "2024-05-01 10:30"}""", 1, "memo 'written' '2024-05-01 10:30' is not a time (expected ISO 8601 with an offset, e.g. 2024-05-01T10:30:00Z)" },
        { """{"memo": "Note.", "author": "a", "written": "2024-05-01T10:30:00"}""", 1, "memo 'written' '2024-05-01T10:30:00' is not a time (expected ISO 8601 with an offset, e.g. 2024-05-01T10:30:00Z)" },
        { """{"memo": "Note.", "written": "2024-05-01T10:30:00Z"}""", 1, "missing required field 'author'" },
        { """{"memo": " ", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "field 'memo' must not be empty" },
        { """{"memo": "Note.", "about": "c100", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "unknown field 'about' (expected memo, on, author, written)" },
        { """{"memo": "Note.", "case": "c100", "author": "a", "written": "2024-05-01T10:30:00Z"}""", 1, "a memo is a line of its own (a line with \"memo\" has no \"case\" or \"source\"; a memo on one says so with \"on\")" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "memos": ["Note."]}]}""", 1, "segment 1, memo 1: a memo must be an object with memo, author and written" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "memos": [{"memo": "Note.", "author": "a"}]}]}""", 1, "segment 1, memo 1: missing required field 'written'" },
        { """{"source": "s001", "title": "T", "text": "Text.", "segments": [{"start": 0, "end": 3, "memos": [{"memo": "Note.", "on": "project", "author": "a", "written": "2024-05-01T10:30:00Z"}]}]}""", 1, "segment 1, memo 1: unknown field 'on' (expected memo, author, written)" },
    };

    [Theory]
    [MemberData(nameof(BadCases))]
    [MemberData(nameof(BadSources))]
    [MemberData(nameof(BadMemos))]
    public void A_bad_line_is_reported_with_its_line_and_reason_and_nothing_is_kept(string content, int line, string reason)
    {
        var path = _directory.Write("input.jsonl", content);

        var result = Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

        result.Errors.Select(error => (error.File, error.Line, error.Reason)).ShouldBe([(path, (int?)line, reason)]);
        result.Succeeded.ShouldBeFalse();
        result.Batch.IsEmpty.ShouldBeTrue();
        result.Batch.Origin.ShouldBe(path);
    }
}
