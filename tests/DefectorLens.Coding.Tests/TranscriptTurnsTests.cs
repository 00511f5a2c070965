using DefectorLens.Coding.Text;

namespace DefectorLens.Coding.Tests;

public sealed class TranscriptTurnsTests
{
    private const string Transcript = "Recorded in March.\nInterviewer: Why did you go?\nAbu Hamza: For the brothers.\nThey promised a salary too.\nInterviewer: And now?";

    [Theory]
    [InlineData("For the brothers", "Abu Hamza")]
    [InlineData("They promised", "Abu Hamza")]
    [InlineData("Why did you go", "Interviewer")]
    [InlineData("And now", "Interviewer")]
    public void The_speaker_of_a_line_is_the_label_of_the_turn_it_belongs_to(string words, string speaker)
    {
        TranscriptTurns.SpeakerAt(Transcript, Transcript.IndexOf(words, StringComparison.Ordinal)).ShouldBe(speaker);
    }

    [Fact]
    public void Text_before_any_turn_has_no_speaker()
    {
        TranscriptTurns.SpeakerAt(Transcript, 3).ShouldBeNull();
    }
}
