using System.Buffers;
using System.Text;
using System.Text.Unicode;
using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>Turns the bytes of a text file into a string, refusing anything that is not text.</summary>
/// <remarks>
/// Accepts UTF-8 with or without a byte-order mark, and UTF-16 (little or big endian) with one. A NUL character or an
/// invalid byte sequence means the file is binary or in a legacy encoding: guessing would store garbled testimony, so
/// the file is refused with the offset of the first bad byte.
/// </remarks>
internal static class TextDecoding
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Decodes a file's bytes, adding an error that gives the offset when they are not text.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, InputErrorList errors)
    {
        var decoded = Decode(bytes);
        if (decoded.BadByte is { } offset)
        {
            errors.Add(null, Messages.BinaryContent(offset));
            return null;
        }

        return decoded.Text;
    }

    private static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Utf8Bom))
        {
            return DecodeUtf8(bytes[Utf8Bom.Length..], Utf8Bom.Length);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return DecodeUtf16(bytes[2..], bigEndian: false);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return DecodeUtf16(bytes[2..], bigEndian: true);
        }

        return DecodeUtf8(bytes, 0);
    }

    private static DecodedText DecodeUtf8(ReadOnlySpan<byte> bytes, int skipped)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
            var text = chars.AsSpan(0, written);
            var nul = text.IndexOf('\0');
            if (nul >= 0)
            {
                // Before the NUL every character was valid UTF-8, so its byte offset is the UTF-8 length of what precedes it.
                return DecodedText.Bad(skipped + Encoding.UTF8.GetByteCount(text[..nul]));
            }

            return status == OperationStatus.Done ? DecodedText.Good(new string(text)) : DecodedText.Bad(skipped + read);
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

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul >= 0 ? DecodedText.Bad(bomLength + (2L * nul)) : DecodedText.Good(text);
    }

    /// <summary>The text of a file, or the offset of its first byte that is not text.</summary>
    private sealed record DecodedText(string? Text, long? BadByte)
    {
        public static DecodedText Good(string text) => new(text, null);

        public static DecodedText Bad(long offset) => new(null, offset);
    }
}
