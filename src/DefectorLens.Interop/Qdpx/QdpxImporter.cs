using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Qdpx;

/// <summary>Reads a .qdpx written by DefectorLens, NVivo, ATLAS.ti, MAXQDA or QualCoder into one import batch.</summary>
/// <remarks>
/// All or nothing: an archive or project.qde that breaks a limit, a rule of the schema or a reference yields errors and
/// no batch. Only a selection outside its text and a source that is not text are skipped, each with a warning.
/// Codes are matched to the project's codebook through <see cref="ImportContext.CodeMap"/> when one is given; without
/// one, codes the project's codebook knows (by GUID, code id or name) are used, and otherwise the file's codebook comes
/// in the batch as a new codebook version.
/// </remarks>
public static class QdpxImporter
{
    /// <summary>The name of the variable holding a case's or source's DefectorLens id.</summary>
    internal const string IdVariable = "dlens:id";

    /// <summary>The coder of codings a file attributes to nobody.</summary>
    internal const string UnattributedCoder = "unattributed";

    /// <summary>Reads an archive's bytes; see the type's remarks.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken) =>
        Import(path, bytes, context, context.CodeMap, QdpxLimits.Default, cancellationToken);

    /// <summary>Reads an archive's bytes with the given map and limits.</summary>
    public static ImportResult Import(
        string path, byte[] bytes, ImportContext context, CodeMap? map, QdpxLimits limits, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        var qde = $"{path}/{QdpxArchive.ProjectEntry}";
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var archive = QdpxArchive.Open(stream, limits);
            using var project = archive.Open(QdpxArchive.ProjectEntry)
                ?? throw new QdpxFormatException(Messages.QdpxNoProjectFile);
            QdaDocument document;
            try
            {
                document = QdeReader.ReadProject(project, cancellationToken);
            }
            catch (QdpxFormatException problem) when (problem.Line is not null)
            {
                return Failed(qde, problem.Line, problem.Message);
            }

            var written = archive.LastWritten(QdpxArchive.ProjectEntry);
            return new Mapping(path, qde, document, archive, context, map, written).Run(cancellationToken);
        }
        catch (QdpxFormatException problem)
        {
            return Failed(path, problem.Line, problem.Message);
        }
    }

    private static ImportResult Failed(string file, int? line, string reason) =>
        new(new ImportBatch(file, [], []), [new InputError(file, line, reason)]);

    /// <summary>Turns what project.qde holds into a batch, against the project's codebook and ids.</summary>
    private sealed class Mapping(
        string path, string qde, QdaDocument document, QdpxArchive archive, ImportContext context, CodeMap? map, DateTimeOffset written)
    {
        private readonly List<InputError> _errors = [];
        private readonly List<InputError> _warnings = [];
        private readonly Dictionary<Guid, Coder> _coders = [];
        private readonly Dictionary<Guid, CodeId> _codes = [];
        private readonly Dictionary<Guid, string> _variables = [];
        private readonly Dictionary<Guid, CaseId> _cases = [];
        private readonly Dictionary<Guid, QdaNote> _notes = [];
        private readonly List<Memo> _memos = [];
        private readonly HashSet<Guid> _notesUsed = [];
        private Codebook _codebook = context.Codebook;

        // NVivo counts positions in UTF-16 code units, as .NET does; the standard and the other tools count characters.
        private bool PositionsInUtf16 => document.Origin?.StartsWith("NVivo", StringComparison.OrdinalIgnoreCase) == true;

        public ImportResult Run(CancellationToken cancellationToken)
        {
            foreach (var note in document.Notes)
            {
                _notes.TryAdd(note.Guid, note);
            }

            ReadUsers();
            foreach (var variable in document.Variables)
            {
                _variables.TryAdd(variable.Guid, variable.Name);
            }

            var newCodebook = MapCodes();
            if (_errors.Count > 0)
            {
                return Result([], [], null);
            }

            var cases = ReadCases();
            var sources = ReadSources(cancellationToken);
            foreach (var (kind, name, line) in document.OtherSources)
            {
                _warnings.Add(new InputError(qde, line, Messages.QdeSourceNotText(kind, name)));
            }

            ReadNotes();
            return Result(cases, sources, newCodebook);
        }

        private ImportResult Result(IReadOnlyList<CaseRecord> cases, IReadOnlyList<SourceRecord> sources, Codebook? codebook)
        {
            if (_errors.Count > 0)
            {
                var shown = _errors.OrderBy(error => error.Line ?? 0).Take(InputErrorList.Shown).ToList();
                if (_errors.Count > shown.Count)
                {
                    shown.Add(new InputError(qde, null, Messages.MoreErrors(_errors.Count - shown.Count)));
                }

                return new ImportResult(new ImportBatch(path, [], []), shown) { Warnings = _warnings };
            }

            var batch = new ImportBatch(path, [.. cases], [.. sources]) { Memos = [.. _memos], Codebook = codebook };
            return new ImportResult(batch, []) { Warnings = _warnings };
        }

        private void ReadUsers()
        {
            foreach (var user in document.Users)
            {
                _coders.TryAdd(user.Guid, CoderOf(user));
            }
        }

        // DefectorLens writes "lexicon (rules 2)"; other tools write a person's name.
        private static Coder CoderOf(QdaUser user)
        {
            var name = (user.Name ?? user.Id ?? UnattributedCoder).Trim();
            var open = name.LastIndexOf(" (", StringComparison.Ordinal);
            if (open > 0 && name.EndsWith(')'))
            {
                var inner = name[(open + 2)..^1].Split(' ', 2);
                if (inner.Length == 2 && Vocabulary.TryParse(inner[0], out CoderKind kind) && inner[1].Length > 0)
                {
                    return new Coder(name[..open], kind, inner[1]);
                }
            }

            return Coder.Person(name.Length > 0 ? name : UnattributedCoder);
        }

        private Coder CoderFor(Guid? user, Guid? fallback) =>
            user is { } u && _coders.TryGetValue(u, out var coder) ? coder
            : fallback is { } f && _coders.TryGetValue(f, out var other) ? other
            : Coder.Person(UnattributedCoder);

        /// <summary>Maps every code of the file; returns the file's codebook when it has to come in as a new version.</summary>
        private Codebook? MapCodes()
        {
            var fileCodes = document.Codes.ToDictionary(code => code.Guid);
            var applied = new List<(Guid Code, int Line)>();
            foreach (var source in document.Sources)
            {
                applied.AddRange(source.Codings.Select(coding => (coding.Code, coding.Line)));
                applied.AddRange(source.Selections.SelectMany(selection => selection.Codings).Select(coding => (coding.Code, coding.Line)));
            }

            foreach (var (code, line) in applied.Where(pair => !fileCodes.ContainsKey(pair.Code)).DistinctBy(pair => pair.Code))
            {
                _errors.Add(new InputError(qde, line, Messages.QdeCodeRefUnknown(QdaGuids.Text(code))));
            }

            if (_errors.Count > 0)
            {
                return null;
            }

            var appliedCodes = applied.Select(pair => pair.Code).ToHashSet();
            var unmapped = new List<QdaCode>();
            foreach (var code in document.Codes)
            {
                var target = map?.Find(code.Guid, code.Name) ?? Known(code);
                if (map?.Find(code.Guid, code.Name) is { } mapped && !IsLeaf(mapped))
                {
                    _errors.Add(new InputError(map.File, null, Messages.CodeMapTargetInvalid(code.Name, mapped.Value, Label(_codebook))));
                }
                else if (target is { } id && (IsLeaf(id) || !appliedCodes.Contains(code.Guid)))
                {
                    _codes[code.Guid] = id;
                }
                else if (appliedCodes.Contains(code.Guid))
                {
                    unmapped.Add(code);
                }
            }

            if (unmapped.Count == 0 || _errors.Count > 0)
            {
                return null;
            }

            if (map is not null)
            {
                _errors.Add(new InputError(qde, null, Messages.QdeCodesUnmapped(
                    unmapped.Select(code => $"'{code.Name}' ({QdaGuids.Text(code.Guid)})"), Label(_codebook))));
                return null;
            }

            _codebook = TakeFileCodebook();
            return _codebook;
        }

        private bool IsLeaf(CodeId id) => _codebook.Find(id) is not null && !_codebook.Codes.Any(code => code.Id.Parent == id);

        private static string Label(Codebook codebook) => $"{codebook.Id} {codebook.Version}";

        private CodeId? Known(QdaCode code)
        {
            var idInDescription = CodeDescriptions.Read(code.Description).Id;
            var match = _codebook.Codes.FirstOrDefault(ours => QdaGuids.Code(ours.Id.Value) == code.Guid)
                ?? (idInDescription is null ? null : _codebook.Find(new CodeId(idInDescription)))
                ?? _codebook.Codes.FirstOrDefault(ours => string.Equals(ours.Name, code.Name.Trim(), StringComparison.OrdinalIgnoreCase));
            return match?.Id;
        }

        /// <summary>The file's codebook becomes the project's: every code, ids from the descriptions DefectorLens wrote or from names.</summary>
        private Codebook TakeFileCodebook()
        {
            var (codes, ids) = CodebookBuilder.Codes(document);
            _codes.Clear();
            foreach (var (guid, id) in ids)
            {
                _codes[guid] = id;
            }

            var (bookId, version, title, description) = CodebookHeader(codes);
            return new Codebook(bookId, version, title, description, [.. codes]);
        }

        // DefectorLens writes the codebook's id, version and title in the project description; other tools do not.
        private (string Id, string Version, string Title, string Description) CodebookHeader(IReadOnlyList<Code> codes)
        {
            var lines = (document.Description ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            string? Value(string label) => lines.FirstOrDefault(line => line.StartsWith(label, StringComparison.Ordinal))?[label.Length..].Trim();
            var header = Value(QdpxExporter.CodebookLabel)?.Split(' ', 2);
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join('\n', codes.Select(code => $"{code.Id}\t{code.Name}")))))[..8];
            var id = header is [var written, _] && CodeIds.IsWellFormed(written) ? written : CodebookBuilder.Slug(document.Name) is { Length: > 0 } slug ? slug : "qdpx";
            var version = header is [_, var v] && v.Trim().Length > 0 ? v.Trim() : "qdpx-" + fingerprint;
            var title = Value(QdpxExporter.CodebookTitleLabel) ?? (document.Name.Length > 0 ? document.Name : id);
            var described = Array.IndexOf(lines, QdpxExporter.CodebookDescriptionLabel);
            var description = described >= 0 ? string.Join('\n', lines[(described + 1)..])
                : document.Origin is { Length: > 0 } origin ? $"Imported from {Path.GetFileName(path)}, written by {origin}."
                : $"Imported from {Path.GetFileName(path)}.";
            return (id, version, title, description);
        }

        private List<CaseRecord> ReadCases()
        {
            var records = new List<CaseRecord>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var @case in document.Cases)
            {
                var values = Values(@case.Values);
                var name = (@case.Name ?? "").Trim();
                var id = new CaseId(IdOf(values, name, @case.Guid, "c", taken));
                _cases[@case.Guid] = id;
                if (context.ExistingCases.Contains(id))
                {
                    _errors.Add(new InputError(qde, @case.Line, Messages.CaseAlreadyInProject(id.Value)));
                    continue;
                }

                var attributes = CaseVariables.Read(values, name.Length > 0 ? name : id.Value, @case.Line, qde, _errors);
                records.Add(new CaseRecord(Case.Create(id, name.Length > 0 ? name : id.Value, attributes), null));
            }

            return records;
        }

        private List<(string Name, string? Value, int Line)> Values(IEnumerable<QdaValue> values) =>
            [.. values.Select(value => (_variables.GetValueOrDefault(value.Variable, QdaGuids.Text(value.Variable)), value.Value, value.Line))];

        /// <summary>The id DefectorLens wrote, else one made from the name, made unique with the GUID when names clash.</summary>
        private static string IdOf(List<(string Name, string? Value, int Line)> values, string name, Guid guid, string prefix, HashSet<string> taken)
        {
            var written = values.FirstOrDefault(value => value.Name == IdVariable).Value?.Trim();
            values.RemoveAll(value => value.Name == IdVariable);
            if (written is not null && Identifiers.IsWellFormed(written) && taken.Add(written))
            {
                return written;
            }

            var slug = CodebookBuilder.Slug(name);
            var id = slug.Length is > 0 and <= 60 ? slug : $"{prefix}-{guid.ToString("N")[..12]}";
            return taken.Add(id) ? id : $"{id}-{guid.ToString("N")[..12]}";
        }

        private List<SourceRecord> ReadSources(CancellationToken cancellationToken)
        {
            var casesBySource = new Dictionary<Guid, List<CaseId>>();
            var speakers = new Dictionary<Guid, CaseId>();
            foreach (var @case in document.Cases)
            {
                var id = _cases[@case.Guid];
                foreach (var source in @case.SourceRefs)
                {
                    Add(casesBySource, source, id);
                }

                foreach (var selection in @case.SelectionRefs)
                {
                    speakers.TryAdd(selection, id);
                }
            }

            var records = new List<SourceRecord>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var source in document.Sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ReadSource(source, casesBySource, speakers, taken) is { } record)
                {
                    records.Add(record);
                }
            }

            return records;
        }

        private static void Add(Dictionary<Guid, List<CaseId>> lists, Guid key, CaseId value)
        {
            if (!lists.TryGetValue(key, out var list))
            {
                lists[key] = list = [];
            }

            list.Add(value);
        }

        private SourceRecord? ReadSource(
            QdaTextSource source, Dictionary<Guid, List<CaseId>> casesBySource, Dictionary<Guid, CaseId> speakers, HashSet<string> taken)
        {
            var name = (source.Name ?? "").Trim();
            var values = Values(source.Values);
            var id = new SourceId(IdOf(values, name, source.Guid, "s", taken));
            if (context.ExistingSources.Contains(id))
            {
                _errors.Add(new InputError(qde, source.Line, Messages.SourceAlreadyInProject(id.Value)));
                return null;
            }

            var raw = TextOf(source, name.Length > 0 ? name : id.Value);
            if (raw is null)
            {
                return null;
            }

            var metadata = SourceVariables.Read(values, name.Length > 0 ? name : id.Value, source.Line, qde, _errors, _warnings);
            var cases = new List<CaseId>(casesBySource.GetValueOrDefault(source.Guid) ?? []);
            var positions = PositionsInUtf16 ? null : new TextPositions(raw);
            var normalised = raw.IsNormalized(NormalizationForm.FormC);
            var length = positions?.Characters ?? raw.Length;
            var segments = new List<SegmentDraft>();
            foreach (var selection in source.Selections)
            {
                if (!Segment.IsValidSpan((int)Math.Clamp(selection.Start, -1, int.MaxValue), (int)Math.Clamp(selection.End, -1, int.MaxValue), length))
                {
                    _warnings.Add(new InputError(qde, selection.Line, Messages.QdeSelectionOutsideText(
                        QdaGuids.Text(selection.Guid), selection.Start, selection.End, name.Length > 0 ? name : id.Value, length)));
                    continue;
                }

                var (start, end) = (Offset(selection.Start), Offset(selection.End));
                CaseId? speaker = speakers.TryGetValue(selection.Guid, out var spoken) ? spoken : null;
                if (speaker is { } s && !cases.Contains(s))
                {
                    cases.Add(s);
                }

                var codings = selection.Codings.Select(coding => Draft(coding, selection.User)).Distinct().ToImmutableArray();
                segments.Add(new SegmentDraft(start, end, speaker, codings) { Memos = [.. MemosOn(selection.Notes, MemoTarget.Segment, "")] });
            }

            if (source.Codings.Count > 0)
            {
                var whole = Offset(length);
                segments.Add(new SegmentDraft(0, whole, null, [.. source.Codings.Select(coding => Draft(coding, null)).Distinct()]));
            }

            _memos.AddRange(MemosOn(source.Notes, MemoTarget.Source, id.Value));
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
            return new SourceRecord(Source.Create(id, metadata, raw, hash, cases), [.. segments], null);

            int Offset(long position)
            {
                var utf16 = (int)(positions?.ToUtf16(position) ?? position);
                return normalised ? utf16 : TextPositions.AfterNormalisation(raw, utf16);
            }
        }

        private CodingDraft Draft(QdaCoding coding, Guid? selectionUser) =>
            new(_codes[coding.Code], CoderFor(coding.User, selectionUser), _codebook.Version, null, null);

        private string? TextOf(QdaTextSource source, string name)
        {
            if (source.Content is { } content)
            {
                return content;
            }

            if (source.PlainTextPath is not { } textPath)
            {
                _errors.Add(new InputError(qde, source.Line, Messages.QdeSourceWithoutText(name)));
                return null;
            }

            return ReadText(textPath, name, source.Line);
        }

        private string? ReadText(string textPath, string name, int line)
        {
            byte[]? bytes;
            string entry;
            if (textPath.StartsWith("internal://", StringComparison.OrdinalIgnoreCase))
            {
                var file = textPath["internal://".Length..];
                entry = archive.Contains("Sources/" + file) ? "Sources/" + file : file;
                bytes = archive.Read(entry);
                entry = $"{path}/{entry}";
            }
            else if (External(textPath) is { } disk)
            {
                entry = disk;
                bytes = File.Exists(disk) ? File.ReadAllBytes(disk) : null;
            }
            else
            {
                _errors.Add(new InputError(qde, line, Messages.QdeSourcePathUnsupported(name, textPath)));
                return null;
            }

            if (bytes is null)
            {
                _errors.Add(new InputError(qde, line, Messages.QdeSourceTextMissing(name, textPath)));
                return null;
            }

            var decodingErrors = new InputErrorList(entry);
            var text = TextDecoding.Decode(bytes, decodingErrors);
            _errors.AddRange(decodingErrors.ToList());
            return text;
        }

        // relative:// paths are relative to the project's basePath or, without one, to the folder of the archive.
        private string? External(string textPath)
        {
            if (textPath.StartsWith("relative://", StringComparison.OrdinalIgnoreCase))
            {
                var baseDirectory = document.BasePath is { Length: > 0 } basePath ? basePath : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
                return Path.GetFullPath(Path.Combine(baseDirectory, Uri.UnescapeDataString(textPath["relative://".Length..].TrimStart('/'))));
            }

            if (textPath.StartsWith("absolute://", StringComparison.OrdinalIgnoreCase))
            {
                var rest = Uri.UnescapeDataString(textPath["absolute://".Length..]);
                return rest.Length > 2 && rest[0] == '/' && rest[2] == ':' ? rest[1..] : rest;
            }

            return Uri.TryCreate(textPath, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : null;
        }

        private IEnumerable<Memo> MemosOn(IEnumerable<Guid> notes, MemoTarget target, string targetId)
        {
            foreach (var guid in notes)
            {
                if (_notes.TryGetValue(guid, out var note) && _notesUsed.Add(guid) && MemoOf(note, target, targetId) is { } memo)
                {
                    yield return memo;
                }
            }
        }

        private Memo? MemoOf(QdaNote note, MemoTarget target, string targetId)
        {
            var text = note.Text ?? (note.PlainTextPath is { } notePath ? ReadText(notePath, note.Name ?? QdaGuids.Text(note.Guid), note.Line) : null);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var author = note.User is { } user && _coders.TryGetValue(user, out var coder) ? coder.Name : UnattributedCoder;
            return new Memo(target, targetId, author, text, note.Created ?? written);
        }

        private void ReadNotes()
        {
            foreach (var code in document.Codes)
            {
                var target = _codes.TryGetValue(code.Guid, out var id) && _codebook.Find(id) is not null ? (MemoTarget.Code, id.Value) : (MemoTarget.Project, "");
                _memos.AddRange(MemosOn(code.Notes, target.Item1, target.Item2));
            }

            foreach (var (origin, target) in document.Links)
            {
                if (_notes.ContainsKey(origin) && _cases.TryGetValue(target, out var caseId))
                {
                    _memos.AddRange(MemosOn([origin], MemoTarget.Case, caseId.Value));
                }
            }

            _memos.AddRange(MemosOn(document.ProjectNotes, MemoTarget.Project, ""));
            _memos.AddRange(MemosOn(document.Notes.Select(note => note.Guid), MemoTarget.Project, ""));
        }
    }
}
