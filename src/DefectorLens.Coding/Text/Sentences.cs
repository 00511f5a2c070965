using System.Buffers;

namespace DefectorLens.Coding.Text;

/// <summary>Splits text into sentences: the unit the rule coder codes.</summary>
public static class Sentences
{
    private static readonly SearchValues<char> Terminators = SearchValues.Create("\n\r.!?\u061F\u2026");

    /// <summary>The spans <c>[start, end)</c> of the sentences of a text, without surrounding white space.</summary>
    /// <remarks>
    /// A sentence ends after <c>. ! ? ؟ …</c> (with any closing quotes or brackets) followed by white space, or at a line
    /// break, so that each turn of a transcript and each paragraph starts a new sentence.
    /// </remarks>
    public static IEnumerable<(int Start, int End)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        var i = 0;
        while (true)
        {
            // Vectorised search for the next character that can end a sentence: most of a text is skipped in bulk.
            var found = text.AsSpan(i).IndexOfAny(Terminators);
            if (found < 0)
            {
                break;
            }

            i += found;
            if (text[i] is '\n' or '\r')
            {
                if (Trim(text, start, i) is { } line)
                {
                    yield return line;
                }

                start = i + 1;
                i++;
                continue;
            }

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
                i = end;
            }
            else
            {
                i++;
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
