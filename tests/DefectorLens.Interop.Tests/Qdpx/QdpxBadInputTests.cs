using System.IO.Compression;
using System.Text;
using DefectorLens.Interop.Qdpx;

namespace DefectorLens.Interop.Tests.Qdpx;

public sealed class QdpxBadInputTests
{
    private const string Text = "They executed a boy in the square.";

    private static string Source(string selections = "", string path = "internal://t.txt") =>
        $"""<TextSource guid="22222222-2222-4222-8222-222222222222" name="Interview" plainTextPath="{path}">{selections}</TextSource>""";

    private static readonly string GoodQde = Archives.Qde(Archives.OneCode, Source());

    public static TheoryData<string, Func<byte[]>, string> BadArchives() => new()
    {
        { "not a zip", () => Encoding.UTF8.GetBytes("plain text, not a zip"), "bad.qdpx: not a REFI-QDA project (expected a zip archive holding project.qde)" },
        { "no project.qde", () => Archives.Zip(("Sources/t.txt", Text)), "bad.qdpx: the archive holds no project.qde" },
        {
            "zip-slip with ..", () => Archives.Zip(("project.qde", GoodQde), ("Sources/../../evil.txt", Text)),
            "bad.qdpx: entry 'Sources/../../evil.txt' has a path that is rooted or contains '..' (it could escape the archive); refused"
        },
        {
            "zip-slip with a rooted path", () => Archives.Zip(("project.qde", GoodQde), ("/etc/evil.txt", Text)),
            "bad.qdpx: entry '/etc/evil.txt' has a path that is rooted or contains '..' (it could escape the archive); refused"
        },
        {
            "XXE", () => Archives.Zip(("project.qde", "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"&xxe;\"/>")),
            "bad.qdpx: a DTD (<!DOCTYPE ...>) is not allowed: its entities could read local files or expand without limit"
        },
        {
            "billion laughs", () => Archives.Zip(("project.qde", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"&lol2;\"/>")),
            "bad.qdpx: a DTD (<!DOCTYPE ...>) is not allowed: its entities could read local files or expand without limit"
        },
        {
            "a selection without its start", () => Archives.Zip(("project.qde", Archives.Qde(Archives.OneCode, Source("""<PlainTextSelection guid="33333333-3333-4333-8333-333333333333" endPosition="4"/>"""))), ("Sources/t.txt", Text)),
            "bad.qdpx/project.qde line 4: element 'PlainTextSelection' does not match the REFI-QDA schema (Project.xsd): The required attribute 'startPosition' is missing"
        },
        {
            "a code without isCodable", () => Archives.Zip(("project.qde", Archives.Qde("""<Code guid="11111111-1111-4111-8111-111111111111" name="Brutality"/>""", Source())), ("Sources/t.txt", Text)),
            "bad.qdpx/project.qde line 3: element 'Code' does not match the REFI-QDA schema (Project.xsd): The required attribute 'isCodable' is missing"
        },
        {
            "a root in another namespace", () => Archives.Zip(("project.qde", "<Project name=\"x\"/>")),
            "bad.qdpx/project.qde line 1: element 'Project' does not match the REFI-QDA schema (Project.xsd): Could not find schema information for the element 'Project'"
        },
        {
            "XML that is not well formed", () => Archives.Zip(("project.qde", "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n<Users>\n</Project>")),
            "bad.qdpx/project.qde line 3: not well-formed XML: The 'Users' start tag on line 2 position 2 does not match the end tag of 'Project'"
        },
        {
            "a text missing from the archive", () => Archives.Zip(("project.qde", GoodQde)),
            "bad.qdpx/project.qde line 4: text source 'Interview': its text 'internal://t.txt' is neither in the archive nor on disk"
        },
        {
            "a coding of a code the file does not define", () => Archives.Zip(("project.qde", Archives.Qde(Archives.OneCode, Source("""<PlainTextSelection guid="33333333-3333-4333-8333-333333333333" startPosition="0" endPosition="4"><Coding guid="44444444-4444-4444-8444-444444444444"><CodeRef targetGUID="55555555-5555-4555-8555-555555555555"/></Coding></PlainTextSelection>"""))), ("Sources/t.txt", Text)),
            "bad.qdpx/project.qde line 4: a coding refers to code 55555555-5555-4555-8555-555555555555, which the file's codebook does not define"
        },
        {
            "a text that is not UTF-8", () => Archives.ZipBytes(("project.qde", Encoding.UTF8.GetBytes(GoodQde)), ("Sources/t.txt", [0x41, 0x00, 0x42])),
            "bad.qdpx/Sources/t.txt: binary or non-UTF-8 content at byte 1 (expected UTF-8 text)"
        },
    };

