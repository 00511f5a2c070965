using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DefectorLens.Coding.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Rules;

/// <summary>Codes text with the codebook's lexicon rules, sentence by sentence, saying which rules fired.</summary>
/// <remarks>
/// Rules of the text's language apply; when the language is unknown, rules of every language apply.
/// Confidence grows with the number of distinct rules that fired for a code in a sentence: 1 − 0.5^n.
/// </remarks>
public sealed class RuleCoder
{
    private readonly LexiconMatcher _allLanguages;
    private readonly Dictionary<string, LexiconMatcher> _byLanguage;

    /// <summary>Compiles the lexicon of a codebook's leaf codes.</summary>
    public RuleCoder(Codebook codebook)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        var leaves = codebook.Leaves.ToList();
        Coder = new Coder("lexicon", CoderKind.Rules, $"{codebook.Id}@{codebook.Version}");
        CodebookVersion = codebook.Version;
        _allLanguages = LexiconMatcher.Compile(leaves, _ => true);
        _byLanguage = leaves
            .SelectMany(code => code.Lexicon.Select(rule => rule.Language))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                language => language,
                language => LexiconMatcher.Compile(leaves, other => string.Equals(other, language, StringComparison.OrdinalIgnoreCase)),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The coder its codings are attributed to: <c>lexicon</c>, version <c>codebook@version</c>.</summary>
    public Coder Coder { get; }

    /// <summary>The version of the codebook the rules came from.</summary>
    public string CodebookVersion { get; }

    /// <summary>The sentences of a text that the lexicon codes, each with its codes and the rules that fired.</summary>
    /// <param name="text">The text.</param>
    /// <param name="language">ISO 639-1 code of the text's language, or null when unknown.</param>
    public IReadOnlyList<RuleCoding> Code(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var codings = new ChunkedList<RuleCoding>();
        MatcherFor(language).Find(text, new LexiconMatcher.Scratch(), [], new CodingsBySentence(text, codings));
        return codings;
    }

    /// <summary>The codes the lexicon finds anywhere in a text, each with every rule that fired for it, in order of first firing.</summary>
    /// <param name="text">The text, coded as one unit.</param>
    /// <param name="language">ISO 639-1 code of the text's language, or null when unknown.</param>
    public IReadOnlyList<RuleCoding> CodeWhole(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hits = new List<LexiconMatcher.Hit>();

        // Phrases and negation stay within a sentence; the hits of all sentences make one coding per code.
        MatcherFor(language).Find(text, new LexiconMatcher.Scratch(), hits, default(KeepHits));
        var codings = new ChunkedList<RuleCoding>();
        AddCodings(hits, 0, text.Length, codings);
        return codings;
    }

    // One coding per code, in order of first firing, naming its distinct rules in order of firing. Hits are few per
    // span, so plain loops beat grouping (which allocates per span), and the rules are counted before the one array
    // that holds them is made.
    private static void AddCodings(List<LexiconMatcher.Hit> hits, int start, int end, ChunkedList<RuleCoding> codings)
    {
        var all = CollectionsMarshal.AsSpan(hits);
        for (var i = 0; i < all.Length; i++)
        {
            var code = all[i].CodeNumber;
            if (IndexOfCode(all[..i], code) >= 0)
            {
                continue;
            }

            var count = 0;
            for (var j = i; j < all.Length; j++)
            {
                if (all[j].CodeNumber == code && IsFirstFiring(all, i, j))
                {
                    count++;
                }
            }

            var rules = all[i].Alone;
            if (count > 1)
            {
                var array = new LexiconRule[count];
                count = 0;
                for (var j = i; j < all.Length; j++)
                {
                    if (all[j].CodeNumber == code && IsFirstFiring(all, i, j))
                    {
                        array[count++] = all[j].Rule;
                    }
                }

                rules = ImmutableCollectionsMarshal.AsImmutableArray(array);
            }

            codings.Add(new RuleCoding(start, end, all[i].Code, rules));
        }
    }

    // True when hit j's rule did not fire for the same code among hits first..j-1 (a hit is one instance per code and rule).
    private static bool IsFirstFiring(ReadOnlySpan<LexiconMatcher.Hit> hits, int first, int j)
    {
        for (var k = first; k < j; k++)
        {
            if (ReferenceEquals(hits[k], hits[j]))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOfCode(ReadOnlySpan<LexiconMatcher.Hit> hits, int codeNumber)
    {
        for (var k = 0; k < hits.Length; k++)
        {
            if (hits[k].CodeNumber == codeNumber)
            {
                return k;
            }
        }

        return -1;
    }

    // Codes each sentence that has hits, then forgets them for the next.
    private readonly struct CodingsBySentence(string text, ChunkedList<RuleCoding> codings) : LexiconMatcher.ISentences
    {
        public void Ended(int start, int end, List<LexiconMatcher.Hit> hits)
        {
            // A sentence with hits has words, so trimming leaves something.
            if (hits.Count > 0 && Sentences.Trim(text, start, end) is { } sentence)
            {
                AddCodings(hits, sentence.Start, sentence.End, codings);
                hits.Clear();
            }
        }
    }

    private readonly struct KeepHits : LexiconMatcher.ISentences
    {
        public void Ended(int start, int end, List<LexiconMatcher.Hit> hits)
        {
        }
    }

    private LexiconMatcher MatcherFor(string? language) =>
        language is not null && _byLanguage.TryGetValue(language, out var forLanguage) ? forLanguage : _allLanguages;
}

/// <summary>A sentence the lexicon codes with a code.</summary>
/// <param name="Start">First character of the sentence in the original text.</param>
/// <param name="End">End of the sentence in the original text, exclusive.</param>
/// <param name="Code">The code.</param>
/// <param name="Rules">The distinct rules that fired.</param>
public readonly record struct RuleCoding(int Start, int End, CodeId Code, ImmutableArray<LexiconRule> Rules)
{
    /// <summary>1 − 0.5^(number of rules): derived rather than stored, as a long text's codings are many.</summary>
    public double Confidence => 1 - Math.ScaleB(1.0, -Rules.Length);

    /// <summary>The explanation stored with the coding: which rules fired.</summary>
    public string Explanation => "lexicon " + string.Join(", ", Rules);
}
