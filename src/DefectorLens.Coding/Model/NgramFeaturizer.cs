using System.Collections.Frozen;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;

namespace DefectorLens.Coding.Model;

/// <summary>
/// Computes the same features as the fitted ML.NET text featurizer, straight from its vocabulary, without ML.NET's
/// per-row pipeline: punctuation removed, character 4-grams between start and end markers, word 1–2-grams split on
/// spaces, term counts, each part L2-normalised.
/// </summary>
/// <remarks>
/// ML.NET's featurizer spends about 25 µs per short text walking its transform chain; this one reads the text once and
/// looks each n-gram up in frozen tables. The vocabulary is read from the featurizer's slot names: <see cref="TryCreate"/>
/// declines names it cannot read, and <see cref="TextFeaturizer"/> uses this class only once both agree on the texts of
/// <see cref="Probe"/>.
/// </remarks>
internal sealed class NgramFeaturizer
{
    private const string CharPrefix = "Char.";
    private const string WordPrefix = "Word.";
    private const int CharGram = 4;
    private const char StartMarker = '\u0002';
    private const char EndMarker = '\u0003';
    private const char ControlPictures = '\u2400';
    private const int ProbeGramsPerText = 16;

    private readonly FrozenDictionary<ulong, int> _charGrams;
    private readonly FrozenDictionary<string, int> _terms;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _termLookup;
    private readonly int[] _unigramSlots;
    private readonly FrozenDictionary<long, int> _bigrams;
    private readonly int _charSlots;

    private NgramFeaturizer(
        int dimension, int charSlots, FrozenDictionary<ulong, int> charGrams, FrozenDictionary<string, int> terms,
        int[] unigramSlots, FrozenDictionary<long, int> bigrams)
    {
        Dimension = dimension;
        _charSlots = charSlots;
        _charGrams = charGrams;
        _terms = terms;
        _termLookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        _unigramSlots = unigramSlots;
        _bigrams = bigrams;
    }

    /// <summary>How many features a text is described by.</summary>
    public int Dimension { get; }

    /// <summary>Texts for checking this featurizer against ML.NET's: every n-gram whose slot name could be misread, and a sample of the rest.</summary>
    /// <remarks>
    /// A slot name made of letters, digits and spaces reads one way only; one holding another character ('|', '&lt;',
    /// a control picture) might not, so all of those are checked. A character gram with a marker can only be found at an
    /// end of a text, so it gets a text of its own; the other n-grams are put together, <see cref="ProbeGramsPerText"/>
    /// to a text, so that ML.NET featurises a few short texts rather than one per slot.
    /// </remarks>
    /// <param name="sample">How many plain n-grams of each kind (marker grams, other character grams, word pairs, words) to check.</param>
    public IEnumerable<string> Probe(int sample)
    {
        var together = new List<string>(ProbeGramsPerText);
        int markerGrams = 0, charGrams = 0;
        foreach (var gram in _charGrams.Keys)
        {
            var chars = new char[CharGram];
            for (var i = 0; i < CharGram; i++)
            {
                chars[i] = (char)(gram >> (16 * (CharGram - 1 - i)));
            }

            var text = new string(chars);
            var hasMarker = text.AsSpan().IndexOfAny(StartMarker, EndMarker) >= 0;
            text = text.Replace(StartMarker.ToString(), "", StringComparison.Ordinal).Replace(EndMarker.ToString(), "", StringComparison.Ordinal);
            if (IsPlain(text) && (hasMarker ? markerGrams++ : charGrams++) >= sample)
            {
                continue;
            }

            if (hasMarker)
            {
                yield return text;
            }
            else if (Add(together, text) is { } full)
            {
                yield return full;
            }
        }

        var words = new string[_terms.Count];
        foreach (var (term, id) in _terms)
        {
            words[id] = term;
        }

        var pairs = _bigrams.Keys.Select(pair => words[(int)(pair >> 32)] + " " + words[(int)(uint)pair]);
        foreach (var kind in new[] { pairs, words })
        {
            var plain = 0;
            foreach (var text in kind.Where(text => !IsPlain(text) || plain++ < sample))
            {
                if (Add(together, text) is { } full)
                {
                    yield return full;
                }
            }
        }

        if (together.Count > 0)
        {
            yield return string.Join(' ', together);
        }

        static bool IsPlain(string text) => text.All(c => c == ' ' || char.IsLetterOrDigit(c));

        static string? Add(List<string> together, string text)
        {
            together.Add(text);
            if (together.Count < ProbeGramsPerText)
            {
                return null;
            }

            var full = string.Join(' ', together);
            together.Clear();
            return full;
        }
    }

