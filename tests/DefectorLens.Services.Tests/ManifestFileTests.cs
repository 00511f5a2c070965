using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Import.Generation;

namespace DefectorLens.Services.Tests;

public sealed class ManifestFileTests
{
    private const string Story =
        "He said the commanders lived in confiscated villas while the foreign recruits slept on the floor of a school.";

    private const string Memo = "A memo of the archive about a hearing in Paris of two men back from Syria.";

    private static readonly ImportOptions Options = new() { Limits = new ImportLimits { MaxFileBytes = 1_000_000 }, FilesPerTransaction = 2 };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static void Bytes(ProjectFixture project, string name, byte[] bytes)
    {
        var path = Path.Combine(project.Directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public async Task A_json_lines_row_can_name_a_file_beside_it_which_the_folder_walk_then_skips()
    {
        await using var project = await ProjectFixture.CreateAsync();
        project.File("in/texts/account.txt", $"Account of a defector\n\n{Story}");
        project.File("in/sources.jsonl", """{"source": "s-account", "file": "texts/account.txt", "outlet": "The Gazette", "language": "en"}""");

        var summary = await Importing.ImportAsync(project.Store, [Path.Combine(project.Directory, "in")], Options, null, default);

        (summary.Sources, summary.Skipped, summary.Rejected).ShouldBe((1, 1, 0));
        var source = (await project.Store.GetSourceAsync(new SourceId("s-account"), default))!;
        source.Text.ShouldBe($"Account of a defector\n\n{Story}");
        (source.Metadata.Title, source.Metadata.Outlet, source.Metadata.Language).ShouldBe(("Account of a defector", "The Gazette", "en"));
    }

    [Fact]
    public async Task A_manifest_inside_a_zip_names_entries_of_the_same_zip_which_are_not_imported_twice()
    {
        await using var project = await ProjectFixture.CreateAsync();
        Bytes(project, "bundle.zip", DocumentWriters.Zip([
            ("docs/account.txt", Utf8($"Account of a defector\n\n{Story}")),
            ("docs/record.pdf", DocumentWriters.Pdf(["Judgment page one.", "Judgment page two."])),
            ("memo.txt", Utf8(Memo)),
            ("batch/list.csv", Utf8("source,title,file\ns-account,An account,../docs/account.txt\n")),
            ("sources.jsonl", Utf8("""{"source": "s-record", "title": "Judgment", "file": "docs/record.pdf", "medium": "court_record"}""")),
        ]));

        var summary = await Importing.ImportAsync(project.Store, [Path.Combine(project.Directory, "bundle.zip")], Options, null, default);

        summary.Files.Where(file => !file.Succeeded).Select(file => file.File).ShouldBe([Path.Combine(project.Directory, "bundle.zip!/batch/list.csv")]);
        summary.Files.Single(file => !file.Succeeded).Errors.Single().Reason
            .ShouldBe("file '../docs/account.txt' is outside the manifest's folder (use a path relative to it, without '..')");
        // The record is imported once, through the JSON Lines; the rejected list leaves its file to the walk.
        var sources = (await project.Store.GetSourcesAsync(default)).Select(source => source.Id.Value).Order(StringComparer.Ordinal);
        sources.ShouldBe(["account", "memo", "s-record"]);
        (await project.Store.GetPageStartsAsync(new SourceId("s-record"), default)).ShouldBe([0, 20]);
        summary.Skipped.ShouldBe(1);
    }

    public static TheoryData<string, string> BadRowsInAnArchive => new()
    {
        { "file\n../outside.txt\n", "file '../outside.txt' is outside the manifest's folder (use a path relative to it, without '..')" },
        { "file\n/etc/passwd\n", "file '/etc/passwd' is outside the manifest's folder (use a path relative to it, without '..')" },
        { "file\nnowhere.txt\n", "file 'nowhere.txt' not found beside the manifest" },
        { "file\nbroken.pdf\n", "file 'broken.pdf': not a readable PDF: Could not find an xref trailer or stream dictionary in the input file" },
    };

    [Theory]
    [MemberData(nameof(BadRowsInAnArchive))]
    public async Task A_manifest_in_a_zip_naming_a_bad_entry_is_rejected_on_its_line_and_the_other_entries_are_imported(string csv, string reason)
    {
        await using var project = await ProjectFixture.CreateAsync();
        Bytes(project, "bundle.zip", DocumentWriters.Zip([
            ("memo.txt", Utf8(Memo)),
            ("broken.pdf", DocumentWriters.Pdf(["Cut short."])[..150]),
            ("list.csv", Utf8(csv)),
        ]));

        var summary = await Importing.ImportAsync(project.Store, [Path.Combine(project.Directory, "bundle.zip")], Options, null, default);

        var manifest = Path.Combine(project.Directory, "bundle.zip!/list.csv");
        summary.Files.Single(file => file.File == manifest).Errors.ShouldBe([new InputError(manifest, 2, reason)]);
        (await project.Store.GetSourcesAsync(default)).Select(source => source.Id.Value).ShouldBe(["memo"]);
    }

    public static TheoryData<string, string> BadJsonLines => new()
    {
        { """{"source": "s1", "file": "../outside.txt"}""", "file '../outside.txt' is outside the manifest's folder (use a path relative to it, without '..')" },
        { """{"source": "s1", "file": "nowhere.txt"}""", "file 'nowhere.txt' not found beside the manifest" },
        { """{"source": "s1", "file": "account.txt", "text": "Inline too."}""", "a row has both 'text' and 'file'; give one" },
        { """{"source": "s1", "file": "empty.txt"}""", "file 'empty.txt': no text" },
    };

    [Theory]
    [MemberData(nameof(BadJsonLines))]
    public async Task A_json_lines_row_naming_a_bad_file_rejects_that_file_only(string line, string reason)
    {
        await using var project = await ProjectFixture.CreateAsync();
        project.File("outside.txt", Memo);
        project.File("in/account.txt", Story);
        project.File("in/empty.txt", "  \n");
        var jsonl = project.File("in/sources.jsonl", line);

        var summary = await Importing.ImportAsync(project.Store, [jsonl, Path.Combine(project.Directory, "in/account.txt")], Options, null, default);

        summary.Files.Single(file => file.File == jsonl).Errors.ShouldBe([new InputError(jsonl, 1, reason)]);
        (await project.Store.GetSourcesAsync(default)).Select(source => source.Id.Value).ShouldBe(["account"]);
    }
}
