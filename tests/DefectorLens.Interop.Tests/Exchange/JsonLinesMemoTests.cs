using System.Text;
using System.Text.Json;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Exchange;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Tests.Import;
using DefectorLens.Interop.Tests.Qdpx;

namespace DefectorLens.Interop.Tests.Exchange;

/// <summary>Memos travel in the JSON Lines interchange format: memo lines and a segment's own memos, out and back in.</summary>
public sealed class JsonLinesMemoTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<string> ExportAsync(IProjectStore store, ExportScope scope)
    {
        using var buffer = new MemoryStream();
        await JsonLinesExporter.WriteAsync(store, buffer, scope, default);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<ImportResult> ImportAsync(IProjectStore store, string file)
    {
        var path = _directory.Write("study.jsonl", file);
        var context = new ImportContext(await store.GetCodebookAsync(default), new HashSet<CaseId>(), new HashSet<SourceId>());
        var result = Importers.Read(path, context, default);
        if (result.Succeeded)
        {
            await store.ImportAsync(result.Batch, default);
        }

        return result;
    }

    [Fact]
    public async Task A_project_exported_as_json_lines_and_imported_into_a_fresh_one_keeps_every_memo_with_cases_by_export_id()
    {
        await using var projects = new QdpxProjects();
        var original = await projects.CreateSampleAsync();
        var copy = await projects.CreateAsync("copy");

        var file = await ExportAsync(original, Archives.Scope(Redactor.PatternsOnly));
        var result = await ImportAsync(copy, file);

        result.Errors.ShouldBeEmpty();
        (await copy.GetMemosAsync(default)).Count.ShouldBe(5);
        (await QdpxProjects.DumpAsync(copy)).ShouldBe(await QdpxProjects.DumpAsync(original, Archives.Ids.CaseRef));
        var lines = file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        lines.Where(line => line.TryGetProperty("memo", out _)).Select(line => line.GetProperty("on").GetString()).ShouldBe(
            ["project", "code:" + (await original.GetCodebookAsync(default)).Leaves.First().Id, "case:" + Archives.Ids.CaseRef(new CaseId("c1")), "source:s2"], ignoreOrder: true);
    }

    [Fact]
    public async Task Memos_are_redacted_and_those_on_what_a_scope_leaves_out_stay_in_the_project()
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateSampleAsync();
        var written = new DateTimeOffset(2024, 6, 2, 8, 0, 0, TimeSpan.FromHours(3));
        await store.AddMemoAsync(new Memo(MemoTarget.Case, "c1", "analyst-a", $"{QdpxProjects.PlantedName} called from {QdpxProjects.PlantedContact}.", written), default);
        await store.AddMemoAsync(new Memo(MemoTarget.Case, "c2", "analyst-a", "Met her brother in the camp.", written), default);
        var redactor = Redactor.For(RedactionSubject.From(
            CaseIdentity.For(new CaseId("c1")) with { RealName = QdpxProjects.PlantedName, Contact = QdpxProjects.PlantedContact }, "Abu Tariq"));

        var file = await ExportAsync(store, Archives.Scope(redactor, "c2", "c3"));

        file.ShouldNotContain("Quibble");
        file.ShouldNotContain(QdpxProjects.PlantedContact);
        file.ShouldNotContain("Met her brother");
        file.ShouldNotContain("Translated from French."); // on s2, which is only about c2
        var memos = file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("memo", out _)).ToList();
        memos.Select(memo => memo.GetProperty("memo").GetString()).ShouldContain("Abu Tariq called from [e-mail].");
        memos.Single(memo => memo.GetProperty("memo").GetString() == "Abu Tariq called from [e-mail].").GetProperty("written").GetString()
            .ShouldBe("2024-06-02T08:00:00+03:00");
        file.ShouldContain("Strong first-person quote."); // c1's segment keeps its memo
    }

    [Fact]
    public void Memo_lines_may_name_cases_and_sources_defined_anywhere_in_the_file_and_a_segment_carries_its_own()
    {
        const string File = """
            {"memo": "Seen twice.", "on": "case:c001", "author": "analyst-a", "written": "2024-05-01T10:30:00Z"}
            {"memo": "Translated.", "on": "source:s001", "author": "analyst-b", "written": "2024-05-01T12:30:00.25+02:00"}
            {"memo": "Round one done.", "author": "analyst-a", "written": "2024-05-02T09:00:00Z"}
            {"memo": "Includes threats.", "on": "code:leave", "author": "analyst-a", "written": "2024-05-02T09:00:00Z"}
            {"case": "c001", "pseudonym": "A"}
            {"source": "s001", "title": "T", "text": "Text.", "cases": ["c001"], "segments": [{"start": 0, "end": 4, "speaker": "c001", "memos": [{"memo": "Key quote.", "author": "analyst-a", "written": "2024-05-03T00:00:00Z"}]}]}
            """;
        var path = _directory.Write("memos.jsonl", File);

        var result = Importers.Read(path, TestCodebooks.Context, default);

        result.Errors.ShouldBeEmpty();
        result.Batch.Memos.Select(memo => (memo.Target, memo.TargetId, memo.Author, memo.Text, memo.Written)).ShouldBe(
        [
            (MemoTarget.Case, "c001", "analyst-a", "Seen twice.", new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.Zero)),
            (MemoTarget.Source, "s001", "analyst-b", "Translated.", new DateTimeOffset(2024, 5, 1, 12, 30, 0, 250, TimeSpan.FromHours(2))),
            (MemoTarget.Project, "", "analyst-a", "Round one done.", new DateTimeOffset(2024, 5, 2, 9, 0, 0, TimeSpan.Zero)),
            (MemoTarget.Code, "leave", "analyst-a", "Includes threats.", new DateTimeOffset(2024, 5, 2, 9, 0, 0, TimeSpan.Zero)),
        ]);
        result.Batch.Sources.ShouldHaveSingleItem().Segments.ShouldHaveSingleItem().Memos.ShouldHaveSingleItem().Text.ShouldBe("Key quote.");
    }
}
