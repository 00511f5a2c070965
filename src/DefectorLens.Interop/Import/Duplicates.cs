using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Import;

/// <summary>Fingerprints of a source's text: a hash for exact duplicates, a MinHash signature for near-duplicates.</summary>
/// <remarks>
/// The signature is taken over word 3-shingles (three consecutive words, case and punctuation ignored), so that a
/// wire story re-published with another headline, a sentence added or a paragraph cut keeps most of its shingles. Each
/// of the <see cref="SignatureLength"/> values is the least of one hash function over the shingles; the share of equal
/// values between two signatures estimates the Jaccard similarity of their shingle sets.
/// </remarks>
public static class Fingerprints
{
    /// <summary>How many hash functions the signature has: four vectors of eight in <see cref="MinHash"/>, one byte each in a sketch.</summary>
    public const int SignatureLength = 32;

    /// <summary>Fewer shingles than this and the text is too short for a similarity to mean anything.</summary>
    public const int FewestShingles = 8;

    private const int ShingleWords = 3;

    // Odd multipliers and offsets of the hash family h_i(x) = a_i * x + b_i (mod 2^64), fixed so signatures stay comparable.
    private static readonly ulong[] Multipliers = Family(0x9E3779B97F4A7C15UL, odd: true);
    private static readonly ulong[] Offsets = Family(0xC2B2AE3D27D4EB4FUL, odd: false);

    /// <summary>The fingerprint of a source's stored text.</summary>
    public static SourceFingerprint Of(SourceId source, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new SourceFingerprint(source, TextHash(text), MinHash(text));
    }

    /// <summary>SHA-256 of the text's UTF-8 bytes, lower-case hex.</summary>
    public static string TextHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Encoded into a pooled buffer: a fresh array per source cost the collector as much as the text itself.
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8))));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The MinHash signature of the text's word 3-shingles; empty when the text has too few of them.</summary>
    public static ImmutableArray<ulong> MinHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The 32 hash functions as four vectors of eight, held in registers with their minimums: this loop runs once per
        // word of every document imported.
        ReadOnlySpan<ulong> multipliers = Multipliers, offsets = Offsets;
        var (m0, m1, m2, m3) = (Vector512.Create(multipliers), Vector512.Create(multipliers[8..]), Vector512.Create(multipliers[16..]), Vector512.Create(multipliers[24..]));
        var (o0, o1, o2, o3) = (Vector512.Create(offsets), Vector512.Create(offsets[8..]), Vector512.Create(offsets[16..]), Vector512.Create(offsets[24..]));
        var (min0, min1, min2, min3) = (Vector512<ulong>.AllBitsSet, Vector512<ulong>.AllBitsSet, Vector512<ulong>.AllBitsSet, Vector512<ulong>.AllBitsSet);
        // The last two words' hashes, already finalised: each word's is worked out once, not once for each of its shingles.
        var (first, second) = (0UL, 0UL);
        var (words, shingles) = (0, 0);
        var word = FnvOffset;
        var inWord = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            // ASCII first: most text is, and the general Unicode tests cost more than the rest of the loop.
            var isWordChar = char.IsAscii(c) ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c);
            if (isWordChar)
            {
                word = (word ^ (char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : char.ToLowerInvariant(c))) * FnvPrime;
                inWord = true;
                continue;
            }

            if (!inWord)
            {
                continue;
            }

            var finalised = Finalise(word);
            if (++words >= ShingleWords)
            {
                var shingle = Vector512.Create(Mix(first, second, finalised));
                shingles++;
                min0 = Vector512.Min(min0, (m0 * shingle) + o0);
                min1 = Vector512.Min(min1, (m1 * shingle) + o1);
                min2 = Vector512.Min(min2, (m2 * shingle) + o2);
                min3 = Vector512.Min(min3, (m3 * shingle) + o3);
            }

            (first, second, word, inWord) = (second, finalised, FnvOffset, false);
        }

        if (shingles < FewestShingles)
        {
            return [];
        }

        var signature = new ulong[SignatureLength];
        min0.CopyTo(signature);
        min1.CopyTo(signature, 8);
        min2.CopyTo(signature, 16);
        min3.CopyTo(signature, 24);
        return ImmutableCollectionsMarshal.AsImmutableArray(signature);
    }

    /// <summary>The share of equal values of two signatures, an estimate of the Jaccard similarity of their shingles; 0 when their lengths differ.</summary>
    public static double Similarity(ReadOnlySpan<ulong> first, ReadOnlySpan<ulong> second)
    {
        if (first.IsEmpty || first.Length != second.Length)
        {
            return 0;
        }

        // Four values at a time: a new source is compared with every stored one that shares a band with it.
        var equal = 0;
        var i = 0;
        for (; i + Vector256<ulong>.Count <= first.Length; i += Vector256<ulong>.Count)
        {
            equal += BitOperations.PopCount(Vector256.Equals(Vector256.Create(first[i..]), Vector256.Create(second[i..])).ExtractMostSignificantBits());
        }

        for (; i < first.Length; i++)
        {
            equal += first[i] == second[i] ? 1 : 0;
        }

        return (double)equal / first.Length;
    }

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    // Order matters in a shingle: "he left them" is not "them left he". The three words' hashes come finalised.
    private static ulong Mix(ulong a, ulong b, ulong c) => Finalise((a * 31) ^ (b * 17) ^ c);

    // SplitMix64's finaliser: spreads the bits of a weak hash so that min-wise hashing works on it.
    private static ulong Finalise(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong[] Family(ulong seed, bool odd)
    {
        var values = new ulong[SignatureLength];
        var state = seed;
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            values[i] = Finalise(state) | (odd ? 1UL : 0UL);
        }

        return values;
    }
}

