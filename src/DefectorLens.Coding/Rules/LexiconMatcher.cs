using System.Collections.Frozen;
using DefectorLens.Coding.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Rules;

/// <summary>Finds lexicon phrases in folded text, whole words only, with prefix wildcards and simple negation.</summary>
/// <remarks>
/// Phrases are compiled once into a trie of words, so a text is read once whatever the size of the lexicon.
/// A phrase preceded within <see cref="NegationWindow"/> words by a negation ("never", "jamais", "nie", "لم")
/// does not count: "I was never tortured" is not evidence of brutality.
/// </remarks>
internal sealed class LexiconMatcher
{
    private const int NegationWindow = 3;
    private const char Wildcard = '*';

    private static readonly FrozenSet<string> NegationCues = new[]
    {
        "not", "never", "no", "nor", "didn", "wasn", "weren", "don", "doesn", "hadn", "haven", "isn", "aren", "nobody", "nothing",
        "ne", "n", "jamais", "pas", "aucun", "aucune", "sans",
        "nicht", "nie", "niemals", "kein", "keine", "keinen", "keiner", "ohne",
        "لم", "لا", "لن", "ليس", "ما", "بدون", "دون",
    }.Select(TextFolding.FoldPhrase).ToFrozenSet(StringComparer.Ordinal);

    private readonly Node _root;

    private LexiconMatcher(Node root) => _root = root;

    /// <summary>Compiles the rules of the given codes, keeping those whose language is accepted.</summary>
    public static LexiconMatcher Compile(IEnumerable<Code> codes, Func<string, bool> acceptLanguage)
    {
        var root = new Node();
        foreach (var code in codes)
        {
            foreach (var rule in code.Lexicon.Where(rule => acceptLanguage(rule.Language)))
            {
                root.Add(WordsWithWildcards(rule.Pattern), new Hit(code.Id, rule));
            }
        }

        root.Freeze();
        return new LexiconMatcher(root);
    }

    /// <summary>Every phrase found in the folded span <c>[start, end)</c>, as the code and the rule that fired.</summary>
    public IEnumerable<Hit> Find(string folded, int start, int end)
    {
        var words = Words.Of(folded, start, end);
        for (var i = 0; i < words.Count; i++)
        {
            var hits = new List<Hit>();
            Walk(_root, folded, words, i, hits);
            if (hits.Count > 0 && !IsNegated(folded, words, i))
            {
                foreach (var hit in hits)
                {
                    yield return hit;
                }
            }
        }
    }

    private static void Walk(Node node, string folded, IReadOnlyList<(int Start, int End)> words, int index, List<Hit> hits)
    {
        hits.AddRange(node.Hits);
        if (index >= words.Count || node.IsLeaf)
        {
            return;
        }

        var word = folded.AsSpan(words[index].Start, words[index].End - words[index].Start);
        foreach (var next in node.Next(word))
        {
            Walk(next, folded, words, index + 1, hits);
        }
    }

    private static bool IsNegated(string folded, IReadOnlyList<(int Start, int End)> words, int index)
    {
        for (var i = Math.Max(0, index - NegationWindow); i < index; i++)
        {
            if (NegationCues.Contains(folded[words[i].Start..words[i].End]))
            {
                return true;
            }
        }

        return false;
    }

    private static List<(string Word, bool IsPrefix)> WordsWithWildcards(string pattern)
    {
        var folded = TextFolding.FoldPhrase(pattern);
        var result = new List<(string, bool)>();
        foreach (var (start, end) in Words.Of(folded, 0, folded.Length))
        {
            var isPrefix = end < folded.Length && folded[end] == Wildcard;
            result.Add((folded[start..end], isPrefix));
        }

        return result;
    }

    /// <summary>A phrase found: the code it signals and the rule that holds it.</summary>
    /// <param name="Code">The code.</param>
    /// <param name="Rule">The lexicon rule.</param>
    internal sealed record Hit(CodeId Code, LexiconRule Rule);

    private sealed class Node
    {
        private readonly Dictionary<string, Node> _exact = new(StringComparer.Ordinal);
        private readonly List<(string Prefix, Node Next)> _prefixes = [];
        private readonly List<Hit> _hits = [];
        private FrozenDictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public IReadOnlyList<Hit> Hits => _hits;

        public bool IsLeaf => _exact.Count == 0 && _prefixes.Count == 0;

        public void Add(List<(string Word, bool IsPrefix)> words, Hit hit)
        {
            if (words.Count == 0)
            {
                return;
            }

            var node = this;
            foreach (var (word, isPrefix) in words)
            {
                node = isPrefix ? node.PrefixChild(word) : node.ExactChild(word);
            }

            node._hits.Add(hit);
        }

        public void Freeze()
        {
            _lookup = _exact.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var child in _exact.Values.Concat(_prefixes.Select(p => p.Next)))
            {
                child.Freeze();
            }
        }

        public List<Node> Next(ReadOnlySpan<char> word)
        {
            var found = new List<Node>(2);
            Collect(word, found);
            if (ArabicClitics.Strip(word) is { IsEmpty: false } stem)
            {
                Collect(stem, found);
            }

            return found;
        }

        private void Collect(ReadOnlySpan<char> word, List<Node> found)
        {
            if (_lookup.TryGetValue(word, out var exact))
            {
                found.Add(exact);
            }

            foreach (var (prefix, next) in _prefixes)
            {
                if (word.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add(next);
                }
            }
        }

        private Node ExactChild(string word)
        {
            if (!_exact.TryGetValue(word, out var child))
            {
                child = new Node();
                _exact.Add(word, child);
            }

            return child;
        }

        private Node PrefixChild(string prefix)
        {
            foreach (var (existing, next) in _prefixes)
            {
                if (string.Equals(existing, prefix, StringComparison.Ordinal))
                {
                    return next;
                }
            }

            var child = new Node();
            _prefixes.Add((prefix, child));
            return child;
        }
    }
}
