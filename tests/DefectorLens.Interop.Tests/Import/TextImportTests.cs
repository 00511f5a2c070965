using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class TextImportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ImportResult Read(string path) => Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

    [Fact]
    public void A_text_file_becomes_a_source_named_after_the_file_and_titled_by_its_first_line()
    {
        const string text = "\n\n  Testimony of a former guard  \r\nHe said he left in 2015.\r\n";
        var path = _directory.Write("Guard interview (2015).txt", text);

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        var record = result.Batch.Sources.ShouldHaveSingleItem();
        var source = record.Source;
        source.Id.ShouldBe(new SourceId("Guard-interview-2015"));
        source.Metadata.ShouldBe(new SourceMetadata { Title = "Testimony of a former guard", Language = "en", Medium = Medium.Other });
        source.Text.ShouldBe("Testimony of a former guard  \nHe said he left in 2015.");
        source.Cases.ShouldBeEmpty();
        record.Segments.ShouldBeEmpty();
        var bytes = Encoding.UTF8.GetBytes(text);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        source.ContentHash.ShouldBe(hash);
        record.Original!.ContentHash.ShouldBe(hash);
        record.Original.FileName.ShouldBe("Guard interview (2015).txt");
        record.Original.Bytes.ToArray().ShouldBe(bytes);
        result.Batch.Cases.ShouldBeEmpty();
    }

    [Fact]
    public void A_long_first_line_is_cut_to_two_hundred_characters_for_the_title()
    {
        var path = _directory.Write("long.txt", new string('a', 199) + "😀 and more words");

        var title = Read(path).Batch.Sources.Single().Source.Metadata.Title;

        title.ShouldBe(new string('a', 199), "the emoji would straddle the limit, so it is left out whole");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_utf16_text_file_with_a_byte_order_mark_is_imported(bool bigEndian)
    {
        const string text = "شهادة\nA testimony.";
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var path = _directory.WriteBytes("utf16.txt", [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        result.Batch.Sources.Single().Source.Text.ShouldBe(text);
        result.Batch.Sources.Single().Source.Metadata.Title.ShouldBe("شهادة");
    }

    [Fact]
    public void Text_is_stored_in_NFC()
    {
        var path = _directory.Write("nfc.txt", "Cafe\u0301");

        Read(path).Batch.Sources.Single().Source.Text.ShouldBe("Café");
    }

    public static TheoryData<string, byte[], string> BadTexts => new()
    {
        { "blank.txt", Encoding.UTF8.GetBytes(" \r\n\t\n"), "no text" },
        { "empty.txt", [], "no text" },
        { "s100.txt", Encoding.UTF8.GetBytes("Text."), "source 's100' already exists in the project" },
        { "---.txt", Encoding.UTF8.GetBytes("Text."), "cannot make a source id from the file name '---.txt' (rename it using letters, digits, '-', '_' or '.')" },
        { "nul.txt", [.. Encoding.UTF8.GetBytes("Text"), 0x00, .. Encoding.UTF8.GetBytes("more")], "binary or non-UTF-8 content at byte 4 (expected UTF-8 text)" },
        { "mixed.txt", [.. Encoding.UTF8.GetBytes("Café "), 0xE9, .. Encoding.UTF8.GetBytes(" au lait")], "binary or non-UTF-8 content at byte 6 (expected UTF-8 text)" },
        { "control.txt", [.. Encoding.UTF8.GetBytes("Caf"), 0xE9, 0x01, .. Encoding.UTF8.GetBytes(" au lait")], "binary or non-UTF-8 content at byte 3 (expected UTF-8 text)" },
        { "truncated.txt", [.. Encoding.UTF8.GetBytes("é"), 0xC3], "binary or non-UTF-8 content at byte 2 (expected UTF-8 text)" },
        { "png.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], "binary or non-UTF-8 content at byte 0 (expected UTF-8 text)" },
        { "bom-nul.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("ab"), 0x00], "binary or non-UTF-8 content at byte 5 (expected UTF-8 text)" },
        { "utf16-nul.txt", [0xFF, 0xFE, 0x41, 0x00, 0x00, 0x00], "binary or non-UTF-8 content at byte 4 (expected UTF-8 text)" },
        { "utf16-odd.txt", [0xFF, 0xFE, 0x41, 0x00, 0x42], "binary or non-UTF-8 content at byte 4 (expected UTF-8 text)" },
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void A_bad_text_file_is_refused_as_a_whole_with_the_reason(string fileName, byte[] bytes, string reason)
    {
        var path = _directory.WriteBytes(fileName, bytes);

        var result = Read(path);

        result.Errors.ShouldBe([new InputError(path, null, reason)]);
        result.Batch.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_binary_file_named_jsonl_is_refused_with_the_offset_of_the_first_bad_byte()
    {
        var path = _directory.WriteBytes("data.jsonl", [.. Encoding.UTF8.GetBytes("{\"case\": \"c1\"}\n"), 0xFF, 0xD8, 0xFF]);

        var result = Read(path);

        result.Errors.ShouldBe([new InputError(path, null, "binary or non-UTF-8 content at byte 15 (expected UTF-8 text)")]);
        result.Batch.IsEmpty.ShouldBeTrue();
    }
}
