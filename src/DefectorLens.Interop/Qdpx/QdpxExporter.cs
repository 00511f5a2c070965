using System.IO.Compression;
using System.Text;
using System.Xml;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Qdpx;

/// <summary>What an export wrote.</summary>
/// <param name="Users">Coders and memo authors, as REFI-QDA users.</param>
/// <param name="Codes">Codes of the codebook.</param>
/// <param name="Cases">Cases, by pseudonym.</param>
/// <param name="Sources">Text sources.</param>
/// <param name="Selections">Segments, as plain-text selections.</param>
/// <param name="Codings">Codings.</param>
/// <param name="Notes">Memos, as notes.</param>
public sealed record QdpxExportSummary(int Users, int Codes, int Cases, int Sources, int Selections, int Codings, int Notes);

/// <summary>Writes a project as a .qdpx archive: project.qde, valid against Project.xsd, and each source's text under Sources/.</summary>
/// <remarks>
/// Streams: sources are read from the store one at a time, their text goes straight into the archive and their
/// selections into a temporary file that is copied into project.qde once the cases (which refer to them) are written.
/// GUIDs are derived from the project's ids (<see cref="QdaGuids"/>), so exporting twice gives the same file; for cases
/// from their keyed export id (<see cref="ExportScope.CaseRef"/>), never the project's case id, which could be found
/// again from a GUID by trying every likely id. Identity fields are never read; cases are named by pseudonym. Everything written passes through an
/// <see cref="ExportScope"/>: cases it leaves out, with the sources only about them, their speech and their memos, are not
/// written, and every text (source texts, titles, source variables, memos) is redacted, the selections moved with the
/// redacted text so that they still cover the same words. Positions are written in Unicode characters.
/// </remarks>
public static class QdpxExporter
{
    /// <summary>The line of the project description that carries the codebook's id and version.</summary>
    internal const string CodebookLabel = "Codebook: ";

    /// <summary>The line of the project description that carries the codebook's title.</summary>
    internal const string CodebookTitleLabel = "Codebook title: ";

    /// <summary>The line of the project description after which the codebook's description follows, to the end.</summary>
    internal const string CodebookDescriptionLabel = "Codebook description:";

    private const string Ns = QdaXml.ProjectNamespace;

    /// <summary>Writes what <paramref name="scope"/> lets out of the project held by <paramref name="store"/> to <paramref name="output"/>.</summary>
    public static async Task<QdpxExportSummary> WriteAsync(IProjectStore store, Stream output, ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(scope);
        var info = await store.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var coders = await store.GetCodersAsync(cancellationToken).ConfigureAwait(false);
        var cases = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).Where(@case => scope.Includes(@case.Id)).ToList();
        // A memo on a case goes with the case, and names it as the export does.
        var memos = (await store.GetMemosAsync(cancellationToken).ConfigureAwait(false))
            .Where(memo => memo.Target != MemoTarget.Case || scope.Includes(new CaseId(memo.TargetId)))
            .Select(memo => memo.Target == MemoTarget.Case ? memo with { TargetId = scope.CaseRef(new CaseId(memo.TargetId)) } : memo)
            .ToList();
        var notes = Notes(memos);
        var users = Users(coders, memos);

        var fragmentPath = Path.Combine(Path.GetTempPath(), "dlens-qdpx-" + Guid.NewGuid().ToString("N") + ".xml");
        await using var fragment = new FileStream(
            fragmentPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var refs = new CaseReferences();
        var counts = await WriteSourcesAsync(store, zip, fragment, scope, notes, refs, cancellationToken).ConfigureAwait(false);

        // A memo goes with what it is about: a left-out source or segment takes its memos with it.
        var written = notes.Where(note => note.Memo.Target is not (MemoTarget.Source or MemoTarget.Segment)
            || refs.Carried.Contains((note.Memo.Target, note.Memo.TargetId))).Select(note => note with { Memo = note.Memo with { Text = scope.Redactor.Redact(note.Memo.Text) } }).ToList();
        var entry = zip.CreateEntry(QdpxArchive.ProjectEntry, CompressionLevel.Fastest);
        await using (var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            WriteProject(stream, info.Name, codebook, users, cases, scope, refs, written, counts.Sources > 0 ? fragment : null);
        }

        return new QdpxExportSummary(users.Count, codebook.Codes.Length, cases.Count, counts.Sources, counts.Selections, counts.Codings, written.Count);
    }

