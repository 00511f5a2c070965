using System.Collections.Frozen;
using DefectorLens.Coding.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Rules;

/// <summary>Finds lexicon phrases in text, whole words only, with prefix wildcards, Arabic clitics and simple negation.</summary>
/// <remarks>
/// <para>
/// The lexicon is compiled once into two automata. A character trie reads each word of the text as it is folded, once,
/// and turns it into the lexicon words it is (exact) or starts with (prefix wildcard); a phrase automaton over those word
/// tokens then follows consecutive words. A text is read once, without allocating, whatever the size of the lexicon.
/// </para>
/// <para>
/// A phrase preceded within <see cref="NegationWindow"/> words by a negation ("never", "jamais", "nie", "لم") does not count:
/// "I was never tortured" is not evidence of brutality.
/// </para>
/// </remarks>
internal sealed class LexiconMatcher
{
    private const int NegationWindow = 3;
    private const char Wildcard = '*';
    private const int None = -1;
    private const int MaxPrefixTokensPerWalk = 4;

    private static readonly string[] NegationCues =
    [
        "not", "never", "no", "nor", "didn", "wasn", "weren", "don", "doesn", "hadn", "haven", "isn", "aren", "nobody", "nothing",
        "ne", "n", "jamais", "pas", "aucun", "aucune", "sans",
        "nicht", "nie", "niemals", "kein", "keine", "keinen", "keiner", "ohne",
        "لم", "لا", "لن", "ليس", "ما", "بدون", "دون",
    ];

    private readonly CharTrie _words;
    private readonly FrozenDictionary<long, int> _phraseNext;
    private readonly Hit[][] _phraseHits;
    private readonly bool[] _phraseContinues;

    private LexiconMatcher(CharTrie words, FrozenDictionary<long, int> phraseNext, Hit[][] phraseHits, bool[] phraseContinues)
    {
        _words = words;
        _phraseNext = phraseNext;
        _phraseHits = phraseHits;
        _phraseContinues = phraseContinues;
    }

    /// <summary>Compiles the rules of the given codes, keeping those whose language is accepted.</summary>
    public static LexiconMatcher Compile(IEnumerable<Code> codes, Func<string, bool> acceptLanguage)
    {
        var trie = new CharTrie.Builder();
        foreach (var cue in NegationCues)
        {
            trie.AddNegation(TextFolding.FoldPhrase(cue));
        }

        var phraseNext = new Dictionary<long, int>();
        var phraseHits = new List<List<Hit>> { new() };
        foreach (var code in codes)
        {
            foreach (var rule in code.Lexicon.Where(rule => acceptLanguage(rule.Language)))
            {
                var words = WordsWithWildcards(rule.Pattern);
                if (words.Count == 0)
                {
                    continue;
                }

                var state = 0;
                foreach (var (word, isPrefix) in words)
                {
                    var token = trie.AddWord(word, isPrefix);
                    var key = Key(state, token);
                    if (!phraseNext.TryGetValue(key, out var next))
                    {
                        next = phraseHits.Count;
                        phraseHits.Add([]);
                        phraseNext.Add(key, next);
                    }

                    state = next;
                }

                phraseHits[state].Add(new Hit(code.Id, rule));
            }
        }

        var continues = new bool[phraseHits.Count];
        foreach (var key in phraseNext.Keys)
        {
            continues[(int)(key >> 32)] = true;
        }

        return new LexiconMatcher(
            trie.Build(), phraseNext.ToFrozenDictionary(), [.. phraseHits.Select(hits => hits.ToArray())], continues);
    }

