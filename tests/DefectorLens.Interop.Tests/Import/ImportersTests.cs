using DefectorLens.Core;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class ImportersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_supported_extensions_are_json_lines_markdown_and_text()
    {
        Importers.SupportedExtensions.ShouldBe([".jsonl", ".markdown", ".md", ".txt"]);
    }

    [Theory]
    [InlineData("cases.csv", "unsupported file type '.csv' (expected .jsonl, .md, .txt)")]
    [InlineData("README", "unsupported file type '' (expected .jsonl, .md, .txt)")]
    public void A_file_of_another_type_is_refused_before_it_is_read(string fileName, string reason)
    {
        var path = _directory.Missing(fileName);

        var result = Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

        result.Errors.ShouldBe([new InputError(path, null, reason)]);
        result.Batch.IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData("cases.jsonl")]
    [InlineData("notes.md")]
    [InlineData("notes.txt")]
    public void A_missing_file_is_reported_as_not_found(string fileName)
    {
        var path = _directory.Missing(fileName);

        var result = Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

        result.Errors.ShouldBe([new InputError(path, null, "file not found")]);
        result.Batch.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void The_extension_is_matched_whatever_its_case()
    {
        var path = _directory.Write("NOTES.TXT", "Text.");

        Importers.Read(path, TestCodebooks.Context, CancellationToken.None).Errors.ShouldBeEmpty();
    }
}
