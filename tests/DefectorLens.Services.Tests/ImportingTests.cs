namespace DefectorLens.Services.Tests;

public sealed class ImportingTests
{
    [Fact]
    public async Task A_folder_imports_cases_before_the_sources_that_name_them_and_goes_on_after_a_rejected_file()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var folder = Path.Combine(project.Directory, "in");
        project.File("in/a-sources.jsonl", AutoCodingTests.Source("s1", "Abu Tariq: They paid a salary.", "c1"));
        project.File("in/broken.jsonl", "{ not json");
        project.File("in/notes.md", "---\ntitle: Field notes\ncases: [c1]\n---\nHe spoke of the smugglers.");
        project.File("in/cases.jsonl", """{"case": "c1", "pseudonym": "Abu Tariq"}""");

        var summary = await Importing.ImportAsync(project.Store, [folder], null, default);

        summary.Files.Select(file => Path.GetFileName(file.File)).ShouldBe(["cases.jsonl", "a-sources.jsonl", "broken.jsonl", "notes.md"]);
        summary.Cases.ShouldBe(1);
        summary.Sources.ShouldBe(2);
        summary.Rejected.ShouldBe(1);
        summary.Files[2].Errors.Single().Line.ShouldBe(1);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_skips_it_the_second_time_and_keeps_the_first()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var cases = project.File("cases.jsonl", """{"case": "c1", "pseudonym": "Abu Tariq"}""");

        await Importing.ImportAsync(project.Store, [cases], null, default);
        var again = await Importing.ImportAsync(project.Store, [cases], null, default);

        (again.Rejected, again.Skipped, again.Cases).ShouldBe((0, 1, 0));
        (await project.Store.GetInfoAsync(default)).Cases.ShouldBe(1);
    }

    [Fact]
    public async Task A_changed_file_whose_ids_are_already_in_the_project_is_rejected_naming_the_line()
    {
        await using var project = await ProjectFixture.CreateAsync();
        await Importing.ImportAsync(project.Store, [project.File("cases.jsonl", """{"case": "c1", "pseudonym": "Abu Tariq"}""")], null, default);
        var changed = project.File("more-cases.jsonl", """{"case": "c1", "pseudonym": "Abu Tariq al-Muhajir"}""");

        var again = await Importing.ImportAsync(project.Store, [changed], null, default);

        again.Rejected.ShouldBe(1);
        again.Files[0].Errors.Single().ToString().ShouldBe($"{changed} line 1: case 'c1' already exists in the project");
    }
}
