using System.Collections.Frozen;

namespace DefectorLens.Interop.Import;

/// <summary>The shape of language codes, and the language of a text when none is given.</summary>
public static class Languages
{
    // How many words are enough to tell the languages apart; reading more costs time and changes nothing.
    private const int WordsRead = 400;

    // Fewer function words than this and a heading or a list of names could pass for a language.
    private const int MinimumHits = 5;

    // The commonest function words of each language, which any running text is full of and which barely overlap.
    private static readonly Dictionary<string, string[]> StopWords = new(StringComparer.Ordinal)
    {
        ["en"] = Words("the and of to in that was he is it for with as his on they we had at but not from this be by have are were who said"),
        ["fr"] = Words("le la les des et est une un du que qui dans pour pas sur il elle ils au aux avec ce nous été sont mais plus par son ses"),
        ["de"] = Words("der die das und ist nicht ein eine zu den von mit sich des auf für im dem er sie es wir war wurde auch nach bei aus sagte"),
    };

    private static readonly string[] Codes = [.. StopWords.Keys.Order(StringComparer.Ordinal)];

    // Each function word with the languages it belongs to, bit i for Codes[i]: one lookup per word instead of one per language.
    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> LanguagesOf = StopWords
        .SelectMany(list => list.Value.Select(word => (Word: word, Bit: 1 << Array.IndexOf(Codes, list.Key))))
        .GroupBy(entry => entry.Word, StringComparer.Ordinal)
        .ToFrozenDictionary(group => group.Key, group => group.Aggregate(0, (bits, entry) => bits | entry.Bit), StringComparer.Ordinal)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int LongestStopWord = StopWords.Values.SelectMany(list => list).Max(word => word.Length);

    // The Arabic, Arabic Supplement and Arabic Presentation Forms blocks.
    private static readonly (char First, char Last)[] ArabicBlocks = [('\u0600', '\u06FF'), ('\u0750', '\u077F'), ('\uFB50', '\uFEFF')];

    /// <summary>The code in lower case when it is two ASCII letters, the shape of an ISO 639-1 code; otherwise null.</summary>
    internal static string? Normalise(string code) =>
        code.Length == 2 && char.IsAsciiLetter(code[0]) && char.IsAsciiLetter(code[1])
            ? string.Concat(char.ToLowerInvariant(code[0]), char.ToLowerInvariant(code[1]))
            : null;

    /// <summary>The ISO 639-1 code of the text's language (<c>ar</c>, <c>en</c>, <c>fr</c>, <c>de</c>), or null when unsure.</summary>
    /// <remarks>
    /// Arabic is told by its script: most letters in the Arabic block. The Latin-script languages by their function
    /// words: the language whose list matches most of the first <c>400</c> words wins, if it matches at least 5 and
    /// clearly more than the runner-up; otherwise the text is too short or too mixed to say.
    /// </remarks>
    public static string? Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsMostlyArabic(text.AsSpan(0, Math.Min(text.Length, 4000))))
        {
            return "ar";
        }

        // Word by word over spans: no string is made for a word, which once made detection cost as much as parsing a text file.
        Span<int> hits = stackalloc int[Codes.Length];
        Span<char> lower = stackalloc char[LongestStopWord];
        var (words, start) = (0, -1);
        for (var i = 0; i <= text.Length && words < WordsRead; i++)
        {
            var inWord = i < text.Length && char.IsLetter(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = text.AsSpan(start, i - start);
                if (word.Length <= LongestStopWord)
                {
                    if (LanguagesOf.TryGetValue(lower[..word.ToLowerInvariant(lower)], out var languages))
                    {
                        for (var code = 0; code < Codes.Length; code++)
                        {
                            hits[code] += (languages >> code) & 1;
                        }
                    }
                }

                words++;
                start = -1;
            }
        }

        // The most hits wins; between equal counts, the code first in ordinal order, so that the result is stable.
        var (best, second) = (0, -1);
        for (var code = 1; code < Codes.Length; code++)
        {
            if (hits[code] > hits[best])
            {
                (best, second) = (code, best);
            }
            else if (second < 0 || hits[code] > hits[second])
            {
                second = code;
            }
        }

        return hits[best] >= MinimumHits && hits[best] > hits[second] * 3 / 2 ? Codes[best] : null;
    }

    private static bool IsMostlyArabic(ReadOnlySpan<char> text)
    {
        // Most texts have no Arabic letter at all, which a vectorised search of each block tells at once; only those
        // that do are counted letter by letter.
        var any = false;
        foreach (var (first, last) in ArabicBlocks)
        {
            any = any || text.ContainsAnyInRange(first, last);
        }

        if (!any)
        {
            return false;
        }

        var (letters, arabic) = (0, 0);
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                arabic += IsArabic(c) ? 1 : 0;
            }
        }

        return arabic * 2 > letters;
    }

    private static bool IsArabic(char c)
    {
        foreach (var (first, last) in ArabicBlocks)
        {
            if (c >= first && c <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Words(string list) => list.Split(' ');
}
