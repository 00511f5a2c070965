using DefectorLens.Core.Storage;
using DefectorLens.Interop.Qdpx;

namespace DefectorLens.Services.Tests;

public sealed class QdpxExchangeTests
{
    private static readonly string Samples = Path.Combine(Checkout(), "samples");

    private static string Checkout()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "DefectorLens.slnx")))
        {
            directory = directory.Parent;
        }

        return directory.FullName;
    }

    [Fact]
    public async Task The_sample_corpus_exported_and_imported_into_a_fresh_project_gives_the_same_prevalence_for_every_coder()
    {
        await using var original = await ProjectFixture.CreateAsync();
        await Importing.ImportAsync(original.Store, [Path.Combine(Samples, "cases.jsonl"), Path.Combine(Samples, "sources.jsonl"), Path.Combine(Samples, "texts")], null, default);
        await AutoCoding.CodeWithRulesAsync(original.Store, null, default);
        var file = Path.Combine(original.Directory, "study.qdpx");
        var exported = await QdpxExchange.ExportAsync(original.Store, file, ReportAudience.Research, default);
        await using var copy = await ProjectFixture.CreateAsync();

        var imported = await QdpxExchange.ImportAsync(copy.Store, file, map: null, default);

        imported.Errors.ShouldBeEmpty();
        imported.Warnings.ShouldBeEmpty();
        (imported.Cases, imported.Sources, imported.Codings).ShouldBe((exported.Cases, exported.Sources, exported.Codings));
        var before = await original.Store.GetInfoAsync(default);
        var after = await copy.Store.GetInfoAsync(default);
        (after.Cases, after.Sources, after.Segments, after.Codings).ShouldBe((before.Cases, before.Sources, before.Segments, before.Codings));
        foreach (var coder in (await original.Store.GetCodersAsync(default)).Select(c => c.Name).Distinct().Append(null))
        {
            var expected = await Analysis.PrevalenceAsync(original.Store, new CodingFilter(coder), default);
            var actual = await Analysis.PrevalenceAsync(copy.Store, new CodingFilter(coder), default);
            actual.Rows.ShouldBe(expected.Rows, $"coder {coder ?? "(all)"}");
            actual.Cases.ShouldBe(expected.Cases);
        }
    }

    [Fact]
    public async Task An_export_replaces_the_file_only_once_it_is_complete()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var file = project.File("study.qdpx", "an older export");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => QdpxExchange.ExportAsync(project.Store, file, ReportAudience.Research, cancelled.Token));

        (await File.ReadAllTextAsync(file)).ShouldBe("an older export");
        File.Exists(file + ".partial").ShouldBeFalse();
    }

    [Fact]
    public async Task A_map_file_that_is_not_a_mapping_is_refused_naming_the_file_and_line()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var map = project.File("codes.yaml", "- Violence\n- Corruption\n");

        var error = Should.Throw<Core.UserErrorException>(() => QdpxExchange.ReadMap(map));

        error.Message.ShouldBe($"{map} line 1: expected a code map: a mapping from the other tool's code names or guids to this project's code ids");
    }

    [Fact]
    public async Task A_qdc_codebook_becomes_the_projects_codebook_as_a_new_version()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var qdc = project.File("team.qdc", QdcCodebook.Write(Interop.Codebooks.CodebookFile.Default with { Id = "team", Version = "7" }));

        var codebook = await QdpxExchange.ImportCodebookAsync(project.Store, qdc, default);

        (codebook.Id, codebook.Version).ShouldBe(("team", "1"));
        (await project.Store.GetCodebookAsync(default)).Codes.Length.ShouldBe(Interop.Codebooks.CodebookFile.Default.Codes.Length);
    }
}
