using System.Buffers;
using System.Globalization;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Logging;
using UglyToad.PdfPig.Parser;

namespace DefectorLens.Interop.Import;

/// <summary>The operators of a content stream that place or show text; <see cref="TextOperator.Unsupported"/> ends a page's reading.</summary>
internal enum TextOperator
{
    Push,
    Pop,
    Transform,
    BeginText,
    Font,
    CharacterSpacing,
    WordSpacing,
    HorizontalScaling,
    Leading,
    MoveLineSetLeading,
    MoveLine,
    TextMatrix,
    NextLine,
    Show,
    NextLineShow,
    NextLineShowSpaced,
    ShowPositioned,
    Unsupported,
}

/// <summary>One text operator with its operands: numbers, a font name, the character codes shown, or a TJ array's parts.</summary>
/// <remarks>Only <see cref="PdfPageTextFactory"/> reads these; PdfPig never runs them.</remarks>
internal sealed record TextOperation(
    TextOperator Kind, double[] Numbers, string? Name, ReadOnlyMemory<byte> Codes, IReadOnlyList<(double Adjustment, ReadOnlyMemory<byte> Codes)>? Parts)
    : IGraphicsStateOperation
{
    public string Operator => Kind.ToString();

    public void Write(Stream stream) => throw new NotSupportedException("text operations are read, never written");

    public void Run(IOperationContext operationContext) => throw new NotSupportedException("text operations are read, never run");
}

/// <summary>Reads from a page's content stream only the operators that place or show text.</summary>
/// <remarks>
/// PdfPig's parser makes a token object of every number, name and string, and an operation of every operator, paths
/// and colours included: that was half of the CPU a PDF cost. This lexer keeps the text operators' operands and
/// passes over the rest. What it does not follow (an inline image, an XObject, a syntax error) ends the page with
/// <see cref="TextOperator.Unsupported"/>, and the importer reads that page through PdfPig's letter model instead.
/// </remarks>
internal sealed class PdfTextContentParser : IPageContentParser
{
    private static readonly TextOperation Unsupported = new(TextOperator.Unsupported, [], null, default, null);

    public IReadOnlyList<IGraphicsStateOperation> Parse(int pageNumber, IInputBytes inputBytes, ILog log)
    {
        var content = new byte[inputBytes.Length];
        var read = inputBytes.Read(content);
        return new Lexer(content.AsMemory(0, read)).Operations();
    }

    /// <summary>One pass over a content stream, operands gathered until their operator comes.</summary>
    private sealed class Lexer(ReadOnlyMemory<byte> content)
    {
        private readonly List<IGraphicsStateOperation> _operations = [];
        private readonly List<double> _numbers = [];
        private readonly List<(double Adjustment, ReadOnlyMemory<byte> Codes)> _array = [];
        private string? _name;
        private ReadOnlyMemory<byte> _codes;
        private byte[]? _decoded;
        private int _decodedLength;
        private bool _inArray;
        private int _position;

        private ReadOnlySpan<byte> Bytes => content.Span;

        public List<IGraphicsStateOperation> Operations()
        {
            while (SkipSpace())
            {
                var ok = Bytes[_position] switch
                {
                    (byte)'/' => Name(),
                    (byte)'(' => Literal(),
                    (byte)'<' when _position + 1 < Bytes.Length && Bytes[_position + 1] == '<' => Skip(2),
                    (byte)'<' => Hex(),
                    (byte)'>' when _position + 1 < Bytes.Length && Bytes[_position + 1] == '>' => Skip(2),
                    (byte)'[' => Open(),
                    (byte)']' => Close(),
                    (byte)'{' or (byte)'}' => Skip(1),
                    (byte)'+' or (byte)'-' or (byte)'.' or (>= (byte)'0' and <= (byte)'9') => Number(),
                    _ when IsRegular(Bytes[_position]) => Keyword(),
                    _ => false,
                };
                if (!ok)
                {
                    _operations.Add(Unsupported);
                    break;
                }
            }

            return _operations;
        }

