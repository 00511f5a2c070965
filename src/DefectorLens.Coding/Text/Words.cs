namespace DefectorLens.Coding.Text;

/// <summary>Finds words: runs of letters and digits, in any script.</summary>
public static class Words
{
    /// <summary>The spans of the words within <c>[start, end)</c> of a text.</summary>
    public static List<(int Start, int End)> Of(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<(int, int)>();
        var i = start;
        while (i < end)
        {
            while (i < end && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var wordStart = i;
            while (i < end && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i > wordStart)
            {
                words.Add((wordStart, i));
            }
        }

        return words;
    }
}

/// <summary>Arabic writes conjunctions and prepositions onto the next word (و، ف، ب، ل، ك): the lexicon should still match.</summary>
public static class ArabicClitics
{
    /// <summary>The letters written onto a word: the conjunctions و، ف and the prepositions ب، ل، ك.</summary>
    public const string Letters = "\u0648\u0641\u0628\u0644\u0643";

    /// <summary>True for the conjunctions written onto a word: و (and), ف (so).</summary>
    public static bool IsConjunction(char c) => c is '\u0648' or '\u0641';

    /// <summary>True for the prepositions written onto a word: ب (with), ل (for), ك (like).</summary>
    public static bool IsPreposition(char c) => c is '\u0628' or '\u0644' or '\u0643';

    /// <summary>Where the stem of a word starts once its leading clitics (a conjunction, then a preposition) are set aside; 0 when it has none.</summary>
    /// <param name="first">The word's first (folded) letter.</param>
    /// <param name="second">Its second letter.</param>
    /// <param name="length">Its length in letters.</param>
    /// <remarks>The stem must keep at least three letters, so that short words are not mistaken for clitic + stem.</remarks>
    public static int StemStart(char first, char second, int length)
    {
        var start = length > 3 && IsConjunction(first) ? 1 : 0;
        var next = start == 0 ? first : second;
        return length - start > 3 && IsPreposition(next) ? start + 1 : start;
    }
}
