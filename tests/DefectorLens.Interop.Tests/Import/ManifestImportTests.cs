using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Import.Generation;

namespace DefectorLens.Interop.Tests.Import;

public sealed class ManifestImportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ImportResult Read(string path) => Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

    [Fact]
    public void A_csv_manifest_gives_each_row_its_metadata_cases_and_inline_text()
    {
        var path = _directory.Write("manifest.csv",
            "source,title,outlet,published,language,medium,cases,text\n" +
            "s1,Why I left,The Daily,2015-03,en,news,c100,\"He said they paid a salary.\nThen he left.\"\n");

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        var source = result.Batch.Sources.Single().Source;
        source.Id.ShouldBe(new SourceId("s1"));
        source.Metadata.ShouldBe(new SourceMetadata
        {
            Title = "Why I left", Outlet = "The Daily", Published = PartialDate.TryParse("2015-03"), Language = "en", Medium = Medium.News,
        });
        source.Cases.ShouldBe([new CaseId("c100")]);
        source.Text.ShouldBe("He said they paid a salary.\nThen he left.");
    }

    [Fact]
    public void A_tsv_manifest_row_can_name_a_document_beside_it_whose_values_it_overrides()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "docs"));
        _directory.WriteBytes("docs/record.pdf", DocumentWriters.Pdf(["First page.", "Second page."], title: "Own title"));
        var path = _directory.Write("list.tsv", "file\ttitle\tcases\tmedium\ndocs/record.pdf\tJudgment of 2016\tc100\tcourt_record\n");

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        var record = result.Batch.Sources.Single();
        record.Source.Id.ShouldBe(new SourceId("record"));
        record.Source.Metadata.Title.ShouldBe("Judgment of 2016");
        record.Source.Metadata.Medium.ShouldBe(Medium.CourtRecord);
        record.Source.Cases.ShouldBe([new CaseId("c100")]);
        record.PageStarts.ShouldBe([0, 13]);
        record.Original!.FileName.ShouldBe("record.pdf");
    }

    public static TheoryData<string, int?, string> BadManifests => new()
    {
        { "file\n../outside.txt\n", 2, "file '../outside.txt' is outside the manifest's folder (use a path relative to it, without '..')" },
        { "file\n/etc/passwd\n", 2, "file '/etc/passwd' is outside the manifest's folder (use a path relative to it, without '..')" },
        { "file\nnowhere.txt\n", 2, "file 'nowhere.txt' not found beside the manifest" },
        { "source,text,colour\ns1,Text.,red\n", 1, "unknown column 'colour' (expected source, title, text, file, outlet, author, url, published, language, medium, cases)" },
        { "source,title\ns1,No text\n", 2, "a row needs 'text' or 'file'" },
        { "text\nSome text.\n", 2, "missing required column 'source'" },
        { "source,text,cases\ns1,Text.,c999\n", 2, "case 'c999' is not in the project (import its case first)" },
        { "source,text,published\ns1,Text.,31/02/2015\n", 2, "date '31/02/2015' is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)" },
        { "source,text\ns1,Text.\ns1,Again.\n", 3, "source 's1' already given on line 2" },
        { "source,text\ns100,Text.\n", 2, "source 's100' already exists in the project" },
        { "source,text\ns1,\"bad\"quote\n", 2, "not valid CSV: text after the closing quote of a quoted field" },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public void A_bad_row_rejects_the_manifest_naming_the_line(string csv, int? line, string reason)
    {
        var path = _directory.Write("manifest.csv", csv);

        var result = Read(path);

        result.Errors.ShouldBe([new InputError(path, line, reason)]);
        result.Batch.IsEmpty.ShouldBeTrue();
    }
}
