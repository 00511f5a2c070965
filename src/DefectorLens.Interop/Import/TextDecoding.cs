using System.Buffers;
using System.Text;
using System.Text.Unicode;
using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>The encoding a text file was found to be in.</summary>
internal enum TextEncoding
{
    /// <summary>UTF-8, with or without a byte-order mark.</summary>
    Utf8,

    /// <summary>UTF-16 with a byte-order mark.</summary>
    Utf16,

    /// <summary>Windows-1252 (Western European).</summary>
    Windows1252,

    /// <summary>Windows-1256 (Arabic).</summary>
    Windows1256,
}

/// <summary>Turns the bytes of a text file into a string, recognising its encoding and refusing anything that is not text.</summary>
/// <remarks>
/// A byte-order mark decides first (UTF-8, UTF-16 little or big endian). Without one, valid UTF-8 is UTF-8. Bytes that
/// are not UTF-8 are read as a legacy code page when nothing in them looks like UTF-8 (no multi-byte character before
/// the first bad byte, no character cut short at the end): Windows-1256 when the high bytes come in runs, as the
/// letters of Arabic words do, Windows-1252 when they stand alone among ASCII letters, as accents in French or German
/// do. A NUL or another control character means the file is binary: it is refused with the offset of the first bad byte.
/// </remarks>
internal static class TextDecoding
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    // Bytes Windows-1252 leaves undefined; Windows-1256 defines every byte.
    private static readonly SearchValues<byte> UndefinedIn1252 = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    // Tab, line feed, vertical tab, form feed and carriage return occur in text; the other C0 controls and DEL only in binary data.
    private static readonly SearchValues<char> ControlChars = SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(c => c is < '\t' or > '\r').Select(c => (char)c), (char)0x7F]);
    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(c => c is < '\t' or > '\r').Select(c => (byte)c), (byte)0x7F]);

    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    private static readonly Encoding Windows1256 = CodePagesEncodingProvider.Instance.GetEncoding(1256)!;

    /// <summary>Decodes a file's bytes, adding an error that gives the offset when they are not text.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, InputErrorList errors) => Decode(bytes, errors, out _);

    /// <summary>Decodes a file that must be Unicode (JSON is UTF-8 by definition): no legacy code page is tried.</summary>
    public static string? DecodeUnicode(ReadOnlySpan<byte> bytes, InputErrorList errors)
    {
        var decoded = Decode(bytes, allowLegacy: false);
        if (decoded.BadByte is { } offset)
        {
            errors.Add(null, Messages.BinaryContent(offset));
            return null;
        }

        return decoded.Text;
    }

    /// <summary>Decodes a file's bytes and says which encoding they were in.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, InputErrorList errors, out TextEncoding encoding)
    {
        var decoded = Decode(bytes, allowLegacy: true);
        encoding = decoded.Encoding;
        if (decoded.BadByte is { } offset)
        {
            errors.Add(null, Messages.BinaryContent(offset));
            return null;
        }

        return decoded.Text;
    }

    /// <summary>Which legacy code page single-byte text is more likely in.</summary>
    public static TextEncoding GuessCodePage(ReadOnlySpan<byte> bytes)
    {
        if (bytes.ContainsAny(UndefinedIn1252))
        {
            return TextEncoding.Windows1256;
        }

        var (high, inRuns) = (0, 0);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0x80)
            {
                continue;
            }

            high++;
            if ((i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.Length && bytes[i + 1] >= 0x80))
            {
                inRuns++;
            }
        }

        return high > 0 && inRuns * 2 > high ? TextEncoding.Windows1256 : TextEncoding.Windows1252;
    }

    private static DecodedText Decode(ReadOnlySpan<byte> bytes, bool allowLegacy)
    {
        if (bytes.StartsWith(Utf8Bom))
        {
            return DecodeUtf8(bytes[Utf8Bom.Length..], Utf8Bom.Length, legacyPossible: false);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return DecodeUtf16(bytes[2..], bigEndian: false);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return DecodeUtf16(bytes[2..], bigEndian: true);
        }

        return DecodeUtf8(bytes, 0, legacyPossible: allowLegacy);
    }

    private static DecodedText DecodeUtf8(ReadOnlySpan<byte> bytes, int skipped, bool legacyPossible)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
            var text = chars.AsSpan(0, written);
            var control = FirstControl(text);
            if (control >= 0)
            {
                // Before it every character was valid UTF-8, so its byte offset is the UTF-8 length of what precedes it.
                return DecodedText.Bad(skipped + Encoding.UTF8.GetByteCount(text[..control]));
            }

            if (status == OperationStatus.Done)
            {
                return DecodedText.Good(new string(text), TextEncoding.Utf8);
            }

            var sawMultiByte = read > written;
            if (!legacyPossible || sawMultiByte || IsCutShort(bytes[read..]) || ContainsControlByte(bytes))
            {
                return DecodedText.Bad(skipped + read);
            }

            var codePage = GuessCodePage(bytes);
            var encoding = codePage == TextEncoding.Windows1256 ? Windows1256 : Windows1252;
            return DecodedText.Good(encoding.GetString(bytes), codePage);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static DecodedText DecodeUtf16(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        const int bomLength = 2;
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true);
        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException invalid)
        {
            return DecodedText.Bad(bomLength + Math.Max(invalid.Index, 0));
        }

        var control = FirstControl(text);
        return control >= 0 ? DecodedText.Bad(bomLength + (2L * control)) : DecodedText.Good(text, TextEncoding.Utf16);
    }

    /// <summary>A lead byte followed by fewer continuation bytes than it announces, at the end of the file.</summary>
    private static bool IsCutShort(ReadOnlySpan<byte> rest)
    {
        if (rest.Length is 0 or > 3)
        {
            return false;
        }

        var needed = rest[0] switch
        {
            >= 0xC2 and <= 0xDF => 2,
            >= 0xE0 and <= 0xEF => 3,
            >= 0xF0 and <= 0xF4 => 4,
            _ => 0,
        };
        return needed > rest.Length && rest[1..].IndexOfAnyExceptInRange((byte)0x80, (byte)0xBF) < 0;
    }

    private static bool ContainsControlByte(ReadOnlySpan<byte> bytes) => bytes.ContainsAny(ControlBytes);

    // Searched a vector at a time: every file imported is scanned whole.
    private static int FirstControl(ReadOnlySpan<char> text) => text.IndexOfAny(ControlChars);

    /// <summary>The text of a file and its encoding, or the offset of its first byte that is not text.</summary>
    private sealed record DecodedText(string? Text, long? BadByte, TextEncoding Encoding)
    {
        public static DecodedText Good(string text, TextEncoding encoding) => new(text, null, encoding);

        public static DecodedText Bad(long offset) => new(null, offset, TextEncoding.Utf8);
    }
}
