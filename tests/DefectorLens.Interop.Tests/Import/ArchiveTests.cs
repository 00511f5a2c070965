using System.IO.Compression;
using System.Text;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Import.Generation;

namespace DefectorLens.Interop.Tests.Import;

public sealed class ArchiveTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private List<InputFile> Open(string name, byte[] bytes, ImportLimits? limits = null) =>
        [.. InputFiles.Open(_directory.WriteBytes(name, bytes), limits ?? ImportLimits.Default, CancellationToken.None)];

    private static (string, byte[]) Entry(string name, string text) => (name, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void An_archive_yields_its_importable_entries_nested_archives_included_and_passes_over_the_rest()
    {
        var inner = DocumentWriters.Zip([Entry("deep.txt", "Deep text.")]);
        var archive = Open("bundle.zip", DocumentWriters.Zip([Entry("a/one.txt", "One."), Entry("photo.jpg", "not text"), ("inner.zip", inner)]));

        archive.Select(file => Path.GetFileName(file.Name)).ShouldBe(["one.txt", "deep.txt"]);
        archive[0].Name.ShouldEndWith("bundle.zip!/a/one.txt");
        archive[1].Name.ShouldEndWith("bundle.zip!/inner.zip!/deep.txt");
        archive.ShouldAllBe(file => file.InArchive && file.IsReadable);
        Encoding.UTF8.GetString(archive[1].Bytes!).ShouldBe("Deep text.");
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_compression_ratio_before_it_is_inflated()
    {
        var bomb = DocumentWriters.Zip([("zeros.txt", new byte[20_000_000])]);

        var file = Open("bomb.zip", bomb).ShouldHaveSingleItem();

        file.IsReadable.ShouldBeFalse();
        file.Errors.Single().Reason.ShouldMatch(@"^entry 'zeros\.txt' is compressed \d+ to 1, over the limit of 200 to 1 \(possible zip bomb\); nothing imported from the archive$");
    }

    public static TheoryData<string, byte[], ImportLimits, string> BadArchives => new()
    {
        {
            "many.zip", DocumentWriters.Zip(Enumerable.Range(0, 6).Select(i => Entry($"{i}.txt", "x"))), new ImportLimits { MaxArchiveEntries = 5 },
            "archive has 6 entries, over the limit of 5 (possible zip bomb); nothing imported from it"
        },
        {
            "large.zip", DocumentWriters.Zip([Entry("big.txt", new string('a', 5000))]), new ImportLimits { MaxFileBytes = 1000, MaxCompressionRatio = 10_000 },
            "entry 'big.txt' is over 1000 bytes uncompressed (possible zip bomb); nothing imported from the archive"
        },
        {
            "total.zip", DocumentWriters.Zip([Entry("a.txt", new string('a', 600)), Entry("b.txt", new string('b', 600))]), new ImportLimits { MaxArchiveBytes = 1000, MaxCompressionRatio = 10_000 },
            "archive expands to more than 1000 bytes (possible zip bomb); nothing imported from it"
        },
        {
            "slip.zip", DocumentWriters.Zip([Entry("ok.txt", "fine"), Entry("../../etc/cron.d/evil.txt", "boom")]), ImportLimits.Default,
            "entry '../../etc/cron.d/evil.txt' has a path that leaves the archive (zip-slip); nothing imported from the archive"
        },
        {
            "absolute.zip", DocumentWriters.Zip([Entry("/tmp/evil.txt", "boom")]), ImportLimits.Default,
            "entry '/tmp/evil.txt' has a path that leaves the archive (zip-slip); nothing imported from the archive"
        },
        {
            "deep.zip", DocumentWriters.Zip([("1.zip", DocumentWriters.Zip([("2.zip", DocumentWriters.Zip([Entry("x.txt", "x")]))]))]), ImportLimits.Default,
            "archive nested more than 2 levels deep; not imported"
        },
    };

    [Theory]
    [MemberData(nameof(BadArchives))]
    public void A_dangerous_archive_is_refused_whole_with_the_reason(string name, byte[] bytes, ImportLimits limits, string reason)
    {
        var file = Open(name, bytes, limits).ShouldHaveSingleItem();

        file.IsReadable.ShouldBeFalse();
        file.Errors.Single().Reason.ShouldBe(reason);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_truncated_archive_is_reported_as_unreadable(double kept)
    {
        var whole = DocumentWriters.Zip([Entry("a.txt", "Some text that is long enough to matter.")]);

        var file = Open("cut.zip", whole[..(int)(whole.Length * kept)]).ShouldHaveSingleItem();

        file.Errors.Single().Reason.ShouldStartWith("not a readable ZIP archive: ");
    }

    [Fact]
    public void An_entry_whose_data_is_corrupt_is_reported_and_the_others_still_come()
    {
        var bytes = DocumentWriters.Zip([Entry("bad.txt", new string('q', 3000)), Entry("good.txt", "Good.")]);
        using (var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            // Damage the middle of the first entry's deflated data, leaving the directory intact.
            var offset = 30 + "bad.txt".Length + 5;
            bytes[offset] ^= 0xFF;
            bytes[offset + 1] ^= 0xFF;
        }

        var files = Open("damaged.zip", bytes);

        files.Count.ShouldBe(2);
        files[0].Errors.ShouldNotBeEmpty();
        files[1].IsReadable.ShouldBeTrue();
    }
}
