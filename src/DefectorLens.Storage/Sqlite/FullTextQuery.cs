using System.Text;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Turns what a researcher types into an FTS5 query that punctuation cannot break.</summary>
/// <remarks>
/// Understood: words, <c>"quoted phrases"</c>, a trailing <c>*</c> for a prefix, and the operators <c>AND</c>, <c>OR</c>,
/// <c>NOT</c> written in capitals. Everything else is quoted as a phrase, so FTS5 sees no syntax in it: <c>al-Raqqa</c>
/// becomes <c>"al-Raqqa"</c>, which its tokenizer reads as the phrase <c>al raqqa</c>. Parentheses, column filters and
/// NEAR are not offered.
/// </remarks>
internal static class FullTextQuery
{
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "AND", "OR", "NOT" };

    /// <summary>The FTS5 query for <paramref name="query"/>; empty when it holds no term.</summary>
    public static string Translate(string query)
    {
        var terms = new List<string>();
        var position = 0;
        while (position < query.Length)
        {
            if (char.IsWhiteSpace(query[position]))
            {
                position++;
                continue;
            }

            var term = query[position] == '"' ? ReadPhrase(query, ref position) : ReadWord(query, ref position);
            if (term is not null)
            {
                terms.Add(term);
            }
        }

        return string.Join(' ', terms);
    }

    private static string? ReadPhrase(string query, ref int position)
    {
        var close = query.IndexOf('"', position + 1);
        var end = close < 0 ? query.Length : close;
        var phrase = query[(position + 1)..end];
        position = close < 0 ? query.Length : close + 1;
        var prefix = position < query.Length && query[position] == '*';
        if (prefix)
        {
            position++;
        }

        return Quote(phrase, prefix);
    }

    private static string? ReadWord(string query, ref int position)
    {
        var start = position;
        while (position < query.Length && !char.IsWhiteSpace(query[position]) && query[position] != '"')
        {
            position++;
        }

        var word = query[start..position];
        if (Operators.Contains(word))
        {
            return word;
        }

        var stem = word.TrimEnd('*');
        return Quote(stem, prefix: stem.Length < word.Length);
    }

    private static string? Quote(string text, bool prefix)
    {
        // A term with no letter or digit would reach FTS5 as an empty phrase, which matches nothing.
        if (!text.Any(char.IsLetterOrDigit))
        {
            return null;
        }

        var quoted = new StringBuilder(text.Length + 3).Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return prefix ? quoted.Append('*').ToString() : quoted.ToString();
    }
}
