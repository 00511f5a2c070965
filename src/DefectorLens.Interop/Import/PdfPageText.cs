using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics.Operations;
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
/// This factory reads only the text operators of the content stream (<see cref="PdfTextContentParser"/>), follows only
/// the text state (matrices, font, spacing) and decodes each glyph through the page's font, as
/// <c>ContentOrderTextExtractor</c> reads letters: in content order, a new line where the baseline moves by about a
/// line, a space where a gap is wider than a space's share of the font size. A page that invokes a form or image
/// XObject, or uses a vertical font, has no text here (null), and the importer reads it through the letter model.
/// </remarks>
internal sealed class PdfPageTextFactory : BasePageFactory<PdfPageText>
{
    // Glyphs by font and code, for the document's pages: PdfPig looks a glyph's text up by name and builds a transformed
    // bounding box for its width at each request. The font is looked up once, by reference, when a page sets it; each
    // glyph then costs one lookup of its code.
    private readonly Dictionary<IFont, Dictionary<int, (string Text, double Width)>> _glyphs = new(ReferenceEqualityComparer.Instance);

    /// <summary>Called by PdfPig with the document's parts; PdfPig's content parser is replaced by <see cref="PdfTextContentParser"/>.</summary>
    public PdfPageTextFactory(
        IPdfTokenScanner pdfScanner, IResourceStore resourceStore, ILookupFilterProvider filterProvider, IPageContentParser pageContentParser,
        ParsingOptions parsingOptions)
        : base(pdfScanner, resourceStore, filterProvider, new PdfTextContentParser(), parsingOptions)
    {
    }

    protected override PdfPageText ProcessPage(
        int pageNumber, DictionaryToken dictionary, NamedDestinations namedDestinations, MediaBox mediaBox, CropBox cropBox,
        UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation, TransformationMatrix initialMatrix, IReadOnlyList<IGraphicsStateOperation> operations)
    {
        var reader = new TextOperators(ResourceStore, _glyphs, pageNumber, initialMatrix);
        return new PdfPageText(reader.Read(operations.Cast<TextOperation>()));
    }

