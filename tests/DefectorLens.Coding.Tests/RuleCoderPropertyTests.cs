using CsCheck;
using DefectorLens.Coding.Rules;
using DefectorLens.Coding.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Tests;

/// <summary>
/// The compiled matcher against a reference written for clarity, not speed: fold each character, cut words, and try every
/// rule at every word of every sentence. The texts run words together, start words with dropped units and clitic letters,
/// and the lexicon repeats a rule within a code and across codes, since the matcher's shortcuts live there.
/// </summary>
public sealed class RuleCoderPropertyTests
{
    private static readonly Codebook Codebook = new("prop", "1", "Property", "",
    [
        Code("leave.brutality", ("en", "execut*"), ("en", "tortured"), ("en", "public execution*"), ("fr", "exécut*"), ("de", "hinricht*"), ("ar", "الإعدام"), ("ar", "اعدم*")),
        Code("leave.corruption", ("en", "emirs had cars"), ("en", "favourit*"), ("en", "favouritism"), ("en", "fav*"), ("de", "korrupt*")),
        Code("join.syria-conflict", ("en", "assad regime"), ("en", "barrel bomb*"), ("en", "regime"), ("ar", "النظام"), ("ar", "براميل متفجر*"), ("en", "regime")),
        Code("join.belonging", ("en", "i had no friends"), ("en", "brothers"), ("fr", "fraternité"), ("fr", "frères d'armes")),
        Code("risk.prosecution", ("en", "prison*"), ("en", "pri*"), ("en", "p*"), ("de", "gefängnis"), ("ar", "السجن")),
        Code("risk.reprisal", ("ar", "ب*"), ("ar", "و"), ("en", "tortured"), ("en", "no friends")),
    ]);

    private static readonly RuleCoder Coder = new(Codebook);

    private static readonly string[] Pieces =
    [
        "executed", "Execution", "EXÉCUTIONS", "tortured", "public", "executions", "emirs", "had", "cars", "favouritism",
        "favourite", "fav", "Assad", "regime", "barrel", "bombs", "i", "I", "had", "no", "friends", "brothers", "fraternité",
        "frères", "d'armes", "prison", "prisoners", "pri", "p", "Hinrichtung", "korrupte", "Gefängnis", "gefangnis",
        "الإعدام", "الاعدام", "الإعـــدام", "والإعدام", "وبالإعدام", "بالإعدام", "اعدموا", "النظام", "للنظام", "براميل", "متفجرة",
        "السجن", "وللسجن", "the", "and", "we", "saw", "ما", "لم", "never", "not", "didn", "t", "jamais", "nie", "keine",
        "reg\u0301ime", "tor\u00ADtured", "exe\u0640cuted", "الإعدامَ", "x", "42", "execution42", "\u0640", "\u0640النظام", "بالسجن", "و", "ب",
    ];

    private static readonly string[] Joints = [" ", " ", " ", "  ", ", ", ". ", "! ", "? ", "\n", " - ", "'", "…", "؟ ", ".\n", "\u200C", "", "\u0640"];

    private static readonly Gen<string> Texts =
        Gen.Select(Gen.Int[0, Pieces.Length - 1], Gen.Int[0, Joints.Length - 1])
            .Array[0, 40]
            .Select(parts => string.Concat(parts.Select(part => Pieces[part.Item1] + Joints[part.Item2])));

    private static readonly Gen<string?> Languages = Gen.Int[0, 4].Select(i => new string?[] { null, "en", "fr", "de", "ar" }[i]);

    [Fact]
    public void The_compiled_matcher_codes_the_same_sentences_with_the_same_rules_as_the_reference()
    {
        Gen.Select(Texts, Languages).Sample(
            (text, language) => Describe(Coder.Code(text, language)).ShouldBe(Reference.Code(Codebook, text, language), $"text: {text}"),
            iter: 2000, threads: 1);
    }

