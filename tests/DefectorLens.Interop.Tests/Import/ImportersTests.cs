using DefectorLens.Core;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class ImportersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_supported_extensions_are_documents_manifests_and_archives()
    {
        Importers.SupportedExtensions.ShouldBe([".csv", ".docx", ".htm", ".html", ".jsonl", ".markdown", ".md", ".pdf", ".qdpx", ".tsv", ".txt", ".zip"]);
    }

    [Theory]
    [InlineData("cases.xlsx", "unsupported file type '.xlsx' (expected .csv, .docx, .html, .jsonl, .md, .pdf, .qdpx, .tsv, .txt, .zip)")]
    [InlineData("README", "unsupported file type '' (expected .csv, .docx, .html, .jsonl, .md, .pdf, .qdpx, .tsv, .txt, .zip)")]
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