/// <summary>Finds, among the sources seen so far, the original a new source repeats.</summary>
/// <remarks>
/// Exact duplicates are found by text hash. Near-duplicates by locality-sensitive hashing: the signature is cut into
/// <see cref="Bands"/> bands of <see cref="Rows"/> values, and only sources sharing a whole band with the new one are
/// compared, so that the cost does not grow with the corpus. With 8 bands of 4, a pair at similarity 0.7 is found with
/// probability 1 - (1 - 0.7^4)^8 ≈ 0.96, a pair at 0.3 is compared with probability 0.06. A duplicate is linked to the
/// original of what it matches, never to another duplicate, so that a story re-published ten times has one original.
/// </remarks>
public sealed class DuplicateIndex
{
    /// <summary>The least estimated similarity for a near-duplicate.</summary>
    public const double NearThreshold = 0.7;

    private const int Bands = 8;
    private const int Rows = Fingerprints.SignatureLength / Bands;
    private const int Width = Fingerprints.SignatureLength;

    // The fewest equal values of a pair at NearThreshold or above.
    private static readonly int FewestEqual = (int)Math.Ceiling(NearThreshold * Width);

    private readonly Dictionary<string, SourceId> _byText = new(StringComparer.Ordinal);
    // One table per band, from the band's key to the one source that has it, or to ~i for the i-th of _buckets when
    // several do. Most keys belong to one source: an object per key made every full collection of a large import mark
    // millions of them.
    private readonly Dictionary<ulong, int>[] _bands = [.. Enumerable.Range(0, Bands).Select(_ => new Dictionary<ulong, int>())];
    private readonly List<Bucket> _buckets = [];
    // The signatures end to end, Width values each, their sketches, and their sources, all by the same index.
    private ulong[] _signatures = new ulong[1024 * Width];
    private Vector256<byte>[] _sketches = new Vector256<byte>[1024];
    private readonly List<SourceId> _sources = [];
    private readonly Dictionary<SourceId, SourceId> _originals = [];
    private readonly HashSet<SourceId> _forgotten = [];

    /// <summary>An index of the stored sources' fingerprints and the links already made.</summary>
    public DuplicateIndex(IEnumerable<SourceFingerprint> fingerprints, IEnumerable<DuplicateLink> links)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        ArgumentNullException.ThrowIfNull(links);
        foreach (var link in links)
        {
            _originals[link.Source] = link.Original;
        }

