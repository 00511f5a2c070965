using System.Collections.Immutable;
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
        var matcher = MatcherFor(language);
        var scratch = new LexiconMatcher.Scratch();
        var hits = new List<LexiconMatcher.Hit>();
        var codings = new List<RuleCoding>();
        foreach (var (start, end) in Sentences.Split(text))
        {
            hits.Clear();
            matcher.Find(text, start, end, scratch, hits);
            AddCodings(hits, start, end, codings);
        }

        return codings;
    }

    /// <summary>The codes the lexicon finds anywhere in a text, each with every rule that fired for it, in order of first firing.</summary>
    /// <param name="text">The text, coded as one unit.</param>
    /// <param name="language">ISO 639-1 code of the text's language, or null when unknown.</param>
    public IReadOnlyList<RuleCoding> CodeWhole(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matcher = MatcherFor(language);
        var scratch = new LexiconMatcher.Scratch();
        var hits = new List<LexiconMatcher.Hit>();
        foreach (var (start, end) in Sentences.Split(text))
        {
            // Phrases and negation stay within a sentence; the hits of all sentences make one coding per code.
            matcher.Find(text, start, end, scratch, hits);
        }

        var codings = new List<RuleCoding>();
        AddCodings(hits, 0, text.Length, codings);
        return codings;
    }

    // One coding per code, in order of first firing, naming its distinct rules in order of firing. Hits are few per
    // span, so plain loops beat grouping (which allocates per span).
    private static void AddCodings(List<LexiconMatcher.Hit> hits, int start, int end, List<RuleCoding> codings)
    {
        for (var i = 0; i < hits.Count; i++)
        {
            var code = hits[i].Code;
            if (IndexOfCode(hits, code, 0, i) >= 0)
            {
                continue;
            }

            ImmutableArray<LexiconRule>.Builder? more = null;
            for (var j = IndexOfCode(hits, code, i + 1, hits.Count); j >= 0; j = IndexOfCode(hits, code, j + 1, hits.Count))
            {
                var rule = hits[j].Rule;
                if (rule != hits[i].Rule && (more is null || !more.Contains(rule)))
                {
                    more ??= ImmutableArray.CreateBuilder<LexiconRule>();
                    more.Add(rule);
                }
            }

            if (more is not null)
            {
                more.Insert(0, hits[i].Rule);
            }

            var rules = more?.ToImmutable() ?? hits[i].Alone;
            codings.Add(new RuleCoding(start, end, code, rules, ConfidenceOf(rules.Length)));
        }
    }

    private static int IndexOfCode(List<LexiconMatcher.Hit> hits, CodeId code, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (hits[k].Code == code)
            {
                return k;
            }
        }

        return -1;
    }

    private static double ConfidenceOf(int rules) => 1 - Math.Pow(0.5, rules);

    private LexiconMatcher MatcherFor(string? language) =>
        language is not null && _byLanguage.TryGetValue(language, out var forLanguage) ? forLanguage : _allLanguages;
}

/// <summary>A sentence the lexicon codes with a code.</summary>
/// <param name="Start">First character of the sentence in the original text.</param>
/// <param name="End">End of the sentence in the original text, exclusive.</param>
/// <param name="Code">The code.</param>
/// <param name="Rules">The distinct rules that fired.</param>
/// <param name="Confidence">1 − 0.5^(number of rules).</param>
public sealed record RuleCoding(int Start, int End, CodeId Code, ImmutableArray<LexiconRule> Rules, double Confidence)
{
    /// <summary>The explanation stored with the coding: which rules fired.</summary>
    public string Explanation => "lexicon " + string.Join(", ", Rules);
}
