using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class OwnWordsTests
{
    private static readonly CaseId Tariq = new("c1");
    private static readonly CaseId Nuh = new("c2");
    private static readonly Dictionary<CaseId, string> Pseudonyms = new() { [Tariq] = "Abu Tariq", [Nuh] = "Abu Nuh" };

    private static List<(string Said, CaseId? Speaker)> Find(string text, params CaseId[] cases) =>
        [.. OwnWords.Find(text, cases, Pseudonyms).Select(segment => (text[segment.Start..segment.End], segment.Speaker))];

    [Fact]
    public void In_a_transcript_the_answers_of_the_only_case_are_its_own_words()
    {
        const string text = "Q: Why did you go?\nA: To defend the people of Syria.\nQ: And why leave?\nA: They killed Sunnis.\nThey killed their own.";

        Find(text, Tariq).ShouldBe([("To defend the people of Syria.", Tariq), ("They killed Sunnis.\nThey killed their own.", Tariq)]);
    }

    [Fact]
    public void In_a_transcript_with_named_speakers_each_turn_goes_to_the_case_it_names()
    {
        const string text = "Interviewer: Tell us.\nAbu Tariq: I joined in 2013.\nInterviewer: And you?\nAbu Nuh: I never wanted to.";

        Find(text, Tariq, Nuh).ShouldBe([("I joined in 2013.", Tariq), ("I never wanted to.", Nuh)]);
    }

    [Theory]
    [InlineData("\"They executed people in the square every Friday,\" said Abu Tariq, who left in 2015.")]
    [InlineData("Abu Tariq told the paper: “They executed people in the square every Friday.”")]
    [InlineData("« They executed people in the square every Friday », a-t-il dit à Abu Tariq's lawyer.")]
    public void A_quote_attributed_to_the_case_by_name_is_its_own_words(string text)
    {
        Find(text, Tariq, Nuh).Single().Speaker.ShouldBe(Tariq);
    }

    [Theory]
    [InlineData("\"The commanders took the best houses,\" he said.")]
    [InlineData("« Les chefs prenaient les plus belles maisons », a-t-il dit.")]
    [InlineData("„Die Kommandeure nahmen die besten Häuser“, sagte er.")]
    public void A_quote_attributed_by_a_pronoun_is_the_own_words_of_the_only_case(string text)
    {
        Find(text, Tariq).Single().Speaker.ShouldBe(Tariq);
    }

    [Theory]
    [InlineData("\"The commanders took the best houses,\" said Colonel Smith, a spokesman.")]
    [InlineData("\"The commanders took the best houses,\" he said.", 2)]
    [InlineData("The group called it \"a caliphate\" in its magazine.")]
    [InlineData("\"The commanders took the best houses for themselves\" was painted on a wall.")]
    public void A_quote_that_cannot_be_pinned_on_a_case_stays_narration(string text, int cases = 1)
    {
        Find(text, cases == 1 ? [Tariq] : [Tariq, Nuh]).ShouldBeEmpty();
    }

    [Fact]
    public void A_source_about_no_case_has_no_own_words()
    {
        Find("A: They killed Sunnis.\nA: And more.").ShouldBeEmpty();
    }
}