        // Skips white space and comments; false at the end.
        private bool SkipSpace()
        {
            while (_position < Bytes.Length)
            {
                var b = Bytes[_position];
                if (b == '%')
                {
                    while (_position < Bytes.Length && Bytes[_position] is not ((byte)'\n' or (byte)'\r'))
                    {
                        _position++;
                    }
                }
                else if (IsWhite(b))
                {
                    _position++;
                }
                else
                {
                    return true;
                }
            }

            return false;
        }

        private bool Skip(int count)
        {
            _position += count;
            return true;
        }

        private bool Open()
        {
            _position++;
            _array.Clear();
            _inArray = true;
            return true;
        }

        private bool Close()
        {
            _position++;
            _inArray = false;
            return true;
        }

        private bool Number()
        {
            var start = _position++;
            while (_position < Bytes.Length && (char.IsAsciiDigit((char)Bytes[_position]) || Bytes[_position] == '.'))
            {
                _position++;
            }

            if (!double.TryParse(Bytes[start.._position], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                // A lone sign or point, as some writers leave: PDF readers take it as zero.
                value = 0;
            }

            if (_inArray)
            {
                _array.Add((value, default));
            }
            else
            {
                _numbers.Add(value);
            }

            return true;
        }

        private bool Name()
        {
            var start = ++_position;
            while (_position < Bytes.Length && IsRegular(Bytes[_position]))
            {
                _position++;
            }

            var name = Bytes[start.._position];
            _name = name.Contains((byte)'#') ? UnescapeName(name) : System.Text.Encoding.Latin1.GetString(name);
            return true;
        }

        // #xx in a name is the byte xx.
        private static string UnescapeName(ReadOnlySpan<byte> name)
        {
            var bytes = new List<byte>(name.Length);
            for (var i = 0; i < name.Length; i++)
            {
                if (name[i] == '#' && i + 2 < name.Length && byte.TryParse(name.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 2;
                }
                else
                {
                    bytes.Add(name[i]);
                }
            }

            return System.Text.Encoding.UTF8.GetString([.. bytes]);
        }

        private bool Literal()
        {
            var start = ++_position;
            var depth = 1;
            var escaped = false;
            for (; _position < Bytes.Length; _position++)
            {
                var b = Bytes[_position];
                if (b == '\\')
                {
                    escaped = true;
                    _position++;
                }
                else if (b == '(')
                {
                    depth++;
                }
                else if (b == ')' && --depth == 0)
                {
                    break;
                }
            }

            if (depth != 0)
            {
                return false;
            }

            var raw = content[start.._position++];
            Operand(escaped ? UnescapeLiteral(raw.Span) : raw);
            return true;
        }

        // The escapes of a literal string (PDF 32000-1, 7.3.4.2): \n \r \t \b \f \( \) \\, up to three octal digits,
        // and a backslash before a line end, which joins the lines.
        private static byte[] UnescapeLiteral(ReadOnlySpan<byte> raw)
        {
            var bytes = new List<byte>(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '\\' || i + 1 == raw.Length)
                {
                    bytes.Add(raw[i]);
                    continue;
                }

                var next = raw[++i];
                switch (next)
                {
                    case (byte)'n': bytes.Add((byte)'\n'); break;
                    case (byte)'r': bytes.Add((byte)'\r'); break;
                    case (byte)'t': bytes.Add((byte)'\t'); break;
                    case (byte)'b': bytes.Add((byte)'\b'); break;
                    case (byte)'f': bytes.Add((byte)'\f'); break;
                    case (byte)'\r':
                        i += i + 1 < raw.Length && raw[i + 1] == '\n' ? 1 : 0;
                        break;
                    case (byte)'\n':
                        break;
                    case >= (byte)'0' and <= (byte)'7':
                        var value = next - '0';
                        for (var digits = 1; digits < 3 && i + 1 < raw.Length && raw[i + 1] is >= (byte)'0' and <= (byte)'7'; digits++)
                        {
                            value = (value * 8) + (raw[++i] - '0');
                        }

                        bytes.Add((byte)value);
                        break;
                    default:
                        bytes.Add(next);
                        break;
                }
            }

            return [.. bytes];
        }

        private bool Hex()
        {
            var start = ++_position;
            while (_position < Bytes.Length && Bytes[_position] != '>')
            {
                _position++;
            }

            if (_position == Bytes.Length)
            {
                return false;
            }

            var digits = Bytes[start.._position++];
            // The page's hex strings share one buffer, each a slice of it, rather than an array apiece.
            _decoded ??= new byte[(content.Length + 1) / 2];
            var codes = _decoded.AsMemory(_decodedLength, (digits.Length + 1) / 2);
            if (digits.Length % 2 == 0 && Convert.FromHexString(digits, codes.Span, out _, out var written) == OperationStatus.Done)
            {
                _decodedLength += written;
                Operand(codes[..written]);
                return true;
            }

            var (count, high) = (0, -1);
            foreach (var b in digits)
            {
                if (IsWhite(b))
                {
                    continue;
                }

                var nibble = HexValue(b);
                if (nibble < 0)
                {
                    return false;
                }

                if (high < 0)
                {
                    high = nibble;
                }
                else
                {
                    codes.Span[count++] = (byte)((high << 4) | nibble);
                    high = -1;
                }
            }

            if (high >= 0)
            {
                // An odd number of digits: the last is followed by 0.
                codes.Span[count++] = (byte)(high << 4);
            }

            _decodedLength += count;
            Operand(codes[..count]);
            return true;
        }

        private void Operand(ReadOnlyMemory<byte> codes)
        {
            if (_inArray)
            {
                _array.Add((0, codes));
            }
            else
            {
                _codes = codes;
            }
        }

        private bool Keyword()
        {
            var start = _position;
            while (_position < Bytes.Length && IsRegular(Bytes[_position]))
            {
                _position++;
            }

            var keyword = Bytes[start.._position];
            if (_inArray)
            {
                // true, false or null inside an array: not text.
                return true;
            }

            var operation = keyword switch
            {
                [(byte)'q'] => Operation(TextOperator.Push, 0),
                [(byte)'Q'] => Operation(TextOperator.Pop, 0),
                [(byte)'c', (byte)'m'] => Operation(TextOperator.Transform, 6),
                [(byte)'B', (byte)'T'] => Operation(TextOperator.BeginText, 0),
                [(byte)'T', (byte)'f'] => _name is null ? Unsupported : Operation(TextOperator.Font, 1),
                [(byte)'T', (byte)'c'] => Operation(TextOperator.CharacterSpacing, 1),
                [(byte)'T', (byte)'w'] => Operation(TextOperator.WordSpacing, 1),
                [(byte)'T', (byte)'z'] => Operation(TextOperator.HorizontalScaling, 1),
                [(byte)'T', (byte)'L'] => Operation(TextOperator.Leading, 1),
                [(byte)'T', (byte)'D'] => Operation(TextOperator.MoveLineSetLeading, 2),
                [(byte)'T', (byte)'d'] => Operation(TextOperator.MoveLine, 2),
                [(byte)'T', (byte)'m'] => Operation(TextOperator.TextMatrix, 6),
                [(byte)'T', (byte)'*'] => Operation(TextOperator.NextLine, 0),
                [(byte)'T', (byte)'j'] => Operation(TextOperator.Show, 0),
                [(byte)'\''] => Operation(TextOperator.NextLineShow, 0),
                [(byte)'"'] => Operation(TextOperator.NextLineShowSpaced, 2),
                [(byte)'T', (byte)'J'] => new TextOperation(TextOperator.ShowPositioned, [], null, default, [.. _array]),
                [(byte)'D', (byte)'o'] or [(byte)'B', (byte)'I'] or [(byte)'I', (byte)'D'] => Unsupported,
                _ => null,
            };
            if (operation is not null)
            {
                _operations.Add(operation);
            }

            _numbers.Clear();
            _array.Clear();
            (_name, _codes) = (null, default);
            return !ReferenceEquals(operation, Unsupported);
        }

        // The last count numbers before the operator; too few is a syntax error.
        private TextOperation Operation(TextOperator kind, int count) =>
            _numbers.Count < count
                ? Unsupported
                : new TextOperation(kind, count == 0 ? [] : [.. _numbers[^count..]], _name, _codes, null);

        private static int HexValue(byte b) => b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };

        private static bool IsWhite(byte b) => b is 0 or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r' or (byte)' ';

        private static bool IsRegular(byte b) => !IsWhite(b) && b is not ((byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%');
    }
}
