using System.Collections.Immutable;
using System.Text;
using DefectorLens.Core.Codebooks;

namespace DefectorLens.Interop.Qdpx;

/// <summary>A code's definition, criteria, examples, lexicon and id written as the one Description REFI-QDA allows, and read back.</summary>
/// <remarks>
/// Written as labelled plain-text sections so that a colleague reading it in NVivo or MAXQDA sees the criteria, and so
/// that DefectorLens can read them back. A description another tool wrote, without the labels, is all definition.
/// </remarks>
internal static class CodeDescriptions
{
    private const string Include = "Include:";
    private const string Exclude = "Exclude:";
    private const string Examples = "Examples:";
    private const string Lexicon = "Lexicon:";
    private const string IdLabel = "Code id: ";

    /// <summary>What a description holds.</summary>
    public sealed record Parts(
        string Definition, ImmutableArray<string> Include, ImmutableArray<string> Exclude, ImmutableArray<string> Examples,
        ImmutableArray<LexiconRule> Lexicon, string? Id);

    /// <summary>Writes a code's description.</summary>
    public static string Write(Code code)
    {
        var text = new StringBuilder(code.Definition.Trim());
        Section(text, Include, code.Include);
        Section(text, Exclude, code.Exclude);
        Section(text, Examples, code.Examples);
        Section(text, Lexicon, [.. code.Lexicon.Select(rule => $"{rule.Language}: {rule.Pattern}")]);
        Separate(text);
        text.Append(IdLabel).Append(code.Id.Value);
        return text.ToString();
    }

    /// <summary>Reads a description back into its parts.</summary>
    public static Parts Read(string? description)
    {
        var definition = new List<string>();
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            [Include] = [], [Exclude] = [], [Examples] = [], [Lexicon] = [],
        };
        string? id = null;
        List<string>? current = null;
        foreach (var raw in (description ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (lists.TryGetValue(line, out var list))
            {
                current = list;
            }
            else if (line.StartsWith(IdLabel, StringComparison.Ordinal))
            {
                id = line[IdLabel.Length..].Trim();
                current = null;
            }
            else if (current is not null && line.StartsWith("- ", StringComparison.Ordinal))
            {
                current.Add(line[2..].Trim());
            }
            else if (current is null)
            {
                definition.Add(raw);
            }
        }

        var lexicon = lists[Lexicon]
            .Select(entry => entry.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim().Length > 0 && parts[1].Trim().Length > 0)
            .Select(parts => new LexiconRule(parts[0].Trim(), parts[1].Trim()));
        return new Parts(
            string.Join('\n', definition).Trim(), [.. lists[Include]], [.. lists[Exclude]], [.. lists[Examples]], [.. lexicon], id);
    }

    private static void Section(StringBuilder text, string label, IReadOnlyCollection<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        Separate(text);
        text.Append(label).Append('\n');
        foreach (var item in items)
        {
            text.Append("- ").Append(item.Replace('\n', ' ')).Append('\n');
        }
    }

    private static void Separate(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }

        text.Append(text[^1] == '\n' ? "\n" : "\n\n");
    }
}
