using DefectorLens.Coding.Text;

namespace DefectorLens.Coding.Tests;

public sealed class SentencesTests
{
    [Fact]
    public void Sentences_end_at_terminal_punctuation_and_at_line_breaks()
    {
        var text = "They executed him. \"Why?\" I asked.\nInterviewer: And then?\nAbu Hamza: I left… هل تفهم؟ نعم";

        var sentences = Sentences.Split(text).Select(span => text[span.Start..span.End]).ToList();

        sentences.ShouldBe(["They executed him.", "\"Why?\"", "I asked.", "Interviewer: And then?", "Abu Hamza: I left…", "هل تفهم؟", "نعم"]);
    }

    [Fact]
    public void A_full_stop_inside_a_number_does_not_end_a_sentence()
    {
        var text = "They paid 1.5 million. Then nothing.";

        Sentences.Split(text).Count().ShouldBe(2);
    }
}
