using System.Collections.Immutable;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Codebooks;

namespace DefectorLens.Interop.Tests.Qdpx;

public sealed class QdpxRoundTripTests
{
    [Fact]
    public async Task Export_then_import_into_a_fresh_project_keeps_codebook_cases_sources_segments_codings_memos_and_case_codes()
    {
        await using var projects = new QdpxProjects();
        var original = await projects.CreateSampleAsync();
        var archive = await Archives.ExportAsync(original);
        var copy = await projects.CreateAsync("copy");

        var result = await Archives.ImportAsync(copy, projects.PathOf("study.qdpx"), archive);

        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
        result.Batch.Codebook.ShouldBeNull();
        (await QdpxProjects.DumpAsync(copy)).ShouldBe(await QdpxProjects.DumpAsync(original, Archives.Ids.CaseRef));
    }

    [Fact]
    public async Task A_project_with_its_own_codebook_brings_that_codebook_whole_into_a_project_that_codes_with_another()
    {
        var own = CodebookFile.Default with
        {
            Id = "team-book",
            Version = "3",
            Title = "Team codebook",
            Codes = [.. CodebookFile.Default.Codes.Select(code => code with { Id = new CodeId("t" + code.Id.Value), Name = code.Name + " (team)", Lexicon = [new LexiconRule("en", "word*")] })],
        };
        await using var projects = new QdpxProjects();
        var original = await projects.CreateSampleAsync("study", own);
        var copy = await projects.CreateAsync("copy");

        var result = await Archives.ImportAsync(copy, projects.PathOf("study.qdpx"), await Archives.ExportAsync(original));

        result.Errors.ShouldBeEmpty();
        var imported = await copy.GetCodebookAsync(default);
        (imported.Id, imported.Version, imported.Title).ShouldBe(("team-book", "3", "Team codebook"));
        CodebookFile.ToYaml(imported).ShouldBe(CodebookFile.ToYaml(own));
        (await QdpxProjects.DumpAsync(copy)).ShouldBe(await QdpxProjects.DumpAsync(original, Archives.Ids.CaseRef));
    }

    [Fact]
    public async Task Importing_the_same_archive_twice_is_refused_the_second_time_and_stores_nothing_more()
    {
        await using var projects = new QdpxProjects();
        var archive = await Archives.ExportAsync(await projects.CreateSampleAsync());
        var copy = await projects.CreateAsync("copy");
        await Archives.ImportAsync(copy, "study.qdpx", archive);
        var before = await QdpxProjects.DumpAsync(copy);

        var again = await Archives.ImportAsync(copy, "study.qdpx", archive);

        string Exported(string id) => Archives.Ids.CaseRef(new CaseId(id));
        again.Errors.Select(error => error.ToString()).ShouldBe(
        [
            "study.qdpx/project.qde line " + LineOf(Archives.ProjectQde(archive), "name=\"Abu Tariq\"") + $": case '{Exported("c1")}' already exists in the project",
            "study.qdpx/project.qde line " + LineOf(Archives.ProjectQde(archive), "name=\"Umm Safiya\"") + $": case '{Exported("c2")}' already exists in the project",
            "study.qdpx/project.qde line " + LineOf(Archives.ProjectQde(archive), "name=\"Karim B.\"") + $": case '{Exported("c3")}' already exists in the project",
            "study.qdpx/project.qde line " + LineOf(Archives.ProjectQde(archive), "name=\"Leaving the caliphate\"") + ": source 's1' already exists in the project",
            "study.qdpx/project.qde line " + LineOf(Archives.ProjectQde(archive), "name=\"Emirs and cars\"") + ": source 's2' already exists in the project",
            "study.qdpx/project.qde line " + LineOf(Archives.ProjectQde(archive), "name=\"Court record\"") + ": source 's3' already exists in the project",
        ]);
        (await QdpxProjects.DumpAsync(copy)).ShouldBe(before);
    }

    internal static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void Positions_convert_between_characters_and_UTF16_units_around_characters_outside_the_BMP()
    {
        var positions = new DefectorLens.Interop.Qdpx.TextPositions("a\U0001F600b\U0001F600c");

        positions.Characters.ShouldBe(5);
        ImmutableArray.Create(0, 1, 3, 4, 6, 7).Select(utf16 => positions.ToCharacters(utf16)).ShouldBe([0L, 1, 2, 3, 4, 5]);
        ImmutableArray.Create(0L, 1, 2, 3, 4, 5).Select(positions.ToUtf16).ShouldBe([0L, 1, 3, 4, 6, 7]);
    }
}
