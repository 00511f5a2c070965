using System.Buffers;

namespace DefectorLens.Coding.Text;

/// <summary>Splits text into sentences: the unit the rule coder codes.</summary>
public static class Sentences
{
    /// <summary>The characters that can end a sentence.</summary>
    internal const string Terminators = "\n\r.!?\u061F\u2026";

    private static readonly SearchValues<char> TerminatorValues = SearchValues.Create(Terminators);

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
            var found = text.AsSpan(i).IndexOfAny(TerminatorValues);
            if (found < 0)
            {
                break;
            }

            i += found;
            var end = EndAt(text, i);
            if (end < 0)
            {
                i++;
                continue;
            }

            if (Trim(text, start, end) is { } sentence)
            {
                yield return sentence;
            }

            start = end;
            i = end;
        }

        if (Trim(text, start, text.Length) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Where the sentence that the terminator at <paramref name="at"/> ends stops, or -1 when it ends none.</summary>
    /// <param name="text">The text.</param>
    /// <param name="at">The place of one of <see cref="Terminators"/>.</param>
    /// <returns>The end of the sentence, exclusive: past the line break, or past the terminator and any closing quotes or brackets.</returns>
    internal static int EndAt(string text, int at)
    {
        if (text[at] is '\n' or '\r')
        {
            return at + 1;
        }

        var end = at + 1;
        while (end < text.Length && IsClosing(text[end]))
        {
            end++;
        }

        return end == text.Length || char.IsWhiteSpace(text[end]) ? end : -1;
    }

    /// <summary>The span without the white space around it, or null when nothing else is left.</summary>
    internal static (int Start, int End)? Trim(string text, int start, int end)
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

    private static bool IsClosing(char c) => c is '"' or '\'' or ')' or ']' or '»' or '\u201D' or '\u2019' or '\u201C' or '.' or '!' or '?';
}