    /// <summary>Adds to <paramref name="hits"/> every phrase found in <c>text[start..end)</c>, as the code and the rule that fired.</summary>
    /// <remarks>Safe to call from several threads at once: all state of a scan lives on the stack and in <paramref name="scratch"/>.</remarks>
    public void Find(string text, int start, int end, Scratch scratch, List<Hit> hits)
    {
        var fold = TextFolding.Table;
        var kinds = TextFolding.Kinds;
        Span<int> prefixes = stackalloc int[3 * MaxPrefixTokensPerWalk];
        Span<int> prefixCounts = stackalloc int[3];
        Span<int> tokens = stackalloc int[3 * (MaxPrefixTokensPerWalk + 1)];
        scratch.Reset();
        ulong negations = 0;
        var wordIndex = -1;
        var i = start;
        while (i < end)
        {
            if (kinds[text[i]] != CharKind.Word)
            {
                i++;
                continue;
            }

            wordIndex++;
            int walk0 = 0, walk1 = None, walk2 = None, length = 0;
            char first = '\0', second = '\0';
            prefixCounts.Clear();
            for (; i < end; i++)
            {
                var c = text[i];
                var kind = kinds[c];
                if (kind == CharKind.Separator)
                {
                    break;
                }

                if (kind == CharKind.Dropped)
                {
                    continue;
                }

                var folded = fold[c];
                if (walk0 == None && walk1 == None && walk2 == None && length > 1)
                {
                    // No lexicon word starts this way: only the word's length is still needed.
                    length++;
                    continue;
                }

                walk0 = Step(walk0, folded, 0, prefixes, prefixCounts);
                walk1 = Step(walk1, folded, 1, prefixes, prefixCounts);
                walk2 = Step(walk2, folded, 2, prefixes, prefixCounts);
                if (length == 0)
                {
                    first = folded;
                    walk1 = ArabicClitics.IsConjunction(folded) || ArabicClitics.IsPreposition(folded) ? 0 : None;
                }
                else if (length == 1)
                {
                    second = folded;
                    walk2 = ArabicClitics.IsConjunction(first) && ArabicClitics.IsPreposition(folded) ? 0 : None;
                }

                length++;
            }

            var tokenCount = 0;
            AddTokens(walk0, 0, prefixes, prefixCounts, tokens, ref tokenCount);
            var stem = ArabicClitics.StemStart(first, second, length);
            if (stem == 1)
            {
                AddTokens(walk1, 1, prefixes, prefixCounts, tokens, ref tokenCount);
            }
            else if (stem == 2)
            {
                AddTokens(walk2, 2, prefixes, prefixCounts, tokens, ref tokenCount);
            }

            negations = (negations << 1) | (walk0 > 0 && _words.IsNegation(walk0) ? 1UL : 0UL);
            Advance(tokens[..tokenCount], wordIndex, negations, scratch, hits);
        }
    }

    private int Step(int node, char c, int walk, Span<int> prefixes, Span<int> prefixCounts)
    {
        if (node == None)
        {
            return None;
        }

        var next = _words.Next(node, c);
        if (next != None && _words.PrefixToken(next) is var prefix and not None && prefixCounts[walk] < MaxPrefixTokensPerWalk)
        {
            prefixes[(walk * MaxPrefixTokensPerWalk) + prefixCounts[walk]++] = prefix;
        }

        return next;
    }

    private void AddTokens(int node, int walk, ReadOnlySpan<int> prefixes, ReadOnlySpan<int> prefixCounts, Span<int> tokens, ref int count)
    {
        if (node > 0 && _words.ExactToken(node) is var exact and not None)
        {
            tokens[count++] = exact;
        }

        foreach (var prefix in prefixes.Slice(walk * MaxPrefixTokensPerWalk, prefixCounts[walk]))
        {
            tokens[count++] = prefix;
        }
    }

    // Phrases follow consecutive words: a word that is no lexicon token ends every phrase under way.
    private void Advance(ReadOnlySpan<int> tokens, int wordIndex, ulong negations, Scratch scratch, List<Hit> hits)
    {
        scratch.BeginWord();
        if (tokens.IsEmpty)
        {
            return;
        }

        // Every word may start a phrase (state 0), besides continuing those under way.
        Follow(0, wordIndex, tokens, wordIndex, negations, scratch, hits);
        foreach (var (state, firstWord) in scratch.Previous)
        {
            Follow(state, firstWord, tokens, wordIndex, negations, scratch, hits);
        }
    }

    private void Follow(int state, int firstWord, ReadOnlySpan<int> tokens, int wordIndex, ulong negations, Scratch scratch, List<Hit> hits)
    {
        foreach (var token in tokens)
        {
            if (!_phraseNext.TryGetValue(Key(state, token), out var next))
            {
                continue;
            }

            if (_phraseHits[next].Length > 0 && !IsNegated(negations, wordIndex - firstWord))
            {
                hits.AddRange(_phraseHits[next]);
            }

            if (_phraseContinues[next])
            {
                scratch.Keep(next, firstWord);
            }
        }
    }

