using System.Globalization;
using System.Text;

namespace DefectorLens.Coding.Text;

/// <summary>
/// Folds text for matching: lower case, no diacritics, one form for Arabic letter variants, no tatweel.
/// </summary>
/// <remarks>
/// Folding maps each UTF-16 unit to at most one unit, so a match in folded text maps back to the original text
/// through <see cref="FoldedText.OriginalOffset"/> without re-scanning.
/// </remarks>
public static class TextFolding
{
    private const char Dropped = '\0';

    private static readonly (char Variant, char Standard)[] ArabicVariants =
    [
        ('\u0623', '\u0627'), // أ → ا
        ('\u0625', '\u0627'), // إ → ا
        ('\u0622', '\u0627'), // آ → ا
        ('\u0671', '\u0627'), // ٱ → ا
        ('\u0649', '\u064A'), // ى → ي
        ('\u0629', '\u0647'), // ة → ه
        ('\u0624', '\u0648'), // ؤ → و
        ('\u0626', '\u064A'), // ئ → ي
        ('\u06CC', '\u064A'), // Persian yeh → ي
        ('\u06A9', '\u0643'), // Persian kaf → ك
    ];

    // One entry per UTF-16 unit, computed once: folding becomes a table lookup per character.
    private static readonly char[] Table = BuildTable();

    /// <summary>Folds a text, keeping the offset of every folded character in the original.</summary>
    public static FoldedText Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = new char[text.Length];
        var offsets = new int[text.Length + 1];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = Table[text[i]];
            if (c != Dropped)
            {
                folded[length] = c;
                offsets[length] = i;
                length++;
            }
        }

        offsets[length] = text.Length;
        return new FoldedText(new string(folded, 0, length), offsets.AsMemory(0, length + 1));
    }

    /// <summary>Folds a short string such as a lexicon phrase, without keeping offsets.</summary>
    public static string FoldPhrase(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var builder = new StringBuilder(phrase.Length);
        foreach (var unit in phrase)
        {
            if (Table[unit] is var c && c != Dropped)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            table[i] = char.IsSurrogate(c) ? c : FoldOne(c);
        }

        foreach (var (variant, standard) in ArabicVariants)
        {
            table[variant] = standard;
        }

        table['\u0640'] = Dropped; // tatweel stretches a word and carries no meaning
        table['\u00AD'] = Dropped; // soft hyphen
        table['\u200C'] = Dropped; // zero-width non-joiner
        table['\u200D'] = Dropped; // zero-width joiner
        table['\u2019'] = '\'';
        table['\u2018'] = '\'';
        return table;
    }

    private static char FoldOne(char c)
    {
        if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return Dropped;
        }

        var lower = char.ToLowerInvariant(c);
        if (!char.IsLetter(lower))
        {
            return lower;
        }

        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        foreach (var part in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
            {
                return part;
            }
        }

        return lower;
    }
}

/// <summary>A folded text and, for each of its characters, the offset of the character it came from.</summary>
/// <param name="Text">The folded text.</param>
/// <param name="Offsets">Original offset of each folded character, plus the original length at the end.</param>
public readonly record struct FoldedText(string Text, ReadOnlyMemory<int> Offsets)
{
    /// <summary>The original offset of the folded character at <paramref name="index"/> (or the original length at the end).</summary>
    public int OriginalOffset(int index) => Offsets.Span[index];

    /// <summary>The original span <c>[start, end)</c> covering folded characters <c>[foldedStart, foldedEnd)</c>.</summary>
    /// <remarks>Characters dropped by folding (such as Arabic vowel marks) after the last folded character are included.</remarks>
    public (int Start, int End) OriginalSpan(int foldedStart, int foldedEnd) => (Offsets.Span[foldedStart], Offsets.Span[foldedEnd]);
}
