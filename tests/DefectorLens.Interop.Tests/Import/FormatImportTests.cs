using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Import.Generation;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace DefectorLens.Interop.Tests.Import;

public sealed class FormatImportTests : IDisposable
{
    private const string Story =
        "The former fighter said he had travelled to Syria in 2013 to defend the people against the regime. " +
        "He left the group after a year because the commanders executed their own men and took the best houses.";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ImportResult Read(string path) => Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

    [Fact]
    public void A_news_page_yields_its_title_byline_date_outlet_and_article_text_without_menus_or_adverts()
    {
        var html = DocumentWriters.Html("Why I left", "Jane Doe", "2015-03-02", "The Daily", [Story, "A second paragraph of the article."]);
        var path = _directory.Write("why-i-left.html", html);

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        var source = result.Batch.Sources.Single().Source;
        source.Id.ShouldBe(new SourceId("why-i-left"));
        source.Metadata.ShouldBe(new SourceMetadata
        {
            Title = "Why I left", Author = "Jane Doe", Outlet = "The Daily", Published = PartialDate.TryParse("2015-03-02"), Language = "en", Medium = Medium.News,
        });
        source.Text.ShouldBe($"{Story}\n\nA second paragraph of the article.");
        source.Text.ShouldNotContain("Subscribe");
        source.Text.ShouldNotContain("Home");
        source.Text.ShouldNotContain("Related");
        source.Text.ShouldNotContain("Cookie");
    }

    [Fact]
    public void A_page_without_a_marked_article_yields_the_block_with_the_most_paragraph_text()
    {
        var path = _directory.Write("plain.htm",
            $"<html><body><div class='menu'><p>Home</p><p>World</p></div><div id='story'><p>{Story}</p><p>More of it.</p></div></body></html>");

        var source = Read(path).Batch.Sources.Single().Source;

        source.Text.ShouldBe($"{Story}\n\nMore of it.");
        source.Metadata.Title.ShouldStartWith("The former fighter said");
    }

    [Fact]
    public void An_article_keeps_its_outermost_blocks_each_with_white_space_squeezed_and_one_blank_line_between()
    {
        // A quote of two paragraphs is one block; a list item holding a paragraph is one; runs of spaces, tabs and line
        // breaks across inline elements become one space; a block with only white space adds nothing.
        var path = _directory.Write("nested.html",
            "<html><body><article><h2>  Leaving \n Raqqa </h2><div><p>He  said:\t<em>enough</em> .</p><p> \n </p>" +
            "<blockquote><p>We were paid</p><p>late.</p></blockquote></div><ul><li><p>First</p> reason</li></ul>" +
            $"<p>{Story}</p></article></body></html>");

        var source = Read(path).Batch.Sources.Single().Source;

        source.Text.ShouldBe($"Leaving Raqqa\n\nHe said: enough .\n\nWe were paidlate.\n\nFirst reason\n\n{Story}");
    }

    [Fact]
    public void A_page_without_text_blocks_yields_its_whole_text_with_white_space_squeezed()
    {
        var path = _directory.Write("bare.html", $"<html><body>\n  <div>{Story.Replace(" in ", " \n\t in ", StringComparison.Ordinal)}</div> <span> Reported  by phone. </span>\n</body></html>");

        var source = Read(path).Batch.Sources.Single().Source;

        source.Text.ShouldBe($"{Story} Reported by phone.");
    }

    [Fact]
    public void A_pdf_page_gets_spaces_from_wide_kerning_gaps_and_lines_from_baseline_moves()
    {
        // Words apart only by a TJ offset, a word split by a small kerning adjustment, and a second line set by Td.
        var path = _directory.WriteBytes("kerned.pdf", HandWrittenPdf(
            "BT /F1 12 Tf 72 700 Td [(Joined) -300 (in) -250 (2014) ( and ) (le) -20 (ft)] TJ 0 -20 Td (in 2016.) Tj ET"));

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        result.Batch.Sources.Single().Source.Text.ShouldBe("Joined in 2014 and left\nin 2016.");
    }

