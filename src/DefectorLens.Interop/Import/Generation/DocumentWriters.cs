using System.IO.Compression;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PdfPageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace DefectorLens.Interop.Import.Generation;

/// <summary>Writes documents in the formats the importers read: for the benchmark corpus and for tests that craft their input.</summary>
public static class DocumentWriters
{
    private const double FontSize = 11;
    private const double LineHeight = 14;
    private const double Margin = 56;
    private const int CharactersPerLine = 90;

    /// <summary>A PDF with one page per entry of <paramref name="pages"/>, its lines wrapped, in Helvetica.</summary>
    /// <remarks>The built-in font has ASCII glyphs only: accents are dropped, typographic quotes and dashes made plain, anything else becomes '?'.</remarks>
    public static byte[] Pdf(IReadOnlyList<string> pages, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(pages);
        using var builder = new PdfDocumentBuilder();
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(PdfPageSize.A4);
            var y = 842 - Margin;
            foreach (var line in text.Split('\n').SelectMany(Wrap))
            {
                if (line.Length > 0)
                {
                    page.AddText(Ascii(line), FontSize, new PdfPoint(Margin, y), font);
                }

                y -= LineHeight;
                if (y < Margin)
                {
                    break;
                }
            }
        }

        return builder.Build();
    }

    /// <summary>A Word document with one paragraph per entry of <paramref name="paragraphs"/>.</summary>
    public static byte[] Docx(IReadOnlyList<string> paragraphs, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(text => new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })))));
            if (title is not null)
            {
                document.PackageProperties.Title = title;
            }
        }

        return stream.ToArray();
    }

    /// <summary>A news page: its article between a navigation bar, an advert and a footer, as a saved web page has them.</summary>
    public static string Html(string title, string? byline, string? published, string? outlet, IReadOnlyList<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append(" | ").Append(E(outlet ?? "News")).Append("</title>\n");
        if (outlet is not null)
        {
            html.Append("<meta property=\"og:site_name\" content=\"").Append(E(outlet)).Append("\">\n");
        }

        if (published is not null)
        {
            html.Append("<meta property=\"article:published_time\" content=\"").Append(E(published)).Append("T08:00:00Z\">\n");
        }

        html.Append("<script>window.analytics = {};</script></head>\n<body>\n");
        html.Append("<nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/opinion\">Opinion</a></li></ul></nav>\n");
        html.Append("<div class=\"ad banner\">Subscribe today and save 50% on your first year of unlimited access to our journalism.</div>\n");
        html.Append("<article>\n<h1>").Append(E(title)).Append("</h1>\n");
        if (byline is not null)
        {
            html.Append("<p class=\"byline\">By ").Append(E(byline)).Append("</p>\n");
        }

        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(E(paragraph)).Append("</p>\n");
        }

        html.Append("<div class=\"share\">Share this article on social media</div>\n</article>\n");
        html.Append("<aside class=\"related\"><h2>Related</h2><ul><li>Other stories from the region</li></ul></aside>\n");
        html.Append("<footer>© ").Append(E(outlet ?? "News")).Append(". All rights reserved. Cookie settings.</footer>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>A ZIP archive of the given entries, deflated.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    private static string Ascii(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            ascii.Append(c switch
            {
                < (char)0x7F => c,
                '«' or '»' or '„' or '“' or '”' => '"',
                '‘' or '’' => '\'',
                '–' or '—' => '-',
                'ß' => 's',
                _ => '?',
            });
        }

        return ascii.ToString();
    }

    private static IEnumerable<string> Wrap(string line)
    {
        var rest = line.TrimEnd();
        if (rest.Length == 0)
        {
            yield return "";
            yield break;
        }

        while (rest.Length > CharactersPerLine)
        {
            var cut = rest.LastIndexOf(' ', CharactersPerLine);
            cut = cut <= 0 ? CharactersPerLine : cut;
            yield return rest[..cut];
            rest = rest[cut..].TrimStart();
        }

        yield return rest;
    }
}