    [Theory]
    [MemberData(nameof(BadArchives))]
    public async Task A_bad_archive_is_refused_whole_with_one_clear_error(string why, Func<byte[]> archive, string expected)
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");

        var result = await Archives.ReadAsync(store, "bad.qdpx", archive());

        result.Errors.Select(error => error.ToString()).ShouldBe([expected], why);
        result.Batch.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_by_its_compression_ratio_before_anything_is_unpacked()
    {
        var bomb = Archives.ZipBytes(("project.qde", Encoding.UTF8.GetBytes(GoodQde)), ("Sources/t.txt", new byte[8 * 1024 * 1024]));
        using var zip = new ZipArchive(new MemoryStream(bomb));
        var entry = zip.GetEntry("Sources/t.txt")!;
        await using var projects = new QdpxProjects();

        var result = await Archives.ReadAsync(await projects.CreateAsync("target"), "bad.qdpx", bomb);

        (entry.Length / entry.CompressedLength).ShouldBeGreaterThan(200);
        result.Errors.Select(error => error.ToString()).ShouldBe(
            [$"bad.qdpx: entry 'Sources/t.txt' is compressed {entry.Length / entry.CompressedLength} to 1 (more than 200 to 1 looks like a zip bomb); refused"]);
    }

    public static TheoryData<string, QdpxLimits, string> Limits() => new()
    {
        { "too many entries", QdpxLimits.Default with { MaxEntries = 2 }, "bad.qdpx: the archive holds 3 entries (at most 2 are accepted); refused" },
        { "an entry too large", QdpxLimits.Default with { MaxEntryBytes = 20 }, "bad.qdpx: entry 'project.qde' unpacks to more than 20 bytes; refused" },
        { "too much in total", QdpxLimits.Default with { MaxTotalBytes = 300 }, "bad.qdpx: the archive unpacks to more than 300 bytes in total; refused" },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task An_archive_beyond_a_limit_is_refused(string why, QdpxLimits limits, string expected)
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");
        var archive = Archives.Zip(("project.qde", GoodQde), ("Sources/t.txt", Text), ("Sources/u.txt", Text));

        var result = await Archives.ReadAsync(store, "bad.qdpx", archive, limits: limits);

        result.Errors.Select(error => error.ToString()).ShouldBe([expected], why);
    }

    [Fact]
    public async Task A_selection_outside_its_text_is_reported_and_skipped_and_the_rest_is_imported()
    {
        var selections = """
            <PlainTextSelection guid="33333333-3333-4333-8333-333333333333" startPosition="4" endPosition="12"><Coding guid="44444444-4444-4444-8444-444444444444"><CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding></PlainTextSelection>
            <PlainTextSelection guid="66666666-6666-4666-8666-666666666666" startPosition="20" endPosition="500"><Coding guid="77777777-7777-4777-8777-777777777777"><CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding></PlainTextSelection>
            """;
        var archive = Archives.Zip(("project.qde", Archives.Qde(Archives.OneCode, Source(selections))), ("Sources/t.txt", Text));
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");

        var result = await Archives.ImportAsync(store, "crafted.qdpx", archive);

        result.Errors.ShouldBeEmpty();
        result.Warnings.Select(warning => warning.ToString()).ShouldBe(
            ["crafted.qdpx/project.qde line 5: selection 66666666-6666-4666-8666-666666666666 [20, 500) lies outside text source 'Interview' (34 characters); skipped"]);
        (await Archives.SegmentsAsync(store, "interview")).Select(segment => (segment.Start, segment.End)).ShouldBe([(4, 12)]);
    }
}
