using System.Text;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Interop.Qdpx;

namespace DefectorLens.Interop.Tests.Qdpx;

public sealed class QdcCodebookTests
{
    [Fact]
    public void A_qdc_export_validates_against_the_codebook_schema()
    {
        var qdc = QdcCodebook.Write(CodebookFile.Default);

        RefiQdaSchema.ValidateCodebook(new MemoryStream(Encoding.UTF8.GetBytes(qdc))).ShouldBeEmpty();
    }

    [Fact]
    public void A_qdc_export_read_back_is_the_same_codebook_under_the_file_name()
    {
        using var directory = new Import.TempDirectory();
        var path = directory.Write("icsr-2015.qdc", QdcCodebook.Write(CodebookFile.Default));

        var result = QdcCodebook.Read(path, default);

        result.Errors.ShouldBeEmpty();
        CodebookFile.ToYaml(result.Codebook! with { Version = CodebookFile.Default.Version, Title = CodebookFile.Default.Title, Description = CodebookFile.Default.Description })
            .ShouldBe(CodebookFile.ToYaml(CodebookFile.Default));
    }

    [Fact]
    public void A_qdc_made_in_another_tool_becomes_a_codebook_with_ids_from_the_tree()
    {
        using var directory = new Import.TempDirectory();
        var path = directory.Write("Team Codes.qdc", """
            <?xml version="1.0" encoding="utf-8"?>
            <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 2022">
              <Codes>
                <Code guid="3C3C3C3C-0000-4000-8000-000000000001" name="Joining" isCodable="false">
                  <Code guid="3C3C3C3C-0000-4000-8000-000000000002" name="Adventure &amp; belonging" isCodable="true" color="#abc"><Description>Looking for brothers.</Description></Code>
                </Code>
              </Codes>
              <Sets />
            </CodeBook>
            """);

        var result = QdcCodebook.Read(path, default);

        result.Errors.ShouldBeEmpty();
        var codebook = result.Codebook!;
        (codebook.Id, codebook.Version).ShouldBe(("team-codes", "1"));
        codebook.Codes.Select(code => (code.Id.Value, code.Name, code.Definition, code.Colour)).ShouldBe(
            [("joining", "Joining", "", null), ("joining.adventure-belonging", "Adventure & belonging", "Looking for brothers.", "#aabbcc")]);
    }

    [Theory]
    [InlineData("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes><Code name=\"x\" isCodable=\"true\"/></Codes></CodeBook>", "bad.qdc line 1: element 'Code' has no 'guid' attribute")]
    [InlineData("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"/>", "bad.qdc line 1: not a REFI-QDA codebook (expected a CodeBook element holding Codes)")]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"b\">]><CodeBook/>", "bad.qdc: a DTD (<!DOCTYPE ...>) is not allowed: its entities could read local files or expand without limit")]
    [InlineData("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes/></CodeBook>", "bad.qdc: codebook has no codes")]
    public void A_bad_qdc_gets_one_clear_error(string content, string expected)
    {
        using var directory = new Import.TempDirectory();
        var path = directory.Write("bad.qdc", content);

        QdcCodebook.Read(path, default).Errors.Select(error => error.ToString().Replace(directory.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal))
            .ShouldBe([expected]);
    }
}
