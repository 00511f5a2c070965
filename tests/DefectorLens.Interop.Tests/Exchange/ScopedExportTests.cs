using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Exchange;
using DefectorLens.Interop.Qdpx;
using DefectorLens.Interop.Tests.Qdpx;

namespace DefectorLens.Interop.Tests.Exchange;

/// <summary>Exports carry only what their scope lets out: redacted texts whose codings still cover the same words, and only carried cases.</summary>
public sealed class ScopedExportTests
{
    private const string Named = "My name is Zoltan Quibblewick, write to zq@example.org. They executed a boy in the square. Umm Safiya agreed.";
    private const string Spoken = "They executed a boy in the square.";
    private static readonly XNamespace Qda = "urn:QDA-XML:project:1.0";

    private static Redactor Redactor => Redactor.For(RedactionSubject.From(
        CaseIdentity.For(new CaseId("c1")) with { RealName = QdpxProjects.PlantedName, Contact = QdpxProjects.PlantedContact },
        "Abu Tariq"));

    /// <summary>The sample project plus a source about c1 and c2 that names c1 in clear, with a span spoken by each.</summary>
    private static async Task<IProjectStore> SampleWithNamedSourceAsync(QdpxProjects projects)
    {
        var store = await projects.CreateSampleAsync();
        var code = (await store.GetCodebookAsync(default)).Leaves.First().Id;
        var version = (await store.GetCodebookAsync(default)).Version;
        var spokenAt = Named.IndexOf(Spoken, StringComparison.Ordinal);
        var agreedAt = Named.IndexOf("Umm Safiya agreed.", StringComparison.Ordinal);
        var source = Source.Create(
            new SourceId("s4"), new SourceMetadata { Title = "Zoltan Quibblewick speaks", Language = "en" }, Named, "hash-s4", [new CaseId("c1"), new CaseId("c2")]);
        var coding = new CodingDraft(code, Coder.Person("analyst-a"), version, null, null);
        await store.ImportAsync(new ImportBatch("named", [],
        [
            new SourceRecord(source,
            [
                new SegmentDraft(spokenAt, spokenAt + Spoken.Length, new CaseId("c1"), [coding]),
                new SegmentDraft(agreedAt, Named.Length, new CaseId("c2"), [coding]),
            ], null),
        ]), default);
        return store;
    }

    private static string Entry(byte[] archive, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(archive));
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static XElement TextSource(XDocument qde, string sourceId) =>
        qde.Descendants(Qda + "TextSource").Single(source => source.Attribute("guid")!.Value == QdaGuids.Text(QdaGuids.Source(sourceId)));

    [Fact]
    public async Task A_qdpx_export_redacts_source_text_and_moves_each_selection_so_it_covers_the_same_words()
    {
        await using var projects = new QdpxProjects();
        var store = await SampleWithNamedSourceAsync(projects);

        var archive = await Archives.ExportAsync(store, Archives.Scope(Redactor));

        var text = Entry(archive, $"Sources/{QdaGuids.Text(QdaGuids.Source("s4"))}.txt");
        text.ShouldBe("My name is Abu Tariq, write to [e-mail]. They executed a boy in the square. Umm Safiya agreed.");
        var source = TextSource(XDocument.Parse(Archives.ProjectQde(archive)), "s4");
        source.Attribute("name")!.Value.ShouldBe("Abu Tariq speaks");
        var selected = source.Elements(Qda + "PlainTextSelection")
            .Select(selection => text[(int)selection.Attribute("startPosition")!..(int)selection.Attribute("endPosition")!]);
        selected.ShouldBe([Spoken, "Umm Safiya agreed."]);
        Encoding.UTF8.GetString(archive).ShouldNotContain("Quibble");
    }

    [Fact]
    public async Task A_public_qdpx_export_leaves_out_withheld_cases_the_sources_only_about_them_their_speech_and_their_memos()
    {
        await using var projects = new QdpxProjects();
        var store = await SampleWithNamedSourceAsync(projects);
        using var buffer = new MemoryStream();

        var summary = await QdpxExporter.WriteAsync(store, buffer, Archives.Scope(Redactor, "c2", "c3"), default);

        var qde = XDocument.Parse(Archives.ProjectQde(buffer.ToArray()));
        qde.Descendants(Qda + "Case").Select(c => c.Attribute("name")!.Value).ShouldBe(["Abu Tariq"]);
        qde.Descendants(Qda + "TextSource").Select(s => s.Attribute("name")!.Value).ShouldBe(["Leaving the caliphate", "Abu Tariq speaks"]);
        TextSource(qde, "s4").Elements(Qda + "PlainTextSelection").Count().ShouldBe(1);
        var notes = qde.Descendants(Qda + "PlainTextContent").Select(n => n.Value).ToList();
        notes.ShouldContain("Two outlets confirm the date.");
        notes.ShouldNotContain("Translated from French.");
        (summary.Cases, summary.Sources, summary.Selections, summary.Notes).ShouldBe((1, 2, 3, 4));
        using var schema = new MemoryStream(Encoding.UTF8.GetBytes(qde.ToString()));
        RefiQdaSchema.ValidateProject(schema).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_json_lines_export_names_cases_by_export_id_and_pseudonym_and_its_segments_cover_the_same_words()
    {
        await using var projects = new QdpxProjects();
        var store = await SampleWithNamedSourceAsync(projects);
        var ids = Archives.Ids;
        using var buffer = new MemoryStream();

        var summary = await JsonLinesExporter.WriteAsync(store, buffer, Archives.Scope(Redactor, "c3"), default);

        var file = Encoding.UTF8.GetString(buffer.ToArray());
        file.ShouldNotContain("Quibble");
        file.ShouldNotContain(QdpxProjects.PlantedContact);
        var lines = file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        lines.Where(line => line.TryGetProperty("case", out _)).Select(line => (line.GetProperty("case").GetString(), line.GetProperty("pseudonym").GetString()))
            .ShouldBe([(ids.CaseRef(new CaseId("c1")), "Abu Tariq"), (ids.CaseRef(new CaseId("c2")), "Umm Safiya")]);
        var named = lines.Single(line => line.TryGetProperty("source", out var id) && id.GetString() == "s4");
        var text = named.GetProperty("text").GetString()!;
        named.GetProperty("segments").EnumerateArray()
            .Select(segment => (text[segment.GetProperty("start").GetInt32()..segment.GetProperty("end").GetInt32()], segment.GetProperty("speaker").GetString()))
            .ShouldBe([(Spoken, ids.CaseRef(new CaseId("c1"))), ("Umm Safiya agreed.", ids.CaseRef(new CaseId("c2")))]);
        lines.Any(line => line.TryGetProperty("source", out var id) && id.GetString() == "s3").ShouldBeFalse();
        (summary.Cases, summary.Sources, summary.Segments).ShouldBe((2, 3, 5));
    }
}