    [Fact]
    public void A_pdf_page_reads_escaped_and_hexadecimal_strings_and_passes_over_comments_paths_and_marked_content()
    {
        var path = _directory.WriteBytes("escaped.pdf", HandWrittenPdf(
            "% drawn by hand\n0.5 g 10 10 100 100 re f q 1 0 0 1 0 0 cm BT /F1 12 Tf 72 700 Td (He said \\(twice\\): \\101\\102) Tj " +
            "/Span <</ActualText <FEFF0041>>> BDC <4c656674> Tj EMC 0 -20 Td <3230313> Tj ET Q"));

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        result.Batch.Sources.Single().Source.Text.ShouldBe("He said (twice): ABLeft\n2010");
    }

    [Fact]
    public void A_pdf_page_with_an_inline_image_is_read_whole_through_the_letter_model()
    {
        var path = _directory.WriteBytes("image.pdf", HandWrittenPdf(
            "BT /F1 12 Tf 72 700 Td (Before the image.) Tj ET BI /W 4 /H 1 /BPC 8 /CS /G ID ((\u0000< EI BT /F1 12 Tf 72 660 Td (After it.) Tj ET"));

        var text = Read(path).Batch.Sources.Single().Source.Text;

        text.ShouldStartWith("Before the image.");
        text.ShouldEndWith("After it.");
    }

    // A one-page PDF in Helvetica whose content stream is written by hand, with a correct cross-reference table.
    private static byte[] HandWrittenPdf(string content)
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    [Fact]
    public void A_pdf_keeps_its_pages_in_order_and_where_each_starts()
    {
        var bytes = DocumentWriters.Pdf(["Page one says the first thing.", "Page two says the second thing."], title: "Court record 12");
        var path = _directory.WriteBytes("record-12.pdf", bytes);

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        var record = result.Batch.Sources.Single();
        record.Source.Text.ShouldBe("Page one says the first thing.\n\nPage two says the second thing.");
        record.PageStarts.ShouldBe([0, 32]);
        record.Source.Text[32..].ShouldStartWith("Page two");
        record.Source.Metadata.Title.ShouldBe("Court record 12");
        record.Source.Metadata.Medium.ShouldBe(Medium.Report);
        record.Original!.Bytes.ToArray().ShouldBe(bytes);
    }

    [Fact]
    public void An_original_comes_packed_from_its_parse_deflated_when_that_pays_and_as_it_is_when_compressed_already()
    {
        var page = _directory.Write("statement.txt", string.Join('\n', Enumerable.Repeat("He said the checkpoint guards took his papers at dawn.", 40)));
        var pdf = _directory.WriteBytes("report.pdf", HandWrittenPdf("BT /F1 12 Tf 72 700 Td (A report.) Tj ET"));

        var text = Read(page).Batch.Sources.Single().Original!;
        var report = Read(pdf).Batch.Sources.Single().Original!;

        text.Packed!.Compression.ShouldBe(PackedOriginal.Deflate);
        using (var inflate = new System.IO.Compression.DeflateStream(new MemoryStream(text.Packed.Bytes), System.IO.Compression.CompressionMode.Decompress))
        using (var inflated = new MemoryStream())
        {
            inflate.CopyTo(inflated);
            inflated.ToArray().ShouldBe(File.ReadAllBytes(page));
        }

        report.Packed!.ShouldSatisfyAllConditions(p => p.Compression.ShouldBeNull(), p => p.Bytes.ShouldBe(File.ReadAllBytes(pdf)));
    }

    [Fact]
    public void A_docx_transcript_becomes_an_interview_with_one_line_per_paragraph()
    {
        var path = _directory.WriteBytes("interview.docx", DocumentWriters.Docx(
            ["Interview with a returnee", "Q: Why did you go?", "A: To fight the regime.", "Q: Why did you leave?", "A: They killed Sunnis."]));

        var source = Read(path).Batch.Sources.Single().Source;

        source.Text.ShouldBe("Interview with a returnee\nQ: Why did you go?\nA: To fight the regime.\nQ: Why did you leave?\nA: They killed Sunnis.");
        source.Metadata.Title.ShouldBe("Interview with a returnee");
        source.Metadata.Medium.ShouldBe(Medium.Interview);
    }

