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
    /// <summary>The word without its leading clitics (a conjunction, then a preposition), or empty when it has none.</summary>
    /// <remarks>The stem must keep at least three letters, so that short words are not mistaken for clitic + stem.</remarks>
    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> word)
    {
        var start = 0;
        if (word.Length - start > 3 && word[start] is '\u0648' or '\u0641')
        {
            start++;
        }

        if (word.Length - start > 3 && word[start] is '\u0628' or '\u0644' or '\u0643')
        {
            start++;
        }

        return start == 0 ? [] : word[start..];
    }
}
