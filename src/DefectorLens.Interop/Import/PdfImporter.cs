using System.Collections.Immutable;
using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a PDF (a report, a court record) as one source whose text keeps where each page starts.</summary>
/// <remarks>
/// Each page's text is extracted in content order (see <see cref="PdfPageTextFactory"/>) and normalised to NFC on its
/// own, so that the page starts recorded are offsets into the stored text; pages are separated by a blank line. A PDF
/// without a text layer is refused.
/// </remarks>
internal static class PdfImporter
{
    private const string PageBreak = "\n\n";

    /// <summary>Reads a PDF's bytes into a source.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        var errors = new InputErrorList(path);
        var extracted = Extract(bytes, errors, cancellationToken);
        if (extracted is null)
        {
            return ImportResult.Failed(errors);
        }

        var id = Documents.IdFromFileName(path, errors);
        if (id is { } sourceId)
        {
            Documents.CheckNew(sourceId, context, errors, line: null);
        }

        if (errors.Any || id is null)
        {
            return ImportResult.Failed(errors);
        }

        var (text, pageStarts, title, author) = extracted.Value;
        var metadata = new SourceMetadata
        {
            Title = title ?? Documents.Title(text.Split('\n').First(line => !string.IsNullOrWhiteSpace(line))),
            Author = author,
            Medium = Medium.Report,
        };
        return Documents.Accept(path, bytes, id.Value, metadata, text, [], context, pageStarts);
    }

    private static (string Text, ImmutableArray<int> PageStarts, string? Title, string? Author)? Extract(
        byte[] bytes, InputErrorList errors, CancellationToken cancellationToken)
    {
        try
        {
            using var document = PdfDocument.Open(bytes);
            document.AddPageFactory<PdfPageText, PdfPageTextFactory>();
            var text = new StringBuilder();
            var starts = ImmutableArray.CreateBuilder<int>(document.NumberOfPages);
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = document.GetPage<PdfPageText>(number).Text ?? ContentOrderTextExtractor.GetText(document.GetPage(number));
                var pageText = Documents.UnixLineEnds(read).Trim().Normalize(NormalizationForm.FormC);
                if (text.Length > 0)
                {
                    text.Append(PageBreak);
                }

                starts.Add(text.Length);
                text.Append(pageText);
            }

            if (string.IsNullOrWhiteSpace(text.ToString()))
            {
                errors.Add(null, Messages.PdfNoText);
                return null;
            }

            var information = document.Information;
            var title = string.IsNullOrWhiteSpace(information.Title) ? null : Documents.Title(information.Title);
            var author = string.IsNullOrWhiteSpace(information.Author) ? null : information.Author.Trim();
            return (text.ToString(), starts.ToImmutable(), title, author);
        }
        catch (PdfDocumentEncryptedException)
        {
            errors.Add(null, Messages.PdfEncrypted);
            return null;
        }
        catch (Exception failure) when (DocumentFailures.IsFileFault(failure))
        {
            errors.Add(null, Messages.PdfUnreadable(DocumentFailures.Reason(failure)));
            return null;
        }
    }
}
