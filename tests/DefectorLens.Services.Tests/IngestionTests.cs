using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Import.Generation;

namespace DefectorLens.Services.Tests;

public sealed class IngestionTests
{
    private const string Wire =
        "A former member of the Islamic State who fled to Turkey last month said the group executed dozens of its own fighters " +
        "accused of spying. He described checkpoints on every road out of Raqqa, smugglers who charged hundreds of dollars, and " +
        "commanders who lived in confiscated villas while foreign recruits slept on the floor. He said he joined in 2013 to fight " +
        "the regime of Bashar al-Assad but found himself fighting other rebels instead.";

    private const string Other =
        "A young woman from Tunisia who travelled to Syria with her husband told reporters she was kept in a house with other " +
        "wives and could not go out alone. After her husband died in an air strike she was pressed to marry again.";

    private static readonly ImportOptions Limits = new() { Limits = new ImportLimits { MaxFileBytes = 1_000_000 }, FilesPerTransaction = 4 };

    /// <summary>A folder with every format, two duplicates, two files a manifest names, and seven broken files.</summary>
    private static string MixedFolder(ProjectFixture project)
    {
        project.File("in/cases.jsonl", """
            {"case": "c1", "pseudonym": "Abu Tariq"}
            {"case": "c2", "pseudonym": "Abu Nuh"}
            """);
        Bytes(project, "in/docs/record.pdf", DocumentWriters.Pdf(["Judgment page one.", "Judgment page two."]));
        Bytes(project, "in/docs/interview.docx", DocumentWriters.Docx(
            ["Interview, Gaziantep", "Q: Why did you go?", "A: To defend the people against the regime.", "Q: Why did you leave?", "A: They executed their own fighters."]));
        project.File("in/manifest.csv",
            "source,title,cases,file,text\n" +
            "inline-1,Notes from the camp,c1,,\"He said, \"\"The commanders took the best houses,\"\" and looked away.\"\n" +
            "record,Judgment,c2,docs/record.pdf,\n" +
            "interview,Interview,c1,docs/interview.docx,\n");
        project.File("in/story-1.html", DocumentWriters.Html("Defector speaks", "A. Reporter", "2015-06-01", "Agency", [Wire]));
        project.File("in/story-2.html", DocumentWriters.Html("Ex-fighter tells of executions", null, "2015-06-02", "Gazette", ["RAQQA —", Wire]));
        project.File("in/notes.md", $"---\ntitle: Field notes\ncases: [c2]\n---\n{Other}");
        project.File("in/plain-1.txt", "A third story about smugglers on the border and the price of a crossing in 2015.");
        project.File("in/plain-2.txt", "A third story about smugglers on the border and the price of a crossing in 2015.\n\n");
        Bytes(project, "in/bundle.zip", DocumentWriters.Zip([
            ("a.txt", Encoding.UTF8.GetBytes("An entry of the archive, a short memo about a court hearing.")),
            ("b.html", Encoding.UTF8.GetBytes(DocumentWriters.Html("Another", null, null, null, ["A different article entirely, about a trial in Paris of two returnees from Syria."]))),
        ]));

        Bytes(project, "in/broken/truncated.pdf", DocumentWriters.Pdf(["Cut short."])[..150]);
        Bytes(project, "in/broken/corrupt.docx", Encoding.ASCII.GetBytes("PK\u0003\u0004 not a real document"));
        Bytes(project, "in/broken/bomb.zip", DocumentWriters.Zip([("zeros.txt", new byte[900_000])]));
        Bytes(project, "in/broken/slip.zip", DocumentWriters.Zip([("../../escape.txt", Encoding.UTF8.GetBytes("out"))]));
        project.File("in/broken/menu.html", "<html><body><nav>Home World Opinion</nav><footer>All rights reserved.</footer></body></html>");
        Bytes(project, "in/broken/binary.txt", [0x41, 0x42, 0x00, 0x01, 0x02]);
        project.File("in/broken/huge.txt", new string('w', 1_100_000));
        return Path.Combine(project.Directory, "in");
    }

