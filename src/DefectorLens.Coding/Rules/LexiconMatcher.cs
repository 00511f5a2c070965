using System.Collections.Immutable;
using System.Numerics;
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
    private readonly TokenRole[] _tokens;
    private readonly PhraseEdges _edges;
    private readonly PhraseState[] _states;
    private readonly Hit[] _hits;

    private LexiconMatcher(CharTrie words, TokenRole[] tokens, PhraseEdges edges, PhraseState[] states, Hit[] hits)
    {
        (_words, _tokens, _edges, _states, _hits) = (words, tokens, edges, states, hits);
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
        foreach (var (codeNumber, code) in codes.Index())
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

                // A rule listed twice under a code fires once, so that a hit stands for one (code, rule) and
                // telling hits apart is comparing references.
                if (!phraseHits[state].Any(hit => hit.Code == code.Id && hit.Rule == rule))
                {
                    phraseHits[state].Add(new Hit(code.Id, codeNumber, rule));
                }
            }
        }

        var continues = new bool[phraseHits.Count];
        var tokens = new TokenRole[trie.TokenCount];
        foreach (var (key, next) in phraseNext)
        {
            continues[(int)(key >> 32)] = true;
            var token = (int)key;
            tokens[token] = key >> 32 == Start ? tokens[token] with { StartState = next } : tokens[token] with { ContinuesPhrases = true };
        }

        var states = new PhraseState[phraseHits.Count];
        var firstHit = 0;
        for (var state = 0; state < phraseHits.Count; state++)
        {
            states[state] = new PhraseState(firstHit, phraseHits[state].Count, continues[state]);
            firstHit += phraseHits[state].Count;
        }

        return new LexiconMatcher(
            trie.Build(), tokens, new PhraseEdges(phraseNext.Where(edge => edge.Key >> 32 != Start)), states, [.. phraseHits.SelectMany(hits => hits)]);
    }

    /// <summary>
    /// Adds to <paramref name="hits"/> every phrase found in a text, as the code and the rule that fired, and hands each
    /// sentence (as <see cref="Sentences"/> splits them, before trimming) with the hits so far to <paramref name="sentences"/>.
    /// </summary>
    /// <remarks>
    /// Phrases and negations stay within a sentence. The scan finds sentence ends itself, as the letter loop reads their
    /// terminators anyway, instead of splitting the text first. Safe to call from several threads at once: all state of a
    /// scan lives on the stack and in <paramref name="scratch"/>.
    /// </remarks>
    public void Find<TSentences>(string text, Scratch scratch, List<Hit> hits, TSentences sentences)
        where TSentences : ISentences
    {
        var maxTokens = 2 * _words.MaxTokensPerWalk;
        scratch.Reset(maxTokens);
        var end = text.Length;
        var sentenceStart = 0;
        var walk = new CharTrie.Walker(_words, text, 0);
        while (walk.Run(end, scratch.NothingPending))
        {
            scratch.SkipWords(walk.TakeSkippedWords());
            var at = walk.Position;
            var c = _words.Classes[text[at]];
            if (c < CharTrie.Dropped)
            {
                if (walk.Node != CharTrie.Root)
                {
                    EndWord(text, at, walk.Node, scratch, hits);
                }

                var next = at + 1;
                if (c == CharTrie.Terminator && Sentences.EndAt(text, at) is var sentenceEnd and >= 0)
                {
                    sentences.Ended(sentenceStart, sentenceEnd, hits);
                    scratch.Reset(maxTokens);
                    (sentenceStart, next) = (sentenceEnd, sentenceEnd);
                }

                walk.Restart(next);
                continue;
            }

            var child = _words.Slots[walk.Node].Base + c;
            var parent = _words.Slots[child].Parent;
            if ((parent & CharTrie.NodeBits) == walk.Node)
            {
                OnMarkedStep(parent, child, at, scratch);
                walk.MoveTo(child, at + 1);
                continue;
            }

            // No lexicon word starts this way: only the end of the word is still needed.
            var wordEnd = _words.EndOfWord(text, at + 1, end);
            EndWord(text, wordEnd, CharTrie.Dead, scratch, hits);
            walk.Restart(wordEnd);
        }

        scratch.SkipWords(walk.TakeSkippedWords());
        if (walk.Node != CharTrie.Root)
        {
            EndWord(text, end, walk.Node, scratch, hits);
        }

        sentences.Ended(sentenceStart, end, hits);
    }

    /// <summary>Receives each sentence of a scan as it ends.</summary>
    internal interface ISentences
    {
        /// <summary>Called at the end of each sentence, <c>[start, end)</c> before trimming, with the hits found so far.</summary>
        void Ended(int start, int end, List<Hit> hits);
    }

    // A step to a node that ends a prefix wildcard's word, or that starts a word with an Arabic clitic letter.
    private void OnMarkedStep(int marks, int node, int at, Scratch scratch)
    {
        if ((marks & CharTrie.CliticStarts) != 0)
        {
            scratch.CliticWordStart = at;
        }

        if ((marks & CharTrie.PrefixEnds) != 0)
        {
            scratch.AddToken(_words.PrefixAt(node));
        }
    }

    private void EndWord(string text, int wordEnd, int node, Scratch scratch, List<Hit> hits)
    {
        var ending = _words.EndingAt(node);
        if (ending.Token != None)
        {
            scratch.AddToken(ending.Token);
        }

        if (scratch.CliticWordStart != None)
        {
            AddStemTokens(text, scratch.CliticWordStart, wordEnd, scratch);
            scratch.CliticWordStart = None;
        }

        scratch.EndWord(ending.IsNegation);
        if (scratch.TokenCount > 0 || scratch.HasPhrasesUnderWay)
        {
            Advance(scratch, hits);
        }

        scratch.TokenCount = 0;
    }

    // Arabic writes conjunctions and prepositions onto the next word: the stem after them is also read as a word.
    private void AddStemTokens(string text, int wordStart, int wordEnd, Scratch scratch)
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
            _words.Walk(text, stem == 1 ? secondAt : thirdAt, wordEnd, scratch);
        }
    }

    // Phrases follow consecutive words: a word that is no lexicon token ends every phrase under way.
    private void Advance(Scratch scratch, List<Hit> hits)
    {
        scratch.BeginWord();
        var tokens = scratch.Tokens;
        if (tokens.IsEmpty)
        {
            return;
        }

        // Every word may start a phrase, besides continuing those under way.
        var wordIndex = scratch.WordIndex;
        foreach (var token in tokens)
        {
            if (_tokens[token].StartState is var next and not Start)
            {
                Reached(next, wordIndex, scratch, hits);
            }
        }

        foreach (var (state, firstWord) in scratch.Previous)
        {
            foreach (var token in tokens)
            {
                if (_tokens[token].ContinuesPhrases && _edges.Next(state, token) is var next and not Start)
                {
                    Reached(next, firstWord, scratch, hits);
                }
            }
        }
    }

    private void Reached(int state, int firstWord, Scratch scratch, List<Hit> hits)
    {
        var reached = _states[state];
        if (reached.HitCount > 0 && !IsNegated(scratch.Negations, scratch.WordIndex - firstWord))
        {
            hits.AddRange(_hits.AsSpan(reached.FirstHit, reached.HitCount));
        }

        if (reached.Continues)
        {
            scratch.Keep(state, firstWord);
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

    /// <summary>What a lexicon token does to phrases.</summary>
    /// <param name="StartState">The state a phrase starting with the token reaches, or <see cref="Start"/> when none starts with it.</param>
    /// <param name="ContinuesPhrases">True when the token is a later word of some phrase.</param>
    private readonly record struct TokenRole(int StartState, bool ContinuesPhrases);

    /// <summary>A state of the phrase automaton, read in one go when a phrase reaches it.</summary>
    /// <param name="FirstHit">Where the hits of the phrases that end here start in the array of hits.</param>
    /// <param name="HitCount">How many phrases end here.</param>
    /// <param name="Continues">True when longer phrases go on from here.</param>
    private readonly record struct PhraseState(int FirstHit, int HitCount, bool Continues);

    /// <summary>A phrase found: the code it signals and the rule that holds it.</summary>
    /// <remarks>One instance per code and rule, so that hits are told apart by reference.</remarks>
    /// <param name="code">The code.</param>
    /// <param name="codeNumber">The code's number among the matcher's codes.</param>
    /// <param name="rule">The lexicon rule.</param>
    internal sealed class Hit(CodeId code, int codeNumber, LexiconRule rule)
    {
        /// <summary>The code.</summary>
        public CodeId Code { get; } = code;

        /// <summary>The code's number among the matcher's codes: hits of one code are told apart from others' without comparing id strings.</summary>
        public int CodeNumber { get; } = codeNumber;

        /// <summary>The lexicon rule.</summary>
        public LexiconRule Rule { get; } = rule;

        /// <summary>The rule alone, made once: most coded sentences fire one rule per code.</summary>
        public ImmutableArray<LexiconRule> Alone { get; } = [rule];
    }

    /// <summary>The state of one scan: the current word's tokens, the recent negations and the phrases under way, reused from sentence to sentence.</summary>
    internal sealed class Scratch
    {
        private int[] _tokens = [];

        // The phrases under way before the current word and those kept at it, in the two halves of one array, so that
        // moving on a word swaps offsets rather than lists (whose swap costs a write barrier per word).
        private (int State, int FirstWord)[] _phrases = new (int, int)[32];
        private int _previousAt;
        private int _previousCount;
        private int _currentAt = 16;
        private int _currentCount;

        /// <summary>The current word's lexicon tokens.</summary>
        public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, TokenCount);

        /// <summary>How many tokens the current word has yielded so far.</summary>
        public int TokenCount { get; set; }

        /// <summary>The number of the current word in the span, from 0.</summary>
        public int WordIndex { get; private set; }

        /// <summary>Bit k is set when the word k words back from the current one is a negation cue.</summary>
        public ulong Negations { get; private set; }

        /// <summary>Where the current word starts when it starts with an Arabic clitic letter; -1 otherwise.</summary>
        public int CliticWordStart { get; set; }

        /// <summary>The phrases under way before the current word.</summary>
        public ReadOnlySpan<(int State, int FirstWord)> Previous => _phrases.AsSpan(_previousAt, _previousCount);

        /// <summary>True when the last word kept phrases under way.</summary>
        public bool HasPhrasesUnderWay => _currentCount > 0;

        /// <summary>True when the word under way has yielded nothing yet: if it ends as no token and no negation, it only counts.</summary>
        public bool NothingPending => TokenCount == 0 && CliticWordStart == None;

        /// <summary>Forgets every word and phrase, before a new span.</summary>
        /// <param name="maxTokensPerWord">The most tokens one word can yield.</param>
        public void Reset(int maxTokensPerWord)
        {
            if (_tokens.Length < maxTokensPerWord)
            {
                _tokens = new int[maxTokensPerWord];
            }

            (TokenCount, WordIndex, Negations, CliticWordStart) = (0, -1, 0, None);
            (_previousCount, _currentCount) = (0, 0);
        }

        /// <summary>Adds a token of the current word.</summary>
        public void AddToken(int token) => _tokens[TokenCount++] = token;

        /// <summary>Counts words that yielded nothing (no token, no negation); they end every phrase under way.</summary>
        public void SkipWords(int count)
        {
            if (count > 0)
            {
                WordIndex += count;
                Negations = count < 64 ? Negations << count : 0;
                _currentCount = 0;
            }
        }

        /// <summary>Counts a word that ended, noting whether it is a negation cue.</summary>
        public void EndWord(bool isNegation)
        {
            WordIndex++;
            Negations = (Negations << 1) | (isNegation ? 1UL : 0UL);
        }

        /// <summary>Moves the phrases kept at the last word to <see cref="Previous"/>.</summary>
        public void BeginWord()
        {
            (_previousAt, _currentAt) = (_currentAt, _previousAt);
            (_previousCount, _currentCount) = (_currentCount, 0);
        }

        /// <summary>Keeps a phrase under way for the next word.</summary>
        public void Keep(int state, int firstWord)
        {
            if (_currentCount == _phrases.Length / 2)
            {
                Grow();
            }

            _phrases[_currentAt + _currentCount++] = (state, firstWord);
        }

        // Doubles both halves. A span of Previous taken before stays valid: it still points into the old array.
        private void Grow()
        {
            var half = _phrases.Length;
            var grown = new (int, int)[2 * half];
            Previous.CopyTo(grown);
            _phrases.AsSpan(_currentAt, _currentCount).CopyTo(grown.AsSpan(half));
            (_phrases, _previousAt, _currentAt) = (grown, 0, half);
        }
    }

    /// <summary>The ways phrases under way go on, as an open-addressing hash table from (state, token) to the next state.</summary>
    /// <remarks>
    /// Phrase states are too many for a dense table, and some (after "i", "the") have hundreds of ways on. Most lookups
    /// find nothing, so a filter of one bit per hash value, small enough to stay in the first-level cache, answers most
    /// of them without reading the table.
    /// </remarks>
    private sealed class PhraseEdges
    {
        // No edge leaves the start state (those are kept in an array), so key 0 marks an empty slot.
        private const long Empty = 0;
        private const int FilterBits = 16;

        private readonly long[] _keys;
        private readonly int[] _targets;
        private readonly int _shift;
        private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];

        public PhraseEdges(IEnumerable<KeyValuePair<long, int>> edges)
        {
            var list = edges.ToList();
            var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, list.Count * 2));
            (_keys, _targets, _shift) = (new long[size], new int[size], 64 - BitOperations.Log2((uint)size));
            foreach (var (key, target) in list)
            {
                var hash = Hash(key);
                _filter[hash >> (64 - FilterBits + 6)] |= 1UL << (int)(hash >> (64 - FilterBits));
                var slot = SlotOf(key);
                while (_keys[slot] != Empty)
                {
                    slot = (slot + 1) & (size - 1);
                }

                (_keys[slot], _targets[slot]) = (key, target);
            }
        }

        /// <summary>The state a phrase under way reaches with the token, or <see cref="Start"/> when it goes no further.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next(int state, int token)
        {
            var key = Key(state, token);
            var hash = Hash(key);
            if ((_filter[hash >> (64 - FilterBits + 6)] & (1UL << (int)(hash >> (64 - FilterBits)))) == 0)
            {
                return Start;
            }

            for (var slot = SlotOf(key); ; slot = (slot + 1) & (_keys.Length - 1))
            {
                var found = _keys[slot];
                if (found == key)
                {
                    return _targets[slot];
                }

                if (found == Empty)
                {
                    return Start;
                }
            }
        }

        // Fibonacci hashing: the top bits of the key times 2^64 / φ; the filter takes the top 16 (a shift by 64 - 16
        // + 6 for the word, the low 6 of those 16 for the bit, as shifts of a ulong use only 6 bits).
        private static ulong Hash(long key) => (ulong)key * 0x9E3779B97F4A7C15UL;

        private int SlotOf(long key) => (int)(Hash(key) >> _shift);
    }

    /// <summary>The lexicon's words as a trie over classes of characters, laid out as a double array.</summary>
    /// <remarks>
    /// Each UTF-16 unit maps, through one 64K table built from <see cref="TextFolding"/>, to a class: a separator, a
    /// sentence terminator, a unit folding drops, a letter no lexicon word has, or one of the lexicon's letters once folded. A node's children sit at
    /// its base plus their letter's class in one array of slots, each slot naming its parent (so a step checks it has not
    /// landed in another node's child) and its own base. A step is then one read of the class table and one of the slots,
    /// with no folding and no edge search, and the slots of 8,000 nodes take a hundred kilobytes where a dense table
    /// takes megabytes: the trie stays in the processor's caches, which is most of the speed.
    /// </remarks>
    private sealed class CharTrie
    {
        /// <summary>The class of separators: white space, punctuation, symbols.</summary>
        public const int Separator = 0;

        /// <summary>The class of separators that may end a sentence: <see cref="Sentences.Terminators"/>.</summary>
        public const int Terminator = 1;

        /// <summary>The class of units folding drops (vowel marks, tatweel): neither part of a word nor a break in it.</summary>
        public const int Dropped = 2;

        /// <summary>The first class of letters and digits; below it are separators and units folding drops.</summary>
        public const int FirstLetter = 3;

        /// <summary>The node a word is on once no lexicon word starts like it.</summary>
        public const int Dead = 0;

        /// <summary>The root: between words.</summary>
        public const int Root = 1;

        /// <summary>A slot's mark: its node ends a prefix wildcard's word.</summary>
        public const int PrefixEnds = 1 << 30;

        /// <summary>A slot's mark: its node is a first letter that Arabic writes onto the next word.</summary>
        public const int CliticStarts = 1 << 29;

        /// <summary>The bits of a slot's parent that name the node.</summary>
        public const int NodeBits = CliticStarts - 1;

        private const ushort OtherLetter = FirstLetter;

        private readonly WordEnd[] _ends;
        private readonly int[] _prefix;
        private readonly bool[] _plainEnds;

        private CharTrie(ushort[] classes, Slot[] slots, int[] exact, int[] prefix, bool[] negation, int maxTokensPerWalk)
        {
            (Classes, Slots, _prefix) = (classes, slots, prefix);
            _ends = [.. exact.Select((token, node) => new WordEnd(token, negation[node]))];
            _plainEnds = [.. _ends.Select(end => end.Token == None && !end.IsNegation)];
            RootBase = slots[Root].Base;
            MaxTokensPerWalk = maxTokensPerWalk;
        }

        /// <summary>Where the root's children start.</summary>
        public int RootBase { get; }

        /// <summary>The most tokens one walk can yield: the wildcard words along the longest path, and an exact word.</summary>
        public int MaxTokensPerWalk { get; }

        /// <summary>The class of every UTF-16 unit.</summary>
        public ushort[] Classes { get; }

        /// <summary>The nodes, by number: a node's child by class c is at its base + c.</summary>
        public Slot[] Slots { get; }

        /// <summary>The prefix wildcard word that ends at the node.</summary>
        public int PrefixAt(int node) => _prefix[node];

        /// <summary>What a word that ends at the node is.</summary>
        public WordEnd EndingAt(int node) => _ends[node];

        /// <summary>Adds the lexicon word the node is, if any.</summary>
        public void AddExact(int node, Scratch scratch)
        {
            if (_ends[node].Token is var token and not None)
            {
                scratch.AddToken(token);
            }
        }

        /// <summary>The first separator at or after <paramref name="at"/>, or <paramref name="end"/>.</summary>
        public int EndOfWord(string text, int at, int end)
        {
            while (at < end && Classes[text[at]] >= Dropped)
            {
                at++;
            }

            return at;
        }

        /// <summary>Reads <c>text[start..end)</c>, which holds no separator, as one word and adds its tokens.</summary>
        public void Walk(string text, int start, int end, Scratch scratch)
        {
            var node = Root;
            for (var at = start; at < end; at++)
            {
                int c = Classes[text[at]];
                if (c < FirstLetter)
                {
                    continue;
                }

                var child = Slots[node].Base + c;
                var parent = Slots[child].Parent;
                if ((parent & NodeBits) != node)
                {
                    return;
                }

                if ((parent & PrefixEnds) != 0)
                {
                    scratch.AddToken(_prefix[child]);
                }

                node = child;
            }

            AddExact(node, scratch);
        }

        /// <summary>Reads a text through the trie, one step per letter, as far as the steps need nothing else.</summary>
        public struct Walker(CharTrie trie, string text, int start)
        {
            /// <summary>Where the walk stopped: the character it could not take alone.</summary>
            public int Position { get; private set; } = start;

            /// <summary>The node the current word has reached; the root between words.</summary>
            public int Node { get; private set; } = Root;

            private int _base = trie.RootBase;

            private int _skipped;

            /// <summary>
            /// Takes letters until one leads to a marked node or to none, a separator ends a word or a terminator comes, and
            /// returns true with <see cref="Position"/> there; returns false at <paramref name="end"/>. When <paramref name="countPlainWords"/>,
            /// words that yield nothing (no token, no negation) are only counted, for <see cref="TakeSkippedWords"/>: the
            /// caller says so when the word under way has no tokens or clitic pending.
            /// </summary>
            /// <remarks>
            /// This loop is where the time goes, so it calls nothing and keeps its state in registers: one read of the
            /// class table and one of the slots per letter. The tables are read without bounds checks: every UTF-16
            /// unit has a class below the width, and the slots run a width past the highest base.
            /// </remarks>
            [MethodImpl(MethodImplOptions.NoInlining)]
            public bool Run(int end, bool countPlainWords)
            {
                ref var classes = ref MemoryMarshal.GetArrayDataReference(trie.Classes);
                ref var slots = ref MemoryMarshal.GetArrayDataReference(trie.Slots);
                ref var plainEnds = ref MemoryMarshal.GetArrayDataReference(trie._plainEnds);
                ref var chars = ref MemoryMarshal.GetReference(text.AsSpan());
                // Unsigned and native-sized: a slot's base then needs no sign extension before the next slot's address,
                // on the chain of loads that each letter waits for.
                nuint node = (uint)Node, @base = (uint)_base, rootBase = (uint)trie.RootBase;
                var skipped = 0;
                nuint i = (uint)Position, stop = (uint)end;
                for (; i < stop; i++)
                {
                    nuint c = Unsafe.Add(ref classes, Unsafe.Add(ref chars, i));
                    if (c >= FirstLetter)
                    {
                        var slot = Unsafe.Add(ref slots, @base + c);
                        if ((uint)slot.Parent != node)
                        {
                            if (!countPlainWords || (uint)(slot.Parent & NodeBits) == node)
                            {
                                break;
                            }

                            // No lexicon word starts like this one: only its end is still needed.
                            while (i + 1 < stop && Unsafe.Add(ref classes, Unsafe.Add(ref chars, i + 1)) >= Dropped)
                            {
                                i++;
                            }

                            skipped++;
                            (node, @base) = (Root, rootBase);
                            continue;
                        }

                        (node, @base) = (@base + c, (uint)slot.Base);
                    }
                    else if (c == Separator)
                    {
                        if (node == Root)
                        {
                            continue;
                        }

                        // Most words are no lexicon token: they are only counted.
                        if (!countPlainWords || !Unsafe.Add(ref plainEnds, node))
                        {
                            break;
                        }

                        skipped++;
                        (node, @base) = (Root, rootBase);
                    }
                    else if (c == Terminator)
                    {
                        break;
                    }
                }

                (Position, Node, _base, _skipped) = ((int)i, (int)node, (int)@base, _skipped + skipped);
                return i < stop;
            }

            /// <summary>The words the walk only counted since the last call, which it forgets.</summary>
            public int TakeSkippedWords()
            {
                var skipped = _skipped;
                _skipped = 0;
                return skipped;
            }

            /// <summary>Goes on from a child the caller stepped to, at <paramref name="position"/>.</summary>
            public void MoveTo(int child, int position) => (Node, _base, Position) = (child, trie.Slots[child].Base, position);

            /// <summary>Goes on from the root, between words, at <paramref name="position"/>.</summary>
            public void Restart(int position) => MoveTo(Root, position);
        }

        /// <summary>What a word that ends at a node is, read in one go.</summary>
        /// <param name="Token">The lexicon word it is, or -1.</param>
        /// <param name="IsNegation">True when it is a negation cue.</param>
        public readonly record struct WordEnd(int Token, bool IsNegation);

        /// <summary>A node: its parent (with marks in the high bits) and the base its children are found from.</summary>
        /// <param name="Parent">The parent's number, and the marks.</param>
        /// <param name="Base">Where the children start: the child by class c is at Base + c.</param>
        public readonly record struct Slot(int Parent, int Base);

        public sealed class Builder
        {
            private readonly List<Dictionary<char, int>> _children = [[], []];
            private readonly List<int> _exact = [None, None];
            private readonly List<int> _prefix = [None, None];
            private readonly List<bool> _negation = [false, false];
            private readonly Dictionary<(string, bool), int> _tokens = [];

            /// <summary>How many distinct tokens the words added so far make.</summary>
            public int TokenCount => _tokens.Count;

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
                // Every clitic letter is a child of the root, even when no lexicon word starts with one: a word starting
                // with one is read again from its stem.
                foreach (var clitic in ArabicClitics.Letters)
                {
                    NodeFor(clitic.ToString());
                }

                var letters = _children.SelectMany(children => children.Keys).Distinct().Order().ToList();
                var letterClass = new Dictionary<char, int>();
                foreach (var letter in letters)
                {
                    letterClass.Add(letter, OtherLetter + 1 + letterClass.Count);
                }

                var width = OtherLetter + 1 + letters.Count;
                var classes = new ushort[char.MaxValue + 1];
                for (var unit = 0; unit <= char.MaxValue; unit++)
                {
                    classes[unit] = TextFolding.Kinds[unit] switch
                    {
                        CharKind.Separator => (ushort)(Sentences.Terminators.Contains((char)unit, StringComparison.Ordinal) ? Terminator : Separator),
                        CharKind.Dropped => (ushort)Dropped,
                        _ => (ushort)letterClass.GetValueOrDefault(TextFolding.Table[unit], OtherLetter),
                    };
                }

                // Breadth first, each node's children go to the first base where all their slots are free, so that the
                // short prefixes most words die in share a few cache lines. Slots 0 (the dead node) and 1 (the root) are taken.
                var number = new int[_children.Count];
                number[Root] = Root;
                var parents = new List<int> { None, None };
                var bases = new List<int> { 0, 0 };
                var firstFree = 2;
                var nextBase = 0;
                var pending = new Queue<int>([Root]);
                while (pending.TryDequeue(out var node))
                {
                    var children = _children[node].OrderBy(edge => edge.Key).ToList();
                    if (children.Count == 0)
                    {
                        continue;
                    }

                    // A node with several children looks on from where the last such node went, so that the search does
                    // not cross the same crowded slots again and again; single children fill the holes left behind.
                    var childClasses = children.Select(edge => letterClass[edge.Key]).ToArray();
                    var @base = Math.Max(0, firstFree - childClasses[0]);
                    if (childClasses.Length > 1)
                    {
                        @base = Math.Max(@base, nextBase);
                    }

                    while (!AllFree(parents, @base, childClasses))
                    {
                        @base++;
                    }

                    if (childClasses.Length > 1)
                    {
                        nextBase = @base;
                    }

                    bases[number[node]] = @base;
                    foreach (var (letter, child) in children)
                    {
                        var slot = @base + letterClass[letter];
                        while (parents.Count <= slot)
                        {
                            parents.Add(None);
                            bases.Add(0);
                        }

                        var marks = (_prefix[child] == None ? 0 : PrefixEnds) | (node == Root && ArabicClitics.Letters.Contains(letter, StringComparison.Ordinal) ? CliticStarts : 0);
                        parents[slot] = number[node] | marks;
                        number[child] = slot;
                        pending.Enqueue(child);
                    }

                    while (IsTaken(parents, firstFree))
                    {
                        firstFree++;
                    }
                }

                // Free slots name the dead node as parent, which has no children; a width of them past the last taken one
                // keeps every base + class within the array.
                var size = parents.Count + width;
                var slots = new Slot[size];
                var exact = Enumerable.Repeat(None, size).ToArray();
                var prefix = Enumerable.Repeat(None, size).ToArray();
                var negation = new bool[size];
                for (var k = 0; k < parents.Count; k++)
                {
                    slots[k] = new Slot(parents[k] == None ? Dead : parents[k], bases[k]);
                }

                for (var old = Root; old < _children.Count; old++)
                {
                    (exact[number[old]], prefix[number[old]], negation[number[old]]) = (_exact[old], _prefix[old], _negation[old]);
                }

                return new CharTrie(classes, slots, exact, prefix, negation, MostPrefixesOnAPath() + 1);
            }

            private static bool IsTaken(List<int> parents, int slot) => slot < 2 || (slot < parents.Count && parents[slot] != None);

            private static bool AllFree(List<int> parents, int @base, int[] classes)
            {
                foreach (var c in classes)
                {
                    if (IsTaken(parents, @base + c))
                    {
                        return false;
                    }
                }

                return true;
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