    [Fact]
    public void A_docx_is_read_with_its_tables_tabs_breaks_and_properties_but_not_its_deleted_text()
    {
        byte[] bytes;
        using (var stream = new MemoryStream())
        {
            using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
            {
                static Paragraph Line(params OpenXmlElement[] content) => new(new Run(content));
                var cell = new TableCell(Line(new Text("In a cell")));
                document.AddMainDocumentPart().Document = new Document(new Body(
                    new Paragraph(new ParagraphProperties(new Tabs(new TabStop { Val = TabStopValues.Left, Position = 720 })),
                        new Run(new Text("Name:"), new TabChar(), new Text("Abu Musa"))),
                    Line(new Text("First line"), new Break(), new Text("second line")),
                    new Paragraph(new Run(new Text(" kept ") { Space = SpaceProcessingModeValues.Preserve }), new DeletedRun(new Run(new DeletedText("struck")))),
                    new Table(new TableRow(cell)),
                    new Paragraph()));
                document.PackageProperties.Title = "Statement of a returnee";
                document.PackageProperties.Creator = " The court ";
            }

            bytes = stream.ToArray();
        }

        var source = Read(_directory.WriteBytes("statement.docx", bytes)).Batch.Sources.Single().Source;

        source.Text.ShouldBe("Name: Abu Musa\nFirst line\nsecond line\nkept\nIn a cell");
        source.Metadata.Title.ShouldBe("Statement of a returnee");
        source.Metadata.Author.ShouldBe("The court");
    }

    public static TheoryData<string, byte[], string> BrokenDocuments => new()
    {
        { "truncated.pdf", DocumentWriters.Pdf(["Some text on a page."])[..200], "not a readable PDF: " },
        { "garbage.pdf", Encoding.ASCII.GetBytes("this is not a pdf at all"), "not a readable PDF: " },
        { "scanned.pdf", DocumentWriters.Pdf([""]), "no text in the PDF (a scanned document needs OCR before import)" },
        { "truncated.docx", DocumentWriters.Docx(["A paragraph."])[..300], "not a readable DOCX: " },
        { "garbage.docx", Encoding.ASCII.GetBytes("PK not really a zip"), "not a readable DOCX: " },
        { "empty.docx", DocumentWriters.Docx([" "]), "no text" },
        { "menu.html", Encoding.UTF8.GetBytes("<html><body><nav><p>Home</p></nav><div class='ad'>Buy now and save a great deal of money on every single thing we sell here.</div><p>Hi.</p></body></html>"), "no article text found in the page (only navigation, adverts or scripts)" },
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public void A_broken_document_is_refused_whole_with_the_reason(string fileName, byte[] bytes, string reason)
    {
        var path = _directory.WriteBytes(fileName, bytes);

        var result = Read(path);

        var error = result.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe(path);
        error.Line.ShouldBeNull();
        if (reason.EndsWith(": ", StringComparison.Ordinal))
        {
            error.Reason.ShouldStartWith(reason);
            error.Reason.Length.ShouldBeGreaterThan(reason.Length, "the parser's reason follows");
        }
        else
        {
            error.Reason.ShouldBe(reason);
        }

        result.Batch.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_docx_whose_body_inflates_a_thousandfold_is_refused_as_a_zip_bomb()
    {
        var path = _directory.WriteBytes("bomb.docx", DocumentWriters.Docx([new string('a', 30_000_000)]));

        var result = Read(path);

        var error = result.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe(path);
        error.Reason.ShouldStartWith("not a readable DOCX: part 'word/document.xml' is compressed ");
        error.Reason.ShouldEndWith(" to 1, over the limit of 200 to 1 (possible zip bomb)");
        result.Batch.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_docx_whose_body_inflates_past_the_file_size_limit_is_refused()
    {
        var bytes = DocumentWriters.Docx([new string('a', 100_000)]);
        var path = _directory.WriteBytes("long.docx", bytes);
        var context = TestCodebooks.Context with { Limits = new ImportLimits { MaxFileBytes = 50_000, MaxCompressionRatio = 100_000 } };

        var result = Importers.Read(path, context, CancellationToken.None);

        bytes.Length.ShouldBeLessThan(50_000, "the package itself is under the limit");
        result.Errors.ShouldBe([new InputError(path, null,
            "not a readable DOCX: part 'word/document.xml' is over 50000 bytes uncompressed (possible zip bomb; raise the limit with --max-file-size)")]);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var path = _directory.Write("big.txt", new string('x', 2000));
        var context = TestCodebooks.Context with { Limits = new ImportLimits { MaxFileBytes = 1000 } };

        var result = Importers.Read(path, context, CancellationToken.None);

        result.Errors.ShouldBe([new InputError(path, null, "file is 2000 bytes, over the limit of 1000 bytes (raise it with --max-file-size)")]);
    }
}
