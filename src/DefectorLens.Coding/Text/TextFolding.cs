using System.Buffers;
using System.Globalization;
using System.Text;

namespace DefectorLens.Coding.Text;

/// <summary>
/// Folds text for matching: lower case, no diacritics, one form for Arabic letter variants, no tatweel.
/// </summary>
/// <remarks>
/// Folding maps each UTF-16 unit to at most one unit, so a scanner can fold as it reads and report offsets in the
/// original text without keeping a folded copy.
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

    /// <summary>The folded form of every UTF-16 unit (<c>'\0'</c> for units folding drops), computed once.</summary>
    internal static readonly char[] Table = BuildTable();

    /// <summary>What every UTF-16 unit is to a word scanner, computed once from <see cref="Table"/>.</summary>
    internal static readonly CharKind[] Kinds = [.. Table.Select(c => c == Dropped ? CharKind.Dropped : char.IsLetterOrDigit(c) ? CharKind.Word : CharKind.Separator)];

    /// <summary>Folds a short string such as a lexicon phrase, without keeping offsets.</summary>
    public static string FoldPhrase(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var buffer = ArrayPool<char>.Shared.Rent(phrase.Length);
        try
        {
            return new string(buffer, 0, Fold(phrase, buffer));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Folds <paramref name="text"/> into <paramref name="destination"/> (at least as long) and returns the folded length.</summary>
    internal static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        var table = Table;
        var length = 0;
        foreach (var unit in text)
        {
            var c = table[unit];
            destination[length] = c;
            length += c == Dropped ? 0 : 1;
        }

        return length;
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

/// <summary>What a character is to a word scanner.</summary>
internal enum CharKind : byte
{
    /// <summary>Ends a word: white space, punctuation, symbols.</summary>
    Separator,

    /// <summary>Part of a word: a letter or digit once folded.</summary>
    Word,

    /// <summary>Dropped by folding (a vowel mark, tatweel): neither part of a word nor a break in it.</summary>
    Dropped,
}