    /// <summary>Reads the vocabulary from a fitted featurizer's slot names; null when a name is not one this class can read.</summary>
    public static NgramFeaturizer? TryCreate(IReadOnlyList<string> slotNames)
    {
        var charGrams = new Dictionary<ulong, int>();
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var unigrams = new List<int>();
        var bigramNames = new List<(string Name, int Slot)>();
        var charSlots = 0;
        for (var slot = 0; slot < slotNames.Count; slot++)
        {
            var name = slotNames[slot];
            if (name.StartsWith(CharPrefix, StringComparison.Ordinal))
            {
                // Char slots come first: a char slot after a word slot is a layout this class does not know.
                if (slot != charSlots || TryReadCharGram(name.AsSpan(CharPrefix.Length)) is not { } gram || !charGrams.TryAdd(gram, slot))
                {
                    return null;
                }

                charSlots++;
            }
            else if (name.StartsWith(WordPrefix, StringComparison.Ordinal))
            {
                var words = name[WordPrefix.Length..];
                if (words.Length == 0 || words.Contains(' ', StringComparison.Ordinal))
                {
                    return null;
                }

                if (words.Contains('|', StringComparison.Ordinal))
                {
                    bigramNames.Add((words, slot));
                }
                else if (terms.TryAdd(words, terms.Count))
                {
                    unigrams.Add(slot);
                }
                else
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        var bigrams = new Dictionary<long, int>();
        foreach (var (name, slot) in bigramNames)
        {
            var bar = name.IndexOf('|', StringComparison.Ordinal);
            if (name.IndexOf('|', bar + 1) >= 0
                || !terms.TryGetValue(name[..bar], out var first)
                || !terms.TryGetValue(name[(bar + 1)..], out var second)
                || !bigrams.TryAdd(Pair(first, second), slot))
            {
                return null;
            }
        }

        return new NgramFeaturizer(
            slotNames.Count, charSlots, charGrams.ToFrozenDictionary(), terms.ToFrozenDictionary(StringComparer.Ordinal),
            [.. unigrams], bigrams.ToFrozenDictionary());
    }

    /// <summary>The features of an already folded text, written into <paramref name="features"/> (its buffers are reused).</summary>
    /// <param name="folded">The folded text.</param>
    /// <param name="scratch">This thread's working memory.</param>
    /// <param name="features">Receives a sparse vector of <see cref="Dimension"/> slots.</param>
    public void Featurize(ReadOnlySpan<char> folded, Scratch scratch, ref VBuffer<float> features)
    {
        var text = scratch.Text(folded.Length + 2);
        var length = 0;
        text[length++] = StartMarker;
        foreach (var c in folded)
        {
            if (!char.IsPunctuation(c))
            {
                text[length++] = c;
            }
        }

        text[length++] = EndMarker;
        var counts = scratch.Counts(Dimension);
        var slots = scratch.Slots;
        slots.Clear();

        ulong gram = 0;
        for (var i = 0; i < length; i++)
        {
            gram = (gram << 16) | text[i];
            if (i >= CharGram - 1 && _charGrams.TryGetValue(gram, out var slot) && counts[slot]++ == 0)
            {
                slots.Add(slot);
            }
        }

        var previous = -1;
        var words = text[1..(length - 1)];
        while (!words.IsEmpty)
        {
            var space = words.IndexOf(' ');
            var word = space < 0 ? words : words[..space];
            words = space < 0 ? [] : words[(space + 1)..];
            if (word.IsEmpty)
            {
                // Separators in a row make no empty token: the bigram runs across them.
                continue;
            }

            var term = _termLookup.TryGetValue(word, out var id) ? id : -1;
            if (term >= 0)
            {
                if (counts[_unigramSlots[term]]++ == 0)
                {
                    slots.Add(_unigramSlots[term]);
                }

                if (previous >= 0 && _bigrams.TryGetValue(Pair(previous, term), out var slot) && counts[slot]++ == 0)
                {
                    slots.Add(slot);
                }
            }

            previous = term;
        }

        Write(slots, counts, ref features);
    }

    private void Write(List<int> slots, int[] counts, ref VBuffer<float> features)
    {
        var editor = VBufferEditor.Create(ref features, Dimension, slots.Count, requireIndicesOnDense: true);
        var indices = editor.Indices[..slots.Count];
        CollectionsMarshal.AsSpan(slots).CopyTo(indices);
        indices.Sort();
        var split = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            var slot = indices[i];
            editor.Values[i] = counts[slot];
            counts[slot] = 0;
            split += slot < _charSlots ? 1 : 0;
        }

        Normalise(editor.Values[..split]);
        Normalise(editor.Values[split..indices.Length]);
        features = editor.Commit();
    }

    private static void Normalise(Span<float> values)
    {
        var sum = 0f;
        foreach (var value in values)
        {
            sum += value * value;
        }

        if (sum > 0)
        {
            var scale = 1 / MathF.Sqrt(sum);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= scale;
            }
        }
    }

    private static long Pair(int first, int second) => ((long)first << 32) | (uint)second;

    // "<␂>|i|<␠>|w": four characters, each written as itself or, for control characters and space, as its control picture in angle brackets.
    private static ulong? TryReadCharGram(ReadOnlySpan<char> name)
    {
        ulong gram = 0;
        for (var k = 0; k < CharGram; k++)
        {
            if (k > 0)
            {
                if (name.IsEmpty || name[0] != '|')
                {
                    return null;
                }

                name = name[1..];
            }

            char c;
            if (name.Length >= 3 && name[0] == '<' && name[2] == '>' && name[1] is >= ControlPictures and <= (char)(ControlPictures + 0x20))
            {
                c = (char)(name[1] - ControlPictures);
                name = name[3..];
            }
            else if (!name.IsEmpty && !char.IsSurrogate(name[0]) && name[0] > ' ' && name[0] != '\u007f' && name[0] is < '\u0080' or > '\u009f')
            {
                c = name[0];
                name = name[1..];
            }
            else
            {
                return null;
            }

            gram = (gram << 16) | c;
        }

        return name.IsEmpty ? gram : null;
    }

    /// <summary>One thread's working memory: the text without punctuation and the counts of its n-grams.</summary>
    internal sealed class Scratch
    {
        private char[] _text = new char[256];
        private int[] _counts = [];

        /// <summary>The slots counted in the current text, in order of first occurrence.</summary>
        public List<int> Slots { get; } = [];

        /// <summary>Counts by slot, all zero between texts.</summary>
        public int[] Counts(int dimension)
        {
            if (_counts.Length < dimension)
            {
                _counts = new int[dimension];
            }

            return _counts;
        }

        /// <summary>A buffer of at least <paramref name="length"/> characters.</summary>
        public Span<char> Text(int length)
        {
            if (_text.Length < length)
            {
                _text = new char[Math.Max(length, _text.Length * 2)];
            }

            return _text;
        }
    }
}
