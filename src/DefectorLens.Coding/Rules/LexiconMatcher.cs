using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DefectorLens.Coding.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Rules;

/// <summary>Finds lexicon phrases in text, whole words only, with prefix wildcards, Arabic clitics and simple negation.</summary>
/// <remarks>
/// <para>
/// The lexicon is compiled once into two automata. A character trie reads each word of the text once, one table step per character,
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

    // The phrase automaton's start state: no phrase leads back to it, so it also stands for "no transition".
    private const int Start = 0;

    /// <summary>The words that negate a phrase following within <see cref="NegationWindow"/> words.</summary>
    internal static readonly string[] NegationCues =
    [
        "not", "never", "no", "nor", "didn", "wasn", "weren", "don", "doesn", "hadn", "haven", "isn", "aren", "nobody", "nothing",
        "ne", "n", "jamais", "pas", "aucun", "aucune", "sans",
        "nicht", "nie", "niemals", "kein", "keine", "keinen", "keiner", "ohne",
        "لم", "لا", "لن", "ليس", "ما", "بدون", "دون",
    ];

    private readonly CharTrie _words;
    private readonly int[] _startNext;
    private readonly int[] _edgeStart;
    private readonly int[] _edgeToken;
    private readonly int[] _edgeTarget;
    private readonly Hit[][] _phraseHits;
    private readonly bool[] _phraseContinues;

    private LexiconMatcher(CharTrie words, int[] startNext, int[] edgeStart, int[] edgeToken, int[] edgeTarget, Hit[][] phraseHits, bool[] phraseContinues)
    {
        _words = words;
        (_startNext, _edgeStart, _edgeToken, _edgeTarget) = (startNext, edgeStart, edgeToken, edgeTarget);
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

                var state = Start;
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
        var startNext = new int[phraseNext.Keys.Select(key => (int)key + 1).DefaultIfEmpty(0).Max()];
        var edgeStart = new int[phraseHits.Count + 1];
        var edges = phraseNext.Where(edge => edge.Key >> 32 != Start).OrderBy(edge => edge.Key).ToList();
        foreach (var (key, next) in phraseNext)
        {
            var state = (int)(key >> 32);
            continues[state] = true;
            if (state == Start)
            {
                startNext[(int)key] = next;
            }
            else
            {
                edgeStart[state + 1]++;
            }
        }

        for (var state = 0; state < phraseHits.Count; state++)
        {
            edgeStart[state + 1] += edgeStart[state];
        }

        return new LexiconMatcher(
            trie.Build(), startNext, edgeStart, [.. edges.Select(edge => (int)edge.Key)], [.. edges.Select(edge => edge.Value)],
            [.. phraseHits.Select(hits => hits.ToArray())], continues);
    }

    /// <summary>Adds to <paramref name="hits"/> every phrase found in <c>text[start..end)</c>, as the code and the rule that fired.</summary>
    /// <remarks>Safe to call from several threads at once: all state of a scan lives on the stack and in <paramref name="scratch"/>.</remarks>
    public void Find(string text, int start, int end, Scratch scratch, List<Hit> hits)
    {
        var classes = _words.Classes;
        // A word yields at most one exact token and one prefix token per wildcard word it starts with, for itself and its stem.
        Span<int> tokens = _words.MaxTokensPerWalk <= 32 ? stackalloc int[2 * _words.MaxTokensPerWalk] : new int[2 * _words.MaxTokensPerWalk];
        scratch.Reset();
        ulong negations = 0;
        var wordIndex = -1;
        var i = start;
        while (i < end)
        {
            var first = classes[text[i]];
            if (first < CharTrie.FirstLetter)
            {
                i++;
                continue;
            }

            wordIndex++;
            var wordStart = i;
            var tokenCount = 0;
            var node = _words.Walk(text, ref i, end, tokens, ref tokenCount);
            if (_words.IsClitic(first))
            {
                AddStemTokens(text, wordStart, i, tokens, ref tokenCount);
            }

            negations = (negations << 1) | (_words.IsNegation(node) ? 1UL : 0UL);
            if (tokenCount > 0 || scratch.HasPhrasesUnderWay)
            {
                Advance(tokens[..tokenCount], wordIndex, negations, scratch, hits);
            }
        }
    }

    // Arabic writes conjunctions and prepositions onto the next word: the stem after them is also read as a word.
    private void AddStemTokens(string text, int wordStart, int wordEnd, Span<int> tokens, ref int tokenCount)
    {
        var fold = TextFolding.Table;
        var kinds = TextFolding.Kinds;
        char first = '\0', second = '\0';
        var length = 0;
        int secondAt = wordEnd, thirdAt = wordEnd;
        for (var j = wordStart; j < wordEnd; j++)
        {
            if (kinds[text[j]] != CharKind.Word)
            {
                continue;
            }

            switch (length++)
            {
                case 0:
                    first = fold[text[j]];
                    break;
                case 1:
                    second = fold[text[j]];
                    secondAt = j;
                    break;
                case 2:
                    thirdAt = j;
                    break;
            }
        }

        var stem = ArabicClitics.StemStart(first, second, length);
        if (stem > 0)
        {
            var at = stem == 1 ? secondAt : thirdAt;
            _words.Walk(text, ref at, wordEnd, tokens, ref tokenCount);
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

        // Every word may start a phrase, besides continuing those under way.
        Follow(Start, wordIndex, tokens, wordIndex, negations, scratch, hits);
        foreach (var (state, firstWord) in scratch.Previous)
        {
            Follow(state, firstWord, tokens, wordIndex, negations, scratch, hits);
        }
    }

    private void Follow(int state, int firstWord, ReadOnlySpan<int> tokens, int wordIndex, ulong negations, Scratch scratch, List<Hit> hits)
    {
        foreach (var token in tokens)
        {
            var next = Next(state, token);
            if (next == Start)
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

    // Every word is looked up from the start state, so that step reads an array; a phrase under way has few ways to go
    // on, kept sorted by token in one flat array.
    private int Next(int state, int token)
    {
        if (state == Start)
        {
            return token < _startNext.Length ? _startNext[token] : Start;
        }

        var from = _edgeStart[state];
        var found = _edgeToken.AsSpan(from, _edgeStart[state + 1] - from).BinarySearch(token);
        return found >= 0 ? _edgeTarget[from + found] : Start;
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
    internal sealed record Hit(CodeId Code, LexiconRule Rule)
    {
        /// <summary>The rule alone, made once: most coded sentences fire one rule per code.</summary>
        public ImmutableArray<LexiconRule> Alone { get; } = [Rule];
    }

    /// <summary>The phrases under way during one scan, reused from sentence to sentence.</summary>
    internal sealed class Scratch
    {
        private List<(int State, int FirstWord)> _previous = [];
        private List<(int State, int FirstWord)> _current = [];

        /// <summary>The phrases under way before the current word.</summary>
        public List<(int State, int FirstWord)> Previous => _previous;

        /// <summary>True when the last word kept phrases under way.</summary>
        public bool HasPhrasesUnderWay => _current.Count > 0;

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

    /// <summary>The lexicon's words as a trie over classes of characters, with a dense transition table.</summary>
    /// <remarks>
    /// Each UTF-16 unit maps, through one 64K table built from <see cref="TextFolding"/>, to a class: a separator, a unit
    /// folding drops, a letter no lexicon word has, or one of the lexicon's letters once folded. Walking a word is then
    /// one read of the class table and one of the transition table per character, with no folding and no edge search.
    /// </remarks>
    private sealed class CharTrie
    {
        /// <summary>The class of separators: white space, punctuation, symbols.</summary>
        public const ushort Separator = 0;

        /// <summary>The class of units folding drops (vowel marks, tatweel).</summary>
        public const ushort Dropped = 1;

        /// <summary>The first class of letters and digits: letters no lexicon word contains; the lexicon's letters follow.</summary>
        public const ushort FirstLetter = 2;

        private const ushort OtherLetter = FirstLetter;

        // Node 0 is no node: a transition to it means no lexicon word starts with what was read.
        private const int Dead = 0;
        private const int Root = 1;

        private readonly int _width;
        private readonly int[] _next; // by row offset (node × width) plus class: the target row offset, negative where a prefix word ends
        private readonly int[] _exact;
        private readonly int[] _prefix;
        private readonly bool[] _negation;
        private readonly bool[] _clitic;

        private CharTrie(ushort[] classes, int width, int[] next, int[] exact, int[] prefix, bool[] negation, bool[] clitic, int maxTokensPerWalk)
        {
            (Classes, _width, _next) = (classes, width, next);
            (_exact, _prefix, _negation, _clitic) = (exact, prefix, negation, clitic);
            MaxTokensPerWalk = maxTokensPerWalk;
        }

        /// <summary>The most tokens one walk can yield: the wildcard words along the longest path, and an exact word.</summary>
        public int MaxTokensPerWalk { get; }

        /// <summary>The class of every UTF-16 unit.</summary>
        public ushort[] Classes { get; }

        /// <summary>
        /// Reads the word that starts at <paramref name="i"/> up to the next separator, leaving <paramref name="i"/> there,
        /// adds to <paramref name="tokens"/> the lexicon words it starts with (prefix wildcards) and the one it is, and
        /// returns the node it ends on.
        /// </summary>
        public int Walk(string text, ref int i, int end, Span<int> tokens, ref int count)
        {
            // The two tables are read without bounds checks: a class is below the width by construction, a row offset
            // within the table, and every UTF-16 unit has a class. The table holds row offsets (node × width), so a step is
            // one add and one read. Locals, not the ref parameter, keep the loop in registers.
            ref var classes = ref MemoryMarshal.GetArrayDataReference(Classes);
            ref var next = ref MemoryMarshal.GetArrayDataReference(_next);
            ref var chars = ref MemoryMarshal.GetReference(text.AsSpan());
            var row = Root * _width;
            var at = i;
            for (; at < end; at++)
            {
                var c = Unsafe.Add(ref classes, Unsafe.Add(ref chars, at));
                if (c <= Dropped)
                {
                    if (c == Separator)
                    {
                        break;
                    }

                    continue;
                }

                row = Unsafe.Add(ref next, row + c);
                if (row <= 0)
                {
                    if (row == Dead)
                    {
                        // No lexicon word starts this way: only the end of the word is still needed.
                        for (at++; at < end && Unsafe.Add(ref classes, Unsafe.Add(ref chars, at)) != Separator; at++)
                        {
                        }

                        i = at;
                        return Dead;
                    }

                    // A negative target is a node where a prefix wildcard's word ends.
                    row = -row;
                    tokens[count++] = _prefix[row / _width];
                }
            }

            i = at;
            var node = row / _width;
            if (_exact[node] != None)
            {
                tokens[count++] = _exact[node];
            }

            return node;
        }

        /// <summary>True when the walk ended on a negation cue.</summary>
        public bool IsNegation(int node) => _negation[node];

        /// <summary>True when the class is a letter Arabic writes onto the next word (و، ف، ب، ل، ك).</summary>
        public bool IsClitic(ushort c) => _clitic[c];

        public sealed class Builder
        {
            private readonly List<Dictionary<char, int>> _children = [[], []];
            private readonly List<int> _exact = [None, None];
            private readonly List<int> _prefix = [None, None];
            private readonly List<bool> _negation = [false, false];
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
                // Clitic letters get classes of their own even when no lexicon word has them: a word starting with one is
                // read again from its stem.
                var letters = _children.SelectMany(children => children.Keys)
                    .Concat("\u0648\u0641\u0628\u0644\u0643")
                    .Distinct()
                    .Order()
                    .ToList();
                var letterClass = new Dictionary<char, ushort>();
                foreach (var letter in letters)
                {
                    letterClass.Add(letter, (ushort)(OtherLetter + 1 + letterClass.Count));
                }

                var width = OtherLetter + 1 + letters.Count;
                var classes = new ushort[char.MaxValue + 1];
                for (var unit = 0; unit <= char.MaxValue; unit++)
                {
                    classes[unit] = TextFolding.Kinds[unit] switch
                    {
                        CharKind.Separator => Separator,
                        CharKind.Dropped => Dropped,
                        _ => letterClass.GetValueOrDefault(TextFolding.Table[unit], OtherLetter),
                    };
                }

                // Nodes are numbered breadth first, so that the short prefixes most words die in share a few cache lines.
                var order = new List<int> { Dead, Root };
                for (var k = Root; k < order.Count; k++)
                {
                    order.AddRange(_children[order[k]].OrderBy(edge => edge.Key).Select(edge => edge.Value));
                }

                var number = new int[_children.Count];
                for (var k = 0; k < order.Count; k++)
                {
                    number[order[k]] = k;
                }

                var next = new int[_children.Count * width];
                for (var node = Root; node < _children.Count; node++)
                {
                    foreach (var (letter, child) in _children[node])
                    {
                        var target = number[child] * width;
                        next[(number[node] * width) + letterClass[letter]] = _prefix[child] == None ? target : -target;
                    }
                }

                int[] Renumbered(List<int> values) => [.. order.Select(old => values[old])];

                var clitic = new bool[width];
                foreach (var (letter, c) in letterClass)
                {
                    clitic[c] = ArabicClitics.IsConjunction(letter) || ArabicClitics.IsPreposition(letter);
                }

                return new CharTrie(
                    classes, width, next, Renumbered(_exact), Renumbered(_prefix), [.. order.Select(old => _negation[old])], clitic, MostPrefixesOnAPath() + 1);
            }

            private int MostPrefixesOnAPath()
            {
                var most = 0;
                var pending = new Stack<(int Node, int Prefixes)>([(Root, 0)]);
                while (pending.TryPop(out var item))
                {
                    most = Math.Max(most, item.Prefixes);
                    foreach (var child in _children[item.Node].Values)
                    {
                        pending.Push((child, item.Prefixes + (_prefix[child] == None ? 0 : 1)));
                    }
                }

                return most;
            }

            private int NodeFor(string word)
            {
                var node = Root;
                foreach (var c in word)
                {
                    if (!_children[node].TryGetValue(c, out var child))
                    {
                        child = _children.Count;
                        _children.Add([]);
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
