using System.Text;

namespace DefectorLens.Interop.Qdpx;

/// <summary>Converts between REFI-QDA positions (Unicode characters) and the project's offsets (UTF-16 code units).</summary>
/// <remarks>
/// The two differ only after a character outside the Basic Multilingual Plane (an emoji, some historic scripts), so
/// texts without one take the fast path. NVivo is known to count UTF-16 code units like .NET; its files are read so.
/// </remarks>
internal sealed class TextPositions
{
    // Offsets (UTF-16) of the high surrogates, in order; empty for most texts.
    private readonly int[] _surrogates;

    public TextPositions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var surrogates = new List<int>();
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                surrogates.Add(i);
                i++;
            }
        }

        _surrogates = [.. surrogates];
        Characters = text.Length - _surrogates.Length;
    }

    /// <summary>The text's length in Unicode characters.</summary>
    public int Characters { get; }

    /// <summary>The character position of a UTF-16 offset.</summary>
    public long ToCharacters(int utf16)
    {
        if (_surrogates.Length == 0)
        {
            return utf16;
        }

        var before = Array.BinarySearch(_surrogates, utf16);
        var pairs = before >= 0 ? before : ~before;
        return utf16 - pairs;
    }

    /// <summary>The UTF-16 offset of a character position.</summary>
    public long ToUtf16(long characters)
    {
        var offset = characters;
        foreach (var surrogate in _surrogates)
        {
            if (surrogate < offset)
            {
                offset++;
            }
            else
            {
                break;
            }
        }

        return offset;
    }

    /// <summary>Where a UTF-16 offset into a text lands once the text is normalised to NFC.</summary>
    public static int AfterNormalisation(string text, int offset) =>
        text.AsSpan(0, offset).ToString().Normalize(NormalizationForm.FormC).Length;
}
