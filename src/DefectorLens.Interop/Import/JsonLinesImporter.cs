using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Import;

/// <summary>Imports cases, sources and memos from JSON Lines, as <c>docs/interchange-format.md</c> describes them.</summary>
/// <remarks>
/// Every line is checked and every problem reported; records are kept only while no problem has been found, since one
/// problem anywhere means nothing of the file is stored. A source or a memo may name a case (and a memo a source)
/// defined on any line of the file.
/// </remarks>
internal sealed partial class JsonLinesImporter
{
    private const string Field = "field";

    private static readonly string[] CaseFields = ["case", "pseudonym", "attributes", "identity"];
    private static readonly string[] SourceFields =
        ["source", "title", "text", "file", "outlet", "author", "url", "published", "language", "medium", "cases", "segments"];
    private static readonly string[] IdentityFields = ["name", "aliases", "contact", "location", "notes"];
    private static readonly string[] SegmentFields = ["start", "end", "speaker", "codings", "memos"];
    private static readonly string[] CodingFields = ["code", "coder", "coder_kind", "coder_version", "confidence", "explanation"];
    private static readonly HashSet<string> NamedAttributes = new(StringComparer.Ordinal)
    {
        "gender", "age_at_joining", "nationality", "residence", "group", "role", "joined", "defected", "legal_status", "consent",
    };