    private static void Bytes(ProjectFixture project, string name, byte[] bytes)
    {
        var path = Path.Combine(project.Directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public async Task A_folder_mixing_every_format_imports_with_exactly_the_expected_counts()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var folder = MixedFolder(project);

        var summary = await Importing.ImportAsync(project.Store, [folder], Limits, null, default);

        summary.Cases.ShouldBe(2);
        summary.Sources.ShouldBe(10);
        summary.Duplicates.ShouldBe(2);
        summary.Skipped.ShouldBe(2, "the manifest imported docs/record.pdf and docs/interview.docx");
        summary.Files.Where(file => !file.Succeeded).Select(file => Path.GetFileName(file.File)).Order(StringComparer.Ordinal)
            .ShouldBe(["binary.txt", "bomb.zip", "corrupt.docx", "huge.txt", "menu.html", "slip.zip", "truncated.pdf"]);
        var info = await project.Store.GetInfoAsync(default);
        (info.Cases, info.Sources).ShouldBe((2, 10));
        var links = await project.Store.GetDuplicatesAsync(default);
        links.Select(link => (link.Source.Value, link.Original.Value, link.Kind)).ShouldBe(
            [("plain-2", "plain-1", DuplicateKind.Exact), ("story-2", "story-1", DuplicateKind.Near)], ignoreOrder: true);
        (await project.Store.GetSourcesAsync(default)).Single(s => s.Id.Value == "story-2").DuplicateOf.ShouldBe(new SourceId("story-1"));
        (await project.Store.GetPageStartsAsync(new SourceId("record"), default)).ShouldBe([0, 20]);
    }

    [Fact]
    public async Task Speaker_turns_and_attributed_quotes_are_stored_as_the_cases_own_words()
    {
        await using var project = await ProjectFixture.CreateAsync();
        await Importing.ImportAsync(project.Store, [MixedFolder(project)], Limits, null, default);

        var interview = await project.Store.GetSegmentsAsync(new SourceId("interview"), default);
        var quote = await project.Store.GetSegmentsAsync(new SourceId("inline-1"), default);

        interview.Select(segment => segment.Speaker).ShouldBe([new CaseId("c1"), new CaseId("c1")]);
        var text = (await project.Store.GetSourceAsync(new SourceId("inline-1"), default))!.Text;
        quote.Select(segment => text[segment.Start..segment.End]).ShouldBe(["The commanders took the best houses,"]);
    }

    [Fact]
    public async Task Running_the_import_again_skips_everything_already_imported_and_stores_nothing()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var folder = MixedFolder(project);
        await Importing.ImportAsync(project.Store, [folder], Limits, null, default);

        var again = await Importing.ImportAsync(project.Store, [folder], Limits, null, default);

        (again.Cases, again.Sources, again.Duplicates).ShouldBe((0, 0, 0));
        again.Skipped.ShouldBe(11);
        again.Rejected.ShouldBe(7);
        (await project.Store.GetInfoAsync(default)).Sources.ShouldBe(10);
    }

    [Fact]
    public async Task Each_manifest_is_read_against_what_the_manifests_before_it_stored()
    {
        // Manifests are parsed while the one before is written: what that one stores must still decide what the next may say.
        await using var project = await ProjectFixture.CreateAsync();
        project.File("in/cases.jsonl", """{"case": "c1", "pseudonym": "Abu Tariq"}""");
        project.File("in/a.csv", $"source,title,cases,text\ns1,Camp notes,c1,\"{Other}\"\n");
        project.File("in/b.csv", $"source,title,text\ns1,Camp notes again,\"{Wire}\"\n");
        project.File("in/c.csv", $"source,title,cases,text\ns3,Unknown person,c9,\"{Wire}\"\n");
        project.File("in/d.csv", $"source,title,cases,text\ns4,Court notes,c1,\"{Wire}\"\n");

        var summary = await Importing.ImportAsync(project.Store, [Path.Combine(project.Directory, "in")], Limits, null, default);

        (summary.Cases, summary.Sources, summary.Rejected).ShouldBe((1, 2, 2));
        summary.Files.Single(file => file.File.EndsWith("b.csv", StringComparison.Ordinal)).Errors.Single().Reason.ShouldContain("source 's1' already exists");
        summary.Files.Single(file => file.File.EndsWith("c.csv", StringComparison.Ordinal)).Errors.Single().Reason.ShouldContain("c9");
        (await project.Store.GetSourcesAsync(default)).Select(source => source.Id.Value).Order().ShouldBe(["s1", "s4"]);
    }

    [Fact]
    public async Task An_interrupted_import_resumes_where_it_stopped_and_ends_with_the_same_project()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var folder = MixedFolder(project);
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(done =>
        {
            if (done.Done == 4)
            {
                stop.Cancel();
            }
        });

        await Should.ThrowAsync<OperationCanceledException>(() => Importing.ImportAsync(project.Store, [folder], Limits with { FilesPerTransaction = 1 }, progress, stop.Token));
        var stored = (await project.Store.GetInfoAsync(default)).Sources;
        var resumed = await Importing.ImportAsync(project.Store, [folder], Limits, null, default);

        stored.ShouldBeInRange(1, 9);
        resumed.Sources.ShouldBe(10 - stored);
        (await project.Store.GetInfoAsync(default)).Sources.ShouldBe(10);
        (await project.Store.GetDuplicatesAsync(default)).Count.ShouldBe(2);
    }

    /// <summary>Reports on the calling thread, so that a test can cancel at an exact point.</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