    // Bit k of the mask is the word k words back from the current one; the phrase began 'span' words back.
    private static bool IsNegated(ulong negations, int span)
    {
        var before = span + 1;
        return before < 64 - NegationWindow && (negations & (((1UL << NegationWindow) - 1) << before)) != 0;
    }

    private static long Key(int state, int token) => ((long)state << 32) | (uint)token;

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

    /// <summary>The phrases under way during one scan, reused from sentence to sentence.</summary>
    internal sealed class Scratch
    {
        private List<(int State, int FirstWord)> _previous = [];
        private List<(int State, int FirstWord)> _current = [];

        /// <summary>The phrases under way before the current word.</summary>
        public List<(int State, int FirstWord)> Previous => _previous;

        /// <summary>Forgets every phrase, before a new span.</summary>
        public void Reset()
        {
            _previous.Clear();
            _current.Clear();
        }

        /// <summary>Moves the phrases kept at the last word to <see cref="Previous"/>.</summary>
        public void BeginWord()
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }

        /// <summary>Keeps a phrase under way for the next word.</summary>
        public void Keep(int state, int firstWord) => _current.Add((state, firstWord));
    }

    /// <summary>The lexicon's words as a trie of folded characters, flattened into arrays.</summary>
    private sealed class CharTrie
    {
        private readonly int[] _root;
        private readonly int[] _edgeStart;
        private readonly char[] _edgeChar;
        private readonly int[] _edgeTarget;
        private readonly int[] _exact;
        private readonly int[] _prefix;
        private readonly bool[] _negation;

        private CharTrie(int[] root, int[] edgeStart, char[] edgeChar, int[] edgeTarget, int[] exact, int[] prefix, bool[] negation)
        {
            (_root, _edgeStart, _edgeChar, _edgeTarget) = (root, edgeStart, edgeChar, edgeTarget);
            (_exact, _prefix, _negation) = (exact, prefix, negation);
        }

        public int Next(int node, char c)
        {
            if (node == 0)
            {
                return _root[c] is var child and > 0 ? child : None;
            }

            for (var e = _edgeStart[node]; e < _edgeStart[node + 1]; e++)
            {
                var edge = _edgeChar[e];
                if (edge == c)
                {
                    return _edgeTarget[e];
                }

                if (edge > c)
                {
                    break;
                }
            }

            return None;
        }

        public int ExactToken(int node) => _exact[node];

        public int PrefixToken(int node) => _prefix[node];

        public bool IsNegation(int node) => _negation[node];

        public sealed class Builder
        {
            private readonly List<SortedDictionary<char, int>> _children = [new()];
            private readonly List<int> _exact = [None];
            private readonly List<int> _prefix = [None];
            private readonly List<bool> _negation = [false];
            private readonly Dictionary<(string, bool), int> _tokens = [];

            public int AddWord(string word, bool isPrefix)
            {
                if (!_tokens.TryGetValue((word, isPrefix), out var token))
                {
                    token = _tokens.Count;
                    _tokens.Add((word, isPrefix), token);
                    var node = NodeFor(word);
                    (isPrefix ? _prefix : _exact)[node] = token;
                }

                return token;
            }

            public void AddNegation(string word) => _negation[NodeFor(word)] = true;

            public CharTrie Build()
            {
                var root = new int[char.MaxValue + 1];
                foreach (var (c, child) in _children[0])
                {
                    root[c] = child;
                }

                var edgeStart = new int[_children.Count + 1];
                var edgeChar = new List<char>();
                var edgeTarget = new List<int>();
                for (var node = 0; node < _children.Count; node++)
                {
                    edgeStart[node] = edgeChar.Count;
                    if (node > 0)
                    {
                        edgeChar.AddRange(_children[node].Keys);
                        edgeTarget.AddRange(_children[node].Values);
                    }
                }

                edgeStart[_children.Count] = edgeChar.Count;
                return new CharTrie(root, edgeStart, [.. edgeChar], [.. edgeTarget], [.. _exact], [.. _prefix], [.. _negation]);
            }

            private int NodeFor(string word)
            {
                var node = 0;
                foreach (var c in word)
                {
                    if (!_children[node].TryGetValue(c, out var child))
                    {
                        child = _children.Count;
                        _children.Add(new SortedDictionary<char, int>());
                        _exact.Add(None);
                        _prefix.Add(None);
                        _negation.Add(false);
                        _children[node].Add(c, child);
                    }

                    node = child;
                }

                return node;
            }
        }
    }
}