    /// <summary>Walks one page's operations, keeping the text state and writing the glyphs shown.</summary>
    private sealed class TextOperators(
        IResourceStore resources, Dictionary<IFont, Dictionary<int, (string Text, double Width)>> glyphs, int pageNumber, TransformationMatrix initialMatrix)
    {
        // A gap wider than this share of the font size separates words (a space in Helvetica is 0.28 em; kerning stays under 0.1).
        private const double WordGap = 0.15;
        // A baseline that moves by more than this share of the smaller font size starts a new line.
        private const double LineGap = 0.9;

        private readonly StringBuilder _text = new();
        private readonly Stack<Affine> _saved = new();
        private Affine _ctm = Affine.Of(initialMatrix);
        private Affine _textMatrix = Affine.Identity;
        private Affine _lineMatrix = Affine.Identity;
        private IFont? _font;
        private Dictionary<int, (string Text, double Width)> _fontGlyphs = [];
        private double _fontSize;
        private double _characterSpacing;
        private double _wordSpacing;
        private double _horizontalScaling = 1;
        private double _leading;
        private bool _endsInSpace = true;
        private (double Y, double EndX, double Size)? _previous;

        public string? Read(IEnumerable<TextOperation> operations)
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

        private bool Apply(TextOperation operation)
        {
            var numbers = operation.Numbers;
            switch (operation.Kind)
            {
                case TextOperator.Push:
                    _saved.Push(_ctm);
                    break;
                case TextOperator.Pop:
                    _ctm = _saved.Count > 0 ? _saved.Pop() : _ctm;
                    break;
                case TextOperator.Transform:
                    _ctm = Affine.Of(numbers).Times(_ctm);
                    break;
                case TextOperator.BeginText:
                    _textMatrix = _lineMatrix = Affine.Identity;
                    break;
                case TextOperator.Font:
                    _font = resources.GetFont(NameToken.Create(operation.Name!))
                        ?? throw new InvalidOperationException($"page {pageNumber} names a font it does not define: {operation.Name}");
                    if (!glyphs.TryGetValue(_font, out var fontGlyphs))
                    {
                        glyphs[_font] = fontGlyphs = [];
                    }

                    _fontGlyphs = fontGlyphs;
                    _fontSize = numbers[0];
                    return !_font.IsVertical;
                case TextOperator.CharacterSpacing:
                    _characterSpacing = numbers[0];
                    break;
                case TextOperator.WordSpacing:
                    _wordSpacing = numbers[0];
                    break;
                case TextOperator.HorizontalScaling:
                    _horizontalScaling = numbers[0] / 100;
                    break;
                case TextOperator.Leading:
                    _leading = numbers[0];
                    break;
                case TextOperator.MoveLineSetLeading:
                    _leading = -numbers[1];
                    MoveLine(numbers[0], numbers[1]);
                    break;
                case TextOperator.MoveLine:
                    MoveLine(numbers[0], numbers[1]);
                    break;
                case TextOperator.TextMatrix:
                    _textMatrix = _lineMatrix = Affine.Of(numbers);
                    break;
                case TextOperator.NextLine:
                    MoveLine(0, -_leading);
                    break;
                case TextOperator.Show:
                    Show(operation.Codes);
                    break;
                case TextOperator.NextLineShow:
                    MoveLine(0, -_leading);
                    Show(operation.Codes);
                    break;
                case TextOperator.NextLineShowSpaced:
                    (_wordSpacing, _characterSpacing) = (numbers[0], numbers[1]);
                    MoveLine(0, -_leading);
                    Show(operation.Codes);
                    break;
                case TextOperator.ShowPositioned:
                    ShowPositioned(operation.Parts!);
                    break;
                case TextOperator.Unsupported:
                    return false;
            }

            return true;
        }

        private void MoveLine(double tx, double ty) => _textMatrix = _lineMatrix = _lineMatrix.Translated(tx, ty);

        private void ShowPositioned(IReadOnlyList<(double Adjustment, ReadOnlyMemory<byte> Codes)> parts)
        {
            foreach (var (adjustment, codes) in parts)
            {
                if (codes.IsEmpty)
                {
                    Advance(-adjustment / 1000 * _fontSize * _horizontalScaling);
                }
                else
                {
                    Show(codes);
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
                if (!_fontGlyphs.TryGetValue(code, out var glyph))
                {
                    var text = font.TryGetUnicode(code, out var unicode) && unicode is not null ? unicode : ((char)code).ToString();
                    glyph = _fontGlyphs[code] = (text, font.GetBoundingBox(code).Width);
                }

                var width = glyph.Width * _fontSize;
                var placed = _textMatrix.Times(_ctm);
                var size = _fontSize * Math.Sqrt((placed.C * placed.C) + (placed.D * placed.D));
                Write(glyph.Text, new PdfPoint(placed.E, placed.F), (placed.A * width) + placed.E, size);
                var wordSpacing = code == ' ' && codeLength == 1 ? _wordSpacing : 0;
                Advance((width + _characterSpacing + wordSpacing) * _horizontalScaling);
            }
        }

        private void Advance(double tx) => _textMatrix = _textMatrix.Translated(tx, 0);

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

    /// <summary>A PDF transformation [a b c d e f]: the six entries of its 3×3 matrix that are not fixed at 0 or 1.</summary>
    /// <remarks>
    /// Two products per glyph went through PdfPig's general 3×3 matrix, entry by entry through its indexer: 6% of the CPU
    /// of importing PDFs. These are the same sums without the terms that are always zero, so the text and its positions
    /// come out the same.
    /// </remarks>
    private readonly record struct Affine(double A, double B, double C, double D, double E, double F)
    {
        public static Affine Identity { get; } = new(1, 0, 0, 1, 0, 0);

        public static Affine Of(TransformationMatrix matrix) => new(matrix.A, matrix.B, matrix.C, matrix.D, matrix.E, matrix.F);

        /// <summary>The six operands of <c>cm</c> or <c>Tm</c>.</summary>
        public static Affine Of(double[] operands) => new(operands[0], operands[1], operands[2], operands[3], operands[4], operands[5]);

        /// <summary>This transformation followed by <paramref name="next"/> (PDF multiplies row vectors, this × next).</summary>
        public Affine Times(Affine next) => new(
            (A * next.A) + (B * next.C), (A * next.B) + (B * next.D),
            (C * next.A) + (D * next.C), (C * next.B) + (D * next.D),
            (E * next.A) + (F * next.C) + next.E, (E * next.B) + (F * next.D) + next.F);

        /// <summary>A translation by (tx, ty) followed by this transformation.</summary>
        public Affine Translated(double tx, double ty) => this with { E = (tx * A) + (ty * C) + E, F = (tx * B) + (ty * D) + F };
    }
}