    private static void WriteProject(
        Stream stream, string name, Codebook codebook, SortedDictionary<Guid, string> users, IReadOnlyList<Case> cases,
        ExportScope scope, CaseReferences refs, List<Note> notes, Stream? sources)
    {
        using var writer = XmlWriter.Create(stream, WriterSettings(ConformanceLevel.Document));
        writer.WriteStartDocument();
        writer.WriteStartElement("Project", Ns);
        writer.WriteAttributeString("name", name);
        writer.WriteAttributeString("origin", "DefectorLens");
        WriteUsers(writer, users);
        WriteCodebook(writer, codebook, notes);
        WriteVariables(writer, cases);
        WriteCases(writer, cases, scope, refs);
        if (sources is not null)
        {
            writer.WriteStartElement("Sources", Ns);
            writer.Flush();
            CopyFragment(sources, writer);
            writer.WriteEndElement();
        }

        WriteNotes(writer, notes);
        writer.WriteElementString("Description", Ns, Description(codebook));
        foreach (var note in notes.Where(note => note.Memo.Target == MemoTarget.Project))
        {
            WriteRef(writer, "NoteRef", note.Guid);
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static XmlWriterSettings WriterSettings(ConformanceLevel level) => new()
    {
        ConformanceLevel = level,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = level == ConformanceLevel.Document,
        CloseOutput = false,
    };

    private sealed record Note(Guid Guid, Memo Memo, Guid Author);

    private sealed class CaseReferences
    {
        public Dictionary<CaseId, List<Guid>> Sources { get; } = [];

        public Dictionary<CaseId, List<Guid>> Selections { get; } = [];

        /// <summary>The sources and segments written, as memo targets.</summary>
        public HashSet<(MemoTarget, string)> Carried { get; } = [];

        public static void Add(Dictionary<CaseId, List<Guid>> lists, CaseId key, Guid value)
        {
            if (!lists.TryGetValue(key, out var list))
            {
                lists[key] = list = [];
            }

            list.Add(value);
        }
    }

    private static List<Note> Notes(IReadOnlyList<Memo> memos)
    {
        var notes = new List<Note>(memos.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var memo in memos)
        {
            var key = $"{Words.Target(memo.Target)}:{memo.TargetId}:{memo.Author}:{memo.Written.UtcTicks}";
            var n = seen[key] = seen.GetValueOrDefault(key) + 1;
            notes.Add(new Note(QdaGuids.For($"memo:{key}:{n}"), memo, PersonGuid(memo.Author)));
        }

        return notes;
    }

    private static Guid PersonGuid(string name) => QdaGuids.User(name, "person", "1");

    private static SortedDictionary<Guid, string> Users(IReadOnlyList<Coder> coders, IReadOnlyList<Memo> memos)
    {
        var users = new SortedDictionary<Guid, string>();
        foreach (var coder in coders)
        {
            users[UserGuid(coder)] = coder.ToString();
        }

        foreach (var memo in memos)
        {
            users.TryAdd(PersonGuid(memo.Author), Coder.Person(memo.Author).ToString());
        }

        return users;
    }

    private static Guid UserGuid(Coder coder) => QdaGuids.User(coder.Name, Vocabulary.Name(coder.Kind), coder.Version);

    private static void WriteUsers(XmlWriter writer, SortedDictionary<Guid, string> users)
    {
        if (users.Count == 0)
        {
            return;
        }

        writer.WriteStartElement("Users", Ns);
        foreach (var (guid, name) in users)
        {
            writer.WriteStartElement("User", Ns);
            writer.WriteAttributeString("guid", QdaGuids.Text(guid));
            writer.WriteAttributeString("name", name);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    /// <summary>Writes the codebook as nested codes; also the body of a .qdc.</summary>
    internal static void WriteCodes(XmlWriter writer, Codebook codebook, string ns, Func<CodeId, IEnumerable<Guid>> notes)
    {
        var children = codebook.Codes.ToLookup(code => code.Id.Parent);
        writer.WriteStartElement("Codes", ns);
        foreach (var root in children[null])
        {
            WriteCode(root);
        }

        writer.WriteEndElement();

        void WriteCode(Code code)
        {
            var subCodes = children[code.Id].ToList();
            writer.WriteStartElement("Code", ns);
            writer.WriteAttributeString("guid", QdaGuids.Text(QdaGuids.Code(code.Id.Value)));
            writer.WriteAttributeString("name", code.Name);
            writer.WriteAttributeString("isCodable", subCodes.Count == 0 ? "true" : "false");
            if (code.Colour is { } colour)
            {
                writer.WriteAttributeString("color", colour);
            }

            writer.WriteElementString("Description", ns, CodeDescriptions.Write(code));
            foreach (var note in notes(code.Id))
            {
                writer.WriteStartElement("NoteRef", ns);
                writer.WriteAttributeString("targetGUID", QdaGuids.Text(note));
                writer.WriteEndElement();
            }

            foreach (var child in subCodes)
            {
                WriteCode(child);
            }

            writer.WriteEndElement();
        }
    }

    private static void WriteCodebook(XmlWriter writer, Codebook codebook, List<Note> notes)
    {
        var byCode = notes.Where(note => note.Memo.Target == MemoTarget.Code).ToLookup(note => note.Memo.TargetId, note => note.Guid);
        writer.WriteStartElement("CodeBook", Ns);
        WriteCodes(writer, codebook, Ns, id => byCode[id.Value]);
        writer.WriteEndElement();
    }

    private static void WriteVariables(XmlWriter writer, IReadOnlyList<Case> cases)
    {
        var extras = cases.SelectMany(@case => @case.Attributes.Extra.Keys).Distinct().Order(StringComparer.Ordinal);
        var definitions = new List<QdaVariableDefinition> { new(QdpxImporter.IdVariable, "Text") };
        definitions.AddRange(CaseVariables.Known);
        definitions.AddRange(SourceVariables.Known.Where(known => CaseVariables.Known.All(other => other.Name != known.Name)));
        definitions.AddRange(extras.Where(name => definitions.All(known => known.Name != name)).Select(name => new QdaVariableDefinition(name, "Text")));
        writer.WriteStartElement("Variables", Ns);
        foreach (var definition in definitions)
        {
            writer.WriteStartElement("Variable", Ns);
            writer.WriteAttributeString("guid", QdaGuids.Text(QdaGuids.Variable(definition.Name)));
            writer.WriteAttributeString("name", definition.Name);
            writer.WriteAttributeString("typeOfVariable", definition.Type);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteValue(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement("VariableValue", Ns);
        WriteRef(writer, "VariableRef", QdaGuids.Variable(name));
        var integer = CaseVariables.Known.Any(known => known.Name == name && known.Type == "Integer");
        writer.WriteElementString(integer ? "IntegerValue" : "TextValue", Ns, value);
        writer.WriteEndElement();
    }

    private static void WriteRef(XmlWriter writer, string element, Guid target)
    {
        writer.WriteStartElement(element, Ns);
        writer.WriteAttributeString("targetGUID", QdaGuids.Text(target));
        writer.WriteEndElement();
    }

    private static void WriteCases(XmlWriter writer, IReadOnlyList<Case> cases, ExportScope scope, CaseReferences refs)
    {
        if (cases.Count == 0)
        {
            return;
        }

        writer.WriteStartElement("Cases", Ns);
        foreach (var @case in cases)
        {
            writer.WriteStartElement("Case", Ns);
            var exported = scope.CaseRef(@case.Id);
            writer.WriteAttributeString("guid", QdaGuids.Text(QdaGuids.Case(exported)));
            writer.WriteAttributeString("name", @case.Pseudonym);
            WriteValue(writer, QdpxImporter.IdVariable, exported);
            foreach (var (name, value) in CaseVariables.Write(@case.Attributes))
            {
                WriteValue(writer, name, value);
            }

            foreach (var source in refs.Sources.GetValueOrDefault(@case.Id) ?? [])
            {
                WriteRef(writer, "SourceRef", source);
            }

            foreach (var selection in refs.Selections.GetValueOrDefault(@case.Id) ?? [])
            {
                WriteRef(writer, "SelectionRef", selection);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static async Task<(int Sources, int Selections, int Codings)> WriteSourcesAsync(
        IProjectStore store, ZipArchive zip, Stream fragment, ExportScope scope, List<Note> notes, CaseReferences refs, CancellationToken cancellationToken)
    {
        var bySource = notes.Where(note => note.Memo.Target == MemoTarget.Source).ToLookup(note => note.Memo.TargetId, note => note.Guid);
        var bySegment = notes.Where(note => note.Memo.Target == MemoTarget.Segment).ToLookup(note => note.Memo.TargetId, note => note.Guid);
        var (sources, selections, codings) = (0, 0, 0);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using (var writer = XmlWriter.Create(fragment, WriterSettings(ConformanceLevel.Fragment)))
        {
            await foreach (var source in store.ReadSourcesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!scope.IncludesSource(source.Cases))
                {
                    continue;
                }

                var sourceGuid = QdaGuids.Source(source.Id.Value);
                var redacted = scope.Redactor.RedactMapped(source.Text);
                var textEntry = zip.CreateEntry($"Sources/{QdaGuids.Text(sourceGuid)}.txt", CompressionLevel.Fastest);
                await using (var text = await textEntry.OpenAsync(cancellationToken).ConfigureAwait(false))
                {
                    await text.WriteAsync(utf8.GetBytes(redacted.Text), cancellationToken).ConfigureAwait(false);
                }

                var segments = (await store.GetSegmentsAsync(source.Id, cancellationToken).ConfigureAwait(false)).Where(scope.IncludesSegment).ToList();
                var sourceCodings = (await store.GetCodingsAsync(source.Id, cancellationToken).ConfigureAwait(false)).ToLookup(coding => coding.Segment);
                var (written, coded) = WriteSource(writer, source, sourceGuid, redacted, scope, segments, sourceCodings, bySource, bySegment, refs);
                selections += written;
                codings += coded;
                sources++;
            }
        }

        return (sources, selections, codings);
    }

    private static (int Selections, int Codings) WriteSource(
        XmlWriter writer, Source source, Guid sourceGuid, RedactedText text, ExportScope scope, IReadOnlyList<Segment> segments,
        ILookup<SegmentId, Coding> sourceCodings, ILookup<string, Guid> bySource, ILookup<string, Guid> bySegment, CaseReferences refs)
    {
        var (selections, codings) = (0, 0);
        var positions = new TextPositions(text.Text);
        writer.WriteStartElement("TextSource");
        writer.WriteAttributeString("guid", QdaGuids.Text(sourceGuid));
        writer.WriteAttributeString("name", scope.Redactor.Redact(source.Metadata.Title));
        writer.WriteAttributeString("plainTextPath", $"internal://{QdaGuids.Text(sourceGuid)}.txt");
        refs.Carried.Add((MemoTarget.Source, source.Id.Value));
        foreach (var @case in scope.Carried(source.Cases))
        {
            CaseReferences.Add(refs.Sources, @case, sourceGuid);
        }

        foreach (var segment in segments)
        {
            refs.Carried.Add((MemoTarget.Segment, segment.Id.ToString()));
            var (start, end) = text.Map(segment.Start, segment.End);
            var speakerRef = segment.Speaker is { } spoken ? scope.CaseRef(spoken) : "";
            var selectionGuid = QdaGuids.For($"selection:{source.Id.Value}:{segment.Start}:{segment.End}:{speakerRef}");
            if (segment.Speaker is { } speaker)
            {
                CaseReferences.Add(refs.Selections, speaker, selectionGuid);
            }

            writer.WriteStartElement("PlainTextSelection");
            writer.WriteAttributeString("guid", QdaGuids.Text(selectionGuid));
            writer.WriteAttributeString("startPosition", Number(positions.ToCharacters(start)));
            writer.WriteAttributeString("endPosition", Number(positions.ToCharacters(end)));
            foreach (var coding in sourceCodings[segment.Id])
            {
                var user = UserGuid(coding.Coder);
                writer.WriteStartElement("Coding");
                writer.WriteAttributeString("guid", QdaGuids.Text(QdaGuids.For($"coding:{selectionGuid}:{coding.Code.Value}:{user}")));
                writer.WriteAttributeString("creatingUser", QdaGuids.Text(user));
                FragmentRef(writer, "CodeRef", QdaGuids.Code(coding.Code.Value));
                writer.WriteEndElement();
                codings++;
            }

            foreach (var note in bySegment[segment.Id.ToString()])
            {
                FragmentRef(writer, "NoteRef", note);
            }

            writer.WriteEndElement();
            selections++;
        }

        foreach (var note in bySource[source.Id.Value])
        {
            FragmentRef(writer, "NoteRef", note);
        }

        WriteFragmentValue(writer, QdpxImporter.IdVariable, source.Id.Value);
        foreach (var (name, value) in SourceVariables.Write(source.Metadata))
        {
            WriteFragmentValue(writer, name, scope.Redactor.Redact(value));
        }

        writer.WriteEndElement();
        return (selections, codings);
    }

    private static void FragmentRef(XmlWriter writer, string element, Guid target)
    {
        writer.WriteStartElement(element);
        writer.WriteAttributeString("targetGUID", QdaGuids.Text(target));
        writer.WriteEndElement();
    }

    private static void WriteFragmentValue(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement("VariableValue");
        FragmentRef(writer, "VariableRef", QdaGuids.Variable(name));
        writer.WriteElementString("TextValue", value);
        writer.WriteEndElement();
    }

    private static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The fragment's elements carry no namespace of their own, so inside <Sources> they take the project's default one.
    private static void CopyFragment(Stream fragment, XmlWriter writer)
    {
        fragment.Position = 0;
        using var reader = new StreamReader(fragment, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 1 << 16, leaveOpen: true);
        var buffer = new char[1 << 16];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            writer.WriteRaw(buffer, 0, read);
        }
    }

    private static void WriteNotes(XmlWriter writer, List<Note> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        writer.WriteStartElement("Notes", Ns);
        foreach (var note in notes)
        {
            writer.WriteStartElement("Note", Ns);
            writer.WriteAttributeString("guid", QdaGuids.Text(note.Guid));
            writer.WriteAttributeString("name", $"Memo on {Words.Target(note.Memo.Target)} {note.Memo.TargetId}".TrimEnd());
            writer.WriteAttributeString("creatingUser", QdaGuids.Text(note.Author));
            writer.WriteAttributeString("creationDateTime", XmlConvert.ToString(note.Memo.Written.ToUniversalTime().DateTime, XmlDateTimeSerializationMode.Utc));
            writer.WriteElementString("PlainTextContent", Ns, note.Memo.Text);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        // A case cannot hold a NoteRef in REFI-QDA; a link from the note to the case says what it is about.
        var caseNotes = notes.Where(note => note.Memo.Target == MemoTarget.Case).ToList();
        if (caseNotes.Count == 0)
        {
            return;
        }

        writer.WriteStartElement("Links", Ns);
        foreach (var note in caseNotes)
        {
            writer.WriteStartElement("Link", Ns);
            writer.WriteAttributeString("guid", QdaGuids.Text(QdaGuids.For($"link:{note.Guid}")));
            writer.WriteAttributeString("name", "memo");
            writer.WriteAttributeString("direction", "OneWay");
            writer.WriteAttributeString("originGUID", QdaGuids.Text(note.Guid));
            writer.WriteAttributeString("targetGUID", QdaGuids.Text(QdaGuids.Case(note.Memo.TargetId)));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static string Description(Codebook codebook) =>
        $"Exported from DefectorLens.\n{CodebookLabel}{codebook.Id} {codebook.Version}\n{CodebookTitleLabel}{codebook.Title}\n{CodebookDescriptionLabel}\n{codebook.Description}";

    private static class Words
    {
        public static string Target(MemoTarget target) => target switch
        {
            MemoTarget.Project => "project",
            MemoTarget.Code => "code",
            MemoTarget.Case => "case",
            MemoTarget.Source => "source",
            _ => "segment",
        };
    }
}