    // Interchange lines are flat records; a deeper line is not one of ours.
    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = 16 };

    private readonly string _path;
    private readonly ImportContext _context;
    private readonly InputErrorList _errors;
    private readonly HashSet<CodeId> _codes;
    private readonly HashSet<CodeId> _leaves;
    private readonly Dictionary<CaseId, int> _caseLines = [];
    private readonly Dictionary<SourceId, int> _sourceLines = [];
    private readonly List<(CaseId Case, int Line)> _caseReferences = [];
    private readonly List<CaseRecord> _cases = [];
    private HashSet<string>? _takenPseudonyms;
    private readonly List<SourceRecord> _sources = [];

    private JsonLinesImporter(string path, ImportContext context, InputErrorList errors)
    {
        _path = path;
        _context = context;
        _errors = errors;
        _codes = [.. context.Codebook.Codes.Select(code => code.Id)];
        _leaves = [.. context.Codebook.Leaves.Select(code => code.Id)];
    }

    private delegate bool WordParser<T>(string? text, out T value);

    /// <summary>Reads a JSON Lines file's bytes into cases and sources.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        var errors = new InputErrorList(path);
        var text = TextDecoding.DecodeUnicode(bytes, errors);
        if (text is null)
        {
            return ImportResult.Failed(errors);
        }

        var importer = new JsonLinesImporter(path, context, errors);
        importer.ReadLines(text, cancellationToken);
        importer.CheckCaseReferences();
        importer.CheckSourceReferences();
        return errors.Any
            ? ImportResult.Failed(errors)
            : new ImportResult(new ImportBatch(path, [.. importer._cases], [.. importer._sources]) { Memos = [.. importer._memos] }, []);
    }

    private void ReadLines(string text, CancellationToken cancellationToken)
    {
        // Split on '\n' alone: the other Unicode line separators may stand inside a JSON string, and an editor's
        // line numbers count '\n'.
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = lines[index].TrimEnd('\r');
            if (!string.IsNullOrWhiteSpace(line))
            {
                ReadLine(line, index + 1);
            }
        }
    }

    private void ReadLine(string line, int number)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, LineOptions);
        }
        catch (JsonException invalid)
        {
            _errors.Add(number, JsonErrors.Describe(invalid, bytes));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var isCase = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("case", out _);
            var isSource = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("source", out _);
            var isMemo = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("memo", out _);
            if (isCase && isSource)
            {
                _errors.Add(number, Messages.JsonLineBothCaseAndSource);
            }
            else if (isMemo && (isCase || isSource))
            {
                _errors.Add(number, Messages.JsonLineMemoAndRecord);
            }
            else if (isMemo)
            {
                ReadMemoLine(root, number);
            }
            else if (isCase)
            {
                ReadCase(root, number);
            }
            else if (isSource)
            {
                ReadSource(root, number);
            }
            else
            {
                _errors.Add(number, Messages.JsonLineNotCaseOrSource);
            }
        }
    }

    private void ReadCase(JsonElement json, int line)
    {
        void Report(string reason) => _errors.Add(line, reason);
        var fields = JsonFields.Of(json, Field, CaseFields, Report);
        var id = CaseIdOf(fields.RequiredString("case"), Report);
        // Optional: a case without one gets a readable, unique pseudonym derived from its id.
        var pseudonym = fields.Names.Contains("pseudonym") ? fields.RequiredString("pseudonym") : null;
        var attributes = fields.Object("attributes") is { } attributesJson ? ReadAttributes(attributesJson, Report) : CaseAttributes.Empty;
        var identity = fields.Object("identity") is { } identityJson ? ReadIdentity(identityJson, Report) : null;
        if (id is not { } caseId)
        {
            return;
        }

        if (_context.ExistingCases.Contains(caseId))
        {
            Report(Messages.CaseAlreadyInProject(caseId.Value));
        }
        else if (!_caseLines.TryAdd(caseId, line))
        {
            Report(Messages.CaseDefinedTwice(caseId.Value, _caseLines[caseId]));
        }

        if (!_errors.Any)
        {
            var record = identity is null || identity.IsEmpty ? null : identity.WithCase(caseId);
            var @case = Case.Create(caseId, pseudonym ?? Pseudonyms.For(caseId, IsPseudonymTaken), attributes);
            _takenPseudonyms?.Add(@case.Pseudonym);
            _cases.Add(new CaseRecord(@case, record));
        }
    }

    private bool IsPseudonymTaken(string candidate)
    {
        _takenPseudonyms ??= new HashSet<string>(_context.Pseudonyms.Values.Concat(_cases.Select(record => record.Case.Pseudonym)), StringComparer.OrdinalIgnoreCase);
        return _takenPseudonyms.Contains(candidate);
    }

    private static CaseAttributes ReadAttributes(JsonElement json, Action<string> report)
    {
        const string noun = "attribute";
        var fields = JsonFields.Of(json, noun, known: null, report);
        var extra = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var name in fields.Names.Where(name => !NamedAttributes.Contains(name)))
        {
            if (fields.Simple(name) is { } value)
            {
                extra[name] = value;
            }
        }

        return new CaseAttributes
        {
            Gender = fields.String("gender"),
            AgeAtJoining = Age(fields.WholeNumber("age_at_joining"), report),
            Nationality = fields.String("nationality"),
            CountryOfResidence = fields.String("residence"),
            Group = fields.String("group"),
            Role = fields.String("role"),
            Joined = Date(fields.String("joined"), report),
            Defected = Date(fields.String("defected"), report),
            LegalStatus = Word<LegalStatus>(fields, "legal_status", Vocabulary.TryParse, Vocabulary.LegalStatuses, report),
            Consent = Word<ConsentLevel>(fields, "consent", Vocabulary.TryParse, Vocabulary.ConsentLevels, report),
            Extra = extra.ToImmutable(),
        };
    }

    private static IdentityValues ReadIdentity(JsonElement json, Action<string> report)
    {
        var fields = JsonFields.Of(json, "identity field", IdentityFields, report);
        return new IdentityValues(
            fields.String("name"), fields.Strings("aliases"), fields.String("contact"), fields.String("location"), fields.String("notes"));
    }

    private void ReadSource(JsonElement json, int line)
    {
        void Report(string reason) => _errors.Add(line, reason);
        var fields = JsonFields.Of(json, Field, SourceFields, Report);
        var id = SourceIdOf(fields.RequiredString("source"), Report);
        // A line gives its text inline, or names a document (then its title, if absent, is the document's).
        var file = fields.String("file");
        if (file is not null && fields.String("text") is not null)
        {
            Report(Messages.ManifestTextAndFile);
            return;
        }

        var title = file is null ? fields.RequiredString("title") : fields.String("title") ?? "";
        var document = file is null ? null : ManifestFiles.Read(_path, file, _context, Report);
        var text = file is null ? fields.RequiredText("text") : document?.Read.Source.Text;
        if (file is null && text is not null && string.IsNullOrWhiteSpace(text))
        {
            Report(Messages.FieldBlank(Field, "text"));
        }

        var metadata = new SourceMetadata
        {
            Title = title ?? "",
            Outlet = fields.String("outlet"),
            Author = fields.String("author"),
            Url = fields.String("url"),
            Published = Date(fields.String("published"), Report),
            Language = Language(fields.String("language"), Report),
            Medium = Word<Medium>(fields, "medium", Vocabulary.TryParse, Vocabulary.Media, Report),
        };
        var cases = new List<CaseId>();
        foreach (var caseText in fields.Strings("cases"))
        {
            if (CaseIdOf(caseText, Report) is { } caseId && !cases.Contains(caseId))
            {
                cases.Add(caseId);
                if (!_context.ExistingCases.Contains(caseId))
                {
                    _caseReferences.Add((caseId, line));
                }
            }
        }

        // Offsets count UTF-16 code units of the stored text, which is NFC.
        var normalised = text?.Normalize(NormalizationForm.FormC);
        var segments = fields.Array("segments") is { } segmentsJson
            ? ReadSegments(segmentsJson, normalised?.Length, cases, Report)
            : [];
        if (id is not { } sourceId)
        {
            return;
        }

        if (_context.ExistingSources.Contains(sourceId))
        {
            Report(Messages.SourceAlreadyInProject(sourceId.Value));
        }
        else if (!_sourceLines.TryAdd(sourceId, line))
        {
            Report(Messages.SourceDefinedTwice(sourceId.Value, _sourceLines[sourceId]));
        }

        if (_errors.Any || normalised is null || title is null)
        {
            return;
        }

        if (document is not null)
        {
            var record = Documents.Record(document.Name, document.Bytes, sourceId, document.Merge(metadata), normalised, cases, _context, document.Read.PageStarts);
            // Segments the line gives replace those found in the document's own words.
            _sources.Add(segments.IsEmpty ? record : record with { Segments = segments });
            return;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
        var source = Source.Create(sourceId, metadata, normalised, hash, cases);
        _sources.Add(new SourceRecord(source, segments, null));
    }

    private ImmutableArray<SegmentDraft> ReadSegments(JsonElement json, int? textLength, List<CaseId> cases, Action<string> report)
    {
        var segments = ImmutableArray.CreateBuilder<SegmentDraft>();
        var index = 0;
        foreach (var segmentJson in json.EnumerateArray())
        {
            var number = ++index;
            void Report(string reason) => report(Messages.InSegment(number, reason));
            if (segmentJson.ValueKind != JsonValueKind.Object)
            {
                Report(Messages.SegmentNotObject);
                continue;
            }

            var fields = JsonFields.Of(segmentJson, Field, SegmentFields, Report);
            var start = fields.RequiredWholeNumber("start");
            var end = fields.RequiredWholeNumber("end");
            (int Start, int End)? span = null;
            if (start is { } first && end is { } last && textLength is { } length)
            {
                if (first < 0 || last > length)
                {
                    Report(Messages.SpanOutsideText(first, last, length));
                }
                else if (first >= last)
                {
                    Report(Messages.SpanEmpty(first, last));
                }
                else
                {
                    span = ((int)first, (int)last);
                }
            }

            var speaker = CaseIdOf(fields.String("speaker"), Report);
            if (speaker is { } spoken && !cases.Contains(spoken))
            {
                Report(Messages.SpeakerNotACaseOfSource(spoken.Value));
            }

            var codings = fields.Array("codings") is { } codingsJson ? ReadCodings(codingsJson, number, report) : [];
            var memos = fields.Array("memos") is { } memosJson ? ReadSegmentMemos(memosJson, number, report) : [];
            if (span is var (spanStart, spanEnd))
            {
                segments.Add(new SegmentDraft(spanStart, spanEnd, speaker, codings) { Memos = memos });
            }
        }

        return segments.ToImmutable();
    }

    private ImmutableArray<CodingDraft> ReadCodings(JsonElement json, int segment, Action<string> report)
    {
        var codings = ImmutableArray.CreateBuilder<CodingDraft>();
        var index = 0;
        foreach (var codingJson in json.EnumerateArray())
        {
            var number = ++index;
            void Report(string reason) => report(Messages.InCoding(segment, number, reason));
            if (codingJson.ValueKind != JsonValueKind.Object)
            {
                Report(Messages.CodingNotObject);
                continue;
            }

            var fields = JsonFields.Of(codingJson, Field, CodingFields, Report);
            var code = Code(fields.RequiredString("code"), Report);
            var coder = fields.RequiredString("coder");
            var kind = Word<CoderKind>(fields, "coder_kind", Vocabulary.TryParse, Vocabulary.CoderKinds, Report);
            var version = fields.Simple("coder_version") ?? "1";
            var confidence = fields.Number("confidence");
            if (confidence is < 0 or > 1)
            {
                Report(Messages.ConfidenceOutOfRange(confidence.Value));
            }

            if (code is { } codeId && coder is not null)
            {
                var draft = new CodingDraft(
                    codeId, new Coder(coder, kind, version), _context.Codebook.Version, confidence, fields.String("explanation"));
                codings.Add(draft);
            }
        }

        return codings.ToImmutable();
    }

    private CodeId? Code(string? text, Action<string> report)
    {
        if (text is null)
        {
            return null;
        }

        var id = new CodeId(text);
        if (!_codes.Contains(id))
        {
            report(Messages.UnknownCode(text, _context.Codebook.Id));
            return null;
        }

        if (!_leaves.Contains(id))
        {
            report(Messages.CodeIsCategory(text));
            return null;
        }

        return id;
    }

    private void CheckCaseReferences()
    {
        foreach (var (caseId, line) in _caseReferences.Where(reference => !_caseLines.ContainsKey(reference.Case)))
        {
            _errors.Add(line, Messages.CaseNotInProjectOrFile(caseId.Value));
        }
    }

    private static CaseId? CaseIdOf(string? text, Action<string> report) =>
        Id(text, "case", report) is { } id ? new CaseId(id) : null;

    private static SourceId? SourceIdOf(string? text, Action<string> report) =>
        Id(text, "source", report) is { } id ? new SourceId(id) : null;

    private static string? Id(string? text, string kind, Action<string> report)
    {
        if (text is null)
        {
            return null;
        }

        if (!Identifiers.IsWellFormed(text))
        {
            report(Messages.IdMalformed(kind, text));
            return null;
        }

        return text;
    }

    private static int? Age(long? age, Action<string> report)
    {
        if (age is < 0 or > 120)
        {
            report(Messages.AgeOutOfRange(age.Value));
            return null;
        }

        return (int?)age;
    }

    private static PartialDate? Date(string? text, Action<string> report)
    {
        if (text is null)
        {
            return null;
        }

        var date = PartialDate.TryParse(text);
        if (date is null)
        {
            report(Messages.DateMalformed(text));
        }

        return date;
    }

    private static string? Language(string? text, Action<string> report)
    {
        if (text is null)
        {
            return null;
        }

        var code = Languages.Normalise(text);
        if (code is null)
        {
            report(Messages.LanguageMalformed(text));
        }

        return code;
    }

    private static T Word<T>(JsonFields fields, string name, WordParser<T> parse, IEnumerable<string> accepted, Action<string> report)
        where T : struct
    {
        var text = fields.String(name);
        if (text is null)
        {
            return default;
        }

        if (!parse(text, out var value))
        {
            report(Messages.WordUnknown(name, text, accepted));
        }

        return value;
    }

    /// <summary>Identity values read before the case id is known to be good.</summary>
    private sealed record IdentityValues(string? Name, ImmutableArray<string> Aliases, string? Contact, string? Location, string? Notes)
    {
        public bool IsEmpty => Name is null && Aliases.IsEmpty && Contact is null && Location is null && Notes is null;

        public CaseIdentity WithCase(CaseId caseId) => CaseIdentity.For(caseId) with
        {
            RealName = Name, Aliases = Aliases, Contact = Contact, ExactLocation = Location, Notes = Notes,
        };

        // A record prints its values; this one must never.
        public override string ToString() => "IdentityValues { values hidden }";
    }
}
