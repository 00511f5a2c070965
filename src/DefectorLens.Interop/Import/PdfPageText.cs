using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Graphics.Operations.SpecialGraphicsState;
using UglyToad.PdfPig.Graphics.Operations.TextObjects;
using UglyToad.PdfPig.Graphics.Operations.TextPositioning;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Graphics.Operations.TextState;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace DefectorLens.Interop.Import;

/// <summary>A page's text in content order, or null when the page needs PdfPig's full letter model.</summary>
/// <param name="Text">The text, lines separated by '\n'; null when the page draws text this reader does not follow.</param>
internal sealed record PdfPageText(string? Text);

/// <summary>Reads a page's text straight from its text operators, without building PdfPig's letters.</summary>
/// <remarks>
/// PdfPig's page model gives every glyph a transformed bounding box, which cost five times what reading the text does.
/// This factory follows only the text state (matrices, font, spacing) and decodes each glyph through the page's font,
/// as <c>ContentOrderTextExtractor</c> reads letters: in content order, a new line where the baseline moves by about a
/// line, a space where a gap is wider than a space's share of the font size. A page that invokes a form or image
/// XObject, or uses a vertical font, has no text here (null), and the importer reads it through the letter model.
/// </remarks>
internal sealed class PdfPageTextFactory(
    IPdfTokenScanner pdfScanner, IResourceStore resourceStore, ILookupFilterProvider filterProvider, IPageContentParser pageContentParser,
    ParsingOptions parsingOptions)
    : BasePageFactory<PdfPageText>(pdfScanner, resourceStore, filterProvider, pageContentParser, parsingOptions)
{
    // Glyphs by font and code, for the document's pages: PdfPig looks a glyph's text up by name and builds a transformed
    // bounding box for its width at each request.
    private readonly Dictionary<(IFont Font, int Code), (string Text, double Width)> _glyphs = [];

    protected override PdfPageText ProcessPage(
        int pageNumber, DictionaryToken dictionary, NamedDestinations namedDestinations, MediaBox mediaBox, CropBox cropBox,
        UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation, TransformationMatrix initialMatrix, IReadOnlyList<IGraphicsStateOperation> operations)
    {
        var reader = new TextOperators(ResourceStore, _glyphs, pageNumber, initialMatrix);
        return new PdfPageText(reader.Read(operations));
    }

    /// <summary>Walks one page's operations, keeping the text state and writing the glyphs shown.</summary>
    private sealed class TextOperators(
        IResourceStore resources, Dictionary<(IFont Font, int Code), (string Text, double Width)> glyphs, int pageNumber, TransformationMatrix initialMatrix)
    {
        // A gap wider than this share of the font size separates words (a space in Helvetica is 0.28 em; kerning stays under 0.1).
        private const double WordGap = 0.15;
        // A baseline that moves by more than this share of the smaller font size starts a new line.
        private const double LineGap = 0.9;

        private readonly StringBuilder _text = new();
        private readonly Stack<TransformationMatrix> _saved = new();
        private TransformationMatrix _ctm = initialMatrix;
        private TransformationMatrix _textMatrix = TransformationMatrix.Identity;
        private TransformationMatrix _lineMatrix = TransformationMatrix.Identity;
        private IFont? _font;
        private double _fontSize;
        private double _characterSpacing;
        private double _wordSpacing;
        private double _horizontalScaling = 1;
        private double _leading;
        private bool _endsInSpace = true;
        private (double Y, double EndX, double Size)? _previous;

        public string? Read(IReadOnlyList<IGraphicsStateOperation> operations)
        {
            foreach (var operation in operations)
            {
                if (!Apply(operation))
                {
                    return null;
                }
            }

            return _text.ToString();
        }

        private bool Apply(IGraphicsStateOperation operation)
        {
            switch (operation)
            {
                case Push:
                    _saved.Push(_ctm);
                    break;
                case Pop:
                    _ctm = _saved.Count > 0 ? _saved.Pop() : _ctm;
                    break;
                case ModifyCurrentTransformationMatrix cm:
                    _ctm = TransformationMatrix.FromArray(cm.Value).Multiply(_ctm);
                    break;
                case BeginText:
                    _textMatrix = _lineMatrix = TransformationMatrix.Identity;
                    break;
                case SetFontAndSize tf:
                    _font = resources.GetFont(tf.Font)
                        ?? throw new InvalidOperationException($"page {pageNumber} names a font it does not define: {tf.Font.Data}");
                    _fontSize = tf.Size;
                    return !_font.IsVertical;
                case SetCharacterSpacing tc:
                    _characterSpacing = tc.Spacing;
                    break;
                case SetWordSpacing tw:
                    _wordSpacing = tw.Spacing;
                    break;
                case SetHorizontalScaling tz:
                    _horizontalScaling = tz.Scale / 100;
                    break;
                case SetTextLeading tl:
                    _leading = tl.Leading;
                    break;
                case MoveToNextLineWithOffsetSetLeading td:
                    _leading = -td.Ty;
                    MoveLine(td.Tx, td.Ty);
                    break;
                case MoveToNextLineWithOffset td:
                    MoveLine(td.Tx, td.Ty);
                    break;
                case SetTextMatrix tm:
                    _textMatrix = _lineMatrix = TransformationMatrix.FromArray(tm.Value);
                    break;
                case MoveToNextLine:
                    MoveLine(0, -_leading);
                    break;
                case ShowText tj:
                    Show(CodesOf(tj.Bytes, tj.Text));
                    break;
                case MoveToNextLineShowText quote:
                    MoveLine(0, -_leading);
                    Show(CodesOf(quote.Bytes, quote.Text));
                    break;
                case MoveToNextLineShowTextWithSpacing quotes:
                    (_wordSpacing, _characterSpacing) = (quotes.WordSpacing, quotes.CharacterSpacing);
                    MoveLine(0, -_leading);
                    Show(CodesOf(quotes.Bytes, quotes.Text));
                    break;
                case ShowTextsWithPositioning tj:
                    ShowPositioned(tj.Array);
                    break;
                case InvokeNamedXObject:
                    return false;
            }

            return true;
        }

        // PdfPig keeps a hexadecimal operand as bytes and a literal one as Latin-1 text; either way they are character codes.
        private static ReadOnlyMemory<byte> CodesOf(ReadOnlyMemory<byte> bytes, string? text) =>
            bytes.IsEmpty && text is not null ? Encoding.Latin1.GetBytes(text) : bytes;

        private void MoveLine(double tx, double ty) =>
            _textMatrix = _lineMatrix = TransformationMatrix.GetTranslationMatrix(tx, ty).Multiply(_lineMatrix);

        private void ShowPositioned(IReadOnlyList<IToken> parts)
        {
            foreach (var part in parts)
            {
                switch (part)
                {
                    case NumericToken adjustment:
                        Advance(-adjustment.Data / 1000 * _fontSize * _horizontalScaling);
                        break;
                    case HexToken hex:
                        Show(hex.Memory);
                        break;
                    case StringToken text:
                        Show(text.GetBytes());
                        break;
                }
            }
        }

        private void Show(ReadOnlyMemory<byte> bytes)
        {
            var font = _font ?? throw new InvalidOperationException($"page {pageNumber} shows text before it sets a font");
            using var input = new MemoryInputBytes(bytes);
            while (input.MoveNext())
            {
                var code = font.ReadCharacterCode(input, out var codeLength);
                if (!glyphs.TryGetValue((font, code), out var glyph))
                {
                    var text = font.TryGetUnicode(code, out var unicode) && unicode is not null ? unicode : ((char)code).ToString();
                    glyph = glyphs[(font, code)] = (text, font.GetBoundingBox(code).Width);
                }

                var width = glyph.Width * _fontSize;
                var placed = _textMatrix.Multiply(_ctm);
                var start = placed.Transform(new PdfPoint(0, 0));
                var end = placed.Transform(new PdfPoint(width, 0));
                var size = _fontSize * Math.Sqrt((placed[1, 0] * placed[1, 0]) + (placed[1, 1] * placed[1, 1]));
                Write(glyph.Text, start, end.X, size);
                var wordSpacing = code == ' ' && codeLength == 1 ? _wordSpacing : 0;
                Advance((width + _characterSpacing + wordSpacing) * _horizontalScaling);
            }
        }

        private void Advance(double tx) => _textMatrix = TransformationMatrix.GetTranslationMatrix(tx, 0).Multiply(_textMatrix);

        private void Write(string glyph, PdfPoint start, double endX, double size)
        {
            if (glyph.Length == 0)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(glyph))
            {
                if (!_endsInSpace)
                {
                    _text.Append(' ');
                    _endsInSpace = true;
                }

                return;
            }

            if (_previous is { } previous)
            {
                var smaller = Math.Min(Math.Round(size), Math.Round(previous.Size));
                if (Math.Abs(previous.Y - start.Y) > smaller * LineGap)
                {
                    if (_endsInSpace && _text.Length > 0 && _text[^1] == ' ')
                    {
                        _text.Length--;
                    }

                    _text.Append('\n');
                }
                else if (!_endsInSpace && start.X - previous.EndX > size * WordGap)
                {
                    _text.Append(' ');
                }
            }

            _text.Append(glyph);
            _endsInSpace = false;
            _previous = (start.Y, endX, size);
        }
    }
}
