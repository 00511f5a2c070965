namespace DefectorLens.Coding.Text;

/// <summary>Splits text into sentences: the unit the rule coder codes.</summary>
public static class Sentences
{
    /// <summary>The spans <c>[start, end)</c> of the sentences of a text, without surrounding white space.</summary>
    /// <remarks>
    /// A sentence ends after <c>. ! ? ؟ …</c> (with any closing quotes or brackets) followed by white space, or at a line
    /// break, so that each turn of a transcript and each paragraph starts a new sentence.
    /// </remarks>
    public static IEnumerable<(int Start, int End)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                if (Trim(text, start, i) is { } line)
                {
                    yield return line;
                }

                start = i + 1;
            }
            else if (c is '.' or '!' or '?' or '\u061F' or '\u2026')
            {
                var end = i + 1;
                while (end < text.Length && IsClosing(text[end]))
                {
                    end++;
                }

                if (end == text.Length || char.IsWhiteSpace(text[end]))
                {
                    if (Trim(text, start, end) is { } sentence)
                    {
                        yield return sentence;
                    }

                    start = end;
                    i = end - 1;
                }
            }
        }

        if (Trim(text, start, text.Length) is { } last)
        {
            yield return last;
        }
    }

    private static bool IsClosing(char c) => c is '"' or '\'' or ')' or ']' or '»' or '\u201D' or '\u2019' or '\u201C' or '.' or '!' or '?';

    private static (int Start, int End)? Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end > start ? (start, end) : null;
    }
}