        foreach (var fingerprint in fingerprints)
        {
            Add(fingerprint);
        }
    }

    /// <summary>The link from the source to the original it repeats, or null when it repeats nothing seen.</summary>
    /// <remarks>
    /// In a corpus of similar stories one band can be shared by thousands of sources. Each is first compared by its
    /// sketch, the low byte of each value, read in order from the band's bucket: values that differ have different
    /// bytes often enough that few sources pass, and since equal values have equal bytes, none that passes the
    /// threshold is missed. Only those are compared value by value.
    /// </remarks>
    public DuplicateLink? Find(SourceFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (_byText.TryGetValue(fingerprint.TextHash, out var same) && !_forgotten.Contains(same))
        {
            return new DuplicateLink(fingerprint.Source, OriginalOf(same), DuplicateKind.Exact, 1);
        }

        var signature = fingerprint.MinHash;
        if (signature.Length != Width)
        {
            return null;
        }

        var sketch = Sketch(signature.AsSpan());
        var (best, bestSimilarity) = (-1, 0.0);
        for (var band = 0; band < Bands; band++)
        {
            if (!_bands[band].TryGetValue(BandKey(signature.AsSpan(), band), out var slot))
            {
                continue;
            }

            if (slot >= 0)
            {
                Compare(slot, _sketches[slot]);
                continue;
            }

            var bucket = _buckets[~slot];
            for (var i = 0; i < bucket.Count; i++)
            {
                Compare(bucket.Member(i), bucket.Sketch(i));
            }
        }

        return best >= 0 && bestSimilarity >= NearThreshold
            ? new DuplicateLink(fingerprint.Source, OriginalOf(_sources[best]), DuplicateKind.Near, bestSimilarity)
            : null;

        void Compare(int candidate, Vector256<byte> candidateSketch)
        {
            if (BitOperations.PopCount(Vector256.Equals(sketch, candidateSketch).ExtractMostSignificantBits()) < FewestEqual)
            {
                return;
            }

            // A source in several of these bands comes here once for each: its similarity is no greater the second time.
            if (_forgotten.Count > 0 && _forgotten.Contains(_sources[candidate]))
            {
                return;
            }

            var similarity = Fingerprints.Similarity(signature.AsSpan(), _signatures.AsSpan(candidate * Width, Width));
            if (similarity > bestSimilarity)
            {
                (best, bestSimilarity) = (candidate, similarity);
            }
        }
    }

    /// <summary>Adds a stored source, and its link when it is a duplicate.</summary>
    public void Add(SourceFingerprint fingerprint, DuplicateLink? link = null)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (link is not null)
        {
            _originals[link.Source] = link.Original;
        }

        _forgotten.Remove(fingerprint.Source);
        _byText.TryAdd(fingerprint.TextHash, fingerprint.Source);
        if (fingerprint.MinHash.Length != Width)
        {
            return;
        }

        var index = _sources.Count;
        if (_sketches.Length == index)
        {
            Array.Resize(ref _signatures, _signatures.Length * 2);
            Array.Resize(ref _sketches, _sketches.Length * 2);
        }

        var signature = fingerprint.MinHash.AsSpan();
        signature.CopyTo(_signatures.AsSpan(index * Width, Width));
        _sources.Add(fingerprint.Source);
        var sketch = _sketches[index] = Sketch(signature);
        for (var band = 0; band < Bands; band++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_bands[band], BandKey(signature, band), out var shared);
            if (!shared)
            {
                slot = index;
            }
            else if (slot >= 0)
            {
                var bucket = new Bucket();
                bucket.Add(slot, _sketches[slot]);
                bucket.Add(index, sketch);
                _buckets.Add(bucket);
                slot = ~(_buckets.Count - 1);
            }
            else
            {
                _buckets[~slot].Add(index, sketch);
            }
        }
    }

    /// <summary>Takes sources out of the index: they were added, but their file could not be stored after all.</summary>
    public void Forget(IEnumerable<SourceId> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _forgotten.UnionWith(sources);
        foreach (var (text, source) in _byText.Where(pair => _forgotten.Contains(pair.Value)).ToList())
        {
            _byText.Remove(text);
        }
    }

    private SourceId OriginalOf(SourceId source) => _originals.GetValueOrDefault(source, source);

    private static ulong BandKey(ReadOnlySpan<ulong> signature, int band)
    {
        var key = 0xCBF29CE484222325UL;
        foreach (var value in signature.Slice(band * Rows, Rows))
        {
            key = (key ^ value) * 0x100000001B3UL;
        }

        return key;
    }

    // The low byte of each value: Width bytes, one vector.
    private static Vector256<byte> Sketch(ReadOnlySpan<ulong> signature)
    {
        Span<byte> bytes = stackalloc byte[Width];
        for (var i = 0; i < Width; i++)
        {
            bytes[i] = (byte)signature[i];
        }

        return Vector256.Create<byte>(bytes);
    }

    /// <summary>The sources that share one band's key, with their sketches side by side so that a scan of thousands reads memory in order.</summary>
    private sealed class Bucket
    {
        private int[] _members = new int[2];
        private Vector256<byte>[] _sketches = new Vector256<byte>[2];

        public int Count { get; private set; }

        public int Member(int i) => _members[i];

        public Vector256<byte> Sketch(int i) => _sketches[i];

        public void Add(int member, Vector256<byte> sketch)
        {
            if (Count == _members.Length)
            {
                Array.Resize(ref _members, Count * 2);
                Array.Resize(ref _sketches, Count * 2);
            }

            (_members[Count], _sketches[Count]) = (member, sketch);
            Count++;
        }
    }
}