    [Fact]
    public void A_whole_text_carries_the_codes_and_rules_of_its_sentences()
    {
        Gen.Select(Texts, Languages).Sample(
            (text, language) =>
            {
                var whole = Coder.CodeWhole(text, language).Select(coding => $"{coding.Code.Value}: {string.Join(", ", coding.Rules.Select(rule => rule.ToString()).Order())}");
                var bySentence = Reference.Code(Codebook, text, language)
                    .Select(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..])
                    .Select(line => (Code: line[..line.IndexOf(':', StringComparison.Ordinal)], Rules: line[(line.IndexOf(':', StringComparison.Ordinal) + 2)..].Split(", ")))
                    .GroupBy(line => line.Code)
                    .Select(group => $"{group.Key}: {string.Join(", ", group.SelectMany(line => line.Rules).Distinct().Order())}");
                whole.Order().ShouldBe(bySentence.Order(), $"text: {text}");
            },
            iter: 1000, threads: 1);
    }

    private static IEnumerable<string> Describe(IReadOnlyList<RuleCoding> codings) =>
        codings.Select(coding => $"{coding.Start}-{coding.End} {coding.Code.Value}: {string.Join(", ", coding.Rules.Select(rule => rule.ToString()).Order())}").Order();

    private static Code Code(string id, params (string Language, string Pattern)[] lexicon) =>
        new(new CodeId(id), id, "", [], [], [], null, [.. lexicon.Select(rule => new LexiconRule(rule.Language, rule.Pattern))]);

    /// <summary>The lexicon's rules applied the slow, obvious way.</summary>
    private static class Reference
    {
        private const int NegationWindow = 3;

        public static List<string> Code(Codebook codebook, string text, string? language)
        {
            var languages = codebook.Leaves.SelectMany(code => code.Lexicon).Select(rule => rule.Language).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var applies = language is not null && languages.Contains(language)
                ? (Func<LexiconRule, bool>)(rule => string.Equals(rule.Language, language, StringComparison.OrdinalIgnoreCase))
                : _ => true;
            var negations = LexiconMatcher.NegationCues.Select(TextFolding.FoldPhrase).ToHashSet(StringComparer.Ordinal);
            var result = new List<string>();
            foreach (var (start, end) in Sentences.Split(text))
            {
                var words = FoldedWords(text[start..end]);
                foreach (var code in codebook.Leaves)
                {
                    var fired = code.Lexicon.Where(applies)
                        .Where(rule => Enumerable.Range(0, words.Count).Any(at => MatchesAt(Pattern(rule.Pattern), words, at, negations)))
                        .Select(rule => rule.ToString())
                        .Distinct()
                        .Order()
                        .ToList();
                    if (fired.Count > 0)
                    {
                        result.Add($"{start}-{end} {code.Id.Value}: {string.Join(", ", fired)}");
                    }
                }
            }

            return [.. result.Order()];
        }

        private static bool MatchesAt(List<(string Word, bool IsPrefix)> pattern, List<string> words, int at, HashSet<string> negations)
        {
            if (pattern.Count == 0 || at + pattern.Count > words.Count)
            {
                return false;
            }

            for (var k = 0; k < pattern.Count; k++)
            {
                var (word, isPrefix) = pattern[k];
                if (!Forms(words[at + k]).Any(form => isPrefix ? form.StartsWith(word, StringComparison.Ordinal) : form == word))
                {
                    return false;
                }
            }

            return !Enumerable.Range(Math.Max(0, at - NegationWindow), at - Math.Max(0, at - NegationWindow)).Any(before => negations.Contains(words[before]));
        }

        // A word, and its stem once Arabic clitics (a conjunction, then a preposition) are set aside.
        private static IEnumerable<string> Forms(string word)
        {
            yield return word;
            var stem = ArabicClitics.StemStart(word[0], word.Length > 1 ? word[1] : '\0', word.Length);
            if (stem > 0)
            {
                yield return word[stem..];
            }
        }

        private static List<(string Word, bool IsPrefix)> Pattern(string pattern)
        {
            var folded = TextFolding.FoldPhrase(pattern);
            return [.. Words.Of(folded, 0, folded.Length).Select(span => (folded[span.Start..span.End], span.End < folded.Length && folded[span.End] == '*'))];
        }

        // Words are runs of characters that fold to letters or digits; characters folding drops neither end nor join them.
        private static List<string> FoldedWords(string sentence)
        {
            var words = new List<string>();
            var current = new System.Text.StringBuilder();
            foreach (var unit in sentence)
            {
                var folded = TextFolding.FoldPhrase(unit.ToString());
                if (folded.Length == 0)
                {
                    continue;
                }

                if (char.IsLetterOrDigit(folded[0]))
                {
                    current.Append(folded[0]);
                }
                else if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }

            if (current.Length > 0)
            {
                words.Add(current.ToString());
            }

            return words;
        }
    }
}
