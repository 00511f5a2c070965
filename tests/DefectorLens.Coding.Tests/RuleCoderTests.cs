using DefectorLens.Coding.Rules;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Tests;

public sealed class RuleCoderTests
{
    private static readonly Codebook Codebook = new("test", "2", "Test", "",
    [
        Code("leave", []),
        Code("leave.brutality", [new("en", "execut*"), new("en", "tortured"), new("fr", "exécut*"), new("de", "hinricht*"), new("ar", "الإعدام")]),
        Code("leave.corruption", [new("en", "emirs had cars"), new("en", "favourit*")]),
        Code("join", []),
        Code("join.syria-conflict", [new("en", "assad regime"), new("en", "barrel bomb*")]),
    ]);

    private static Code Code(string id, LexiconRule[] lexicon) => new(new CodeId(id), id, "", [], [], [], null, [.. lexicon]);

    private static readonly RuleCoder Coder = new(Codebook);

    [Fact]
    public void Each_coded_sentence_names_its_code_and_the_rules_that_fired()
    {
        var text = "I came because of the Assad regime and its barrel bombs. Later they executed a boy in the square.";

        var codings = Coder.Code(text, "en");

        codings.Count.ShouldBe(2);
        codings[0].Code.ShouldBe(new CodeId("join.syria-conflict"));
        text[codings[0].Start..codings[0].End].ShouldBe("I came because of the Assad regime and its barrel bombs.");
        codings[0].Explanation.ShouldBe("lexicon en:\"assad regime\", en:\"barrel bomb*\"");
        codings[0].Confidence.ShouldBe(0.75);
        codings[1].Code.ShouldBe(new CodeId("leave.brutality"));
        codings[1].Confidence.ShouldBe(0.5);
    }

    [Fact]
    public void Phrases_match_whole_words_only()
    {
        Coder.Code("The unfavourable weather and the persecution of Christians.", "en").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("I was never tortured by them.")]
    [InlineData("They did not execute anyone I knew.")]
    public void A_negated_phrase_is_not_evidence(string sentence)
    {
        Coder.Code(sentence, "en").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("fr", "Les EXÉCUTIONS publiques m'ont dégoûté.")]
    [InlineData("de", "Die Hinrichtungen auf dem Markt waren zu viel.")]
    [InlineData("ar", "رأيت الاعدام في الساحة")]
    [InlineData("ar", "وبالإعدام انتهى كل شيء")]
    public void Rules_match_in_each_language_after_folding_and_arabic_clitics(string language, string text)
    {
        Coder.Code(text, language).Select(coding => coding.Code.Value).ShouldBe(["leave.brutality"]);
    }

    [Fact]
    public void Only_the_rules_of_the_text_language_apply_and_all_apply_when_it_is_unknown()
    {
        const string text = "Die Hinrichtungen. The emirs had cars.";

        Coder.Code(text, "en").Select(coding => coding.Code.Value).ShouldBe(["leave.corruption"]);
        Coder.Code(text, null).Select(coding => coding.Code.Value).ShouldBe(["leave.brutality", "leave.corruption"]);
    }

    [Fact]
    public void A_coded_sentence_spans_the_original_text_including_vowel_marks_folding_ignores()
    {
        const string text = "قال: رأيت الإعدامَ. ثم سكت";

        var coding = Coder.Code(text, "ar").ShouldHaveSingleItem();

        text[coding.Start..coding.End].ShouldBe("قال: رأيت الإعدامَ.");
    }

    [Theory]
    [InlineData("They execute people there. Nobody was tortured.", 1)]
    [InlineData("Nothing. They executed him.", 1)]
    [InlineData("The emirs had cars and there was favouritism.", 1)]
    public void Negation_reaches_back_three_words_within_the_sentence_only(string text, int codings)
    {
        Coder.Code(text, "en").Count.ShouldBe(codings);
    }

    [Fact]
    public void A_whole_text_carries_each_code_once_with_every_rule_that_fired()
    {
        var codings = Coder.CodeWhole("They executed him. Later I was tortured. The emirs had cars.", "en");

        codings.Select(coding => (coding.Code.Value, coding.Explanation)).ShouldBe(
        [
            ("leave.brutality", "lexicon en:\"execut*\", en:\"tortured\""),
            ("leave.corruption", "lexicon en:\"emirs had cars\""),
        ]);
    }

    [Fact]
    public void The_coder_is_named_after_the_codebook_version()
    {
        Coder.Coder.ShouldBe(new Coder("lexicon", CoderKind.Rules, "test@2"));
    }
}
