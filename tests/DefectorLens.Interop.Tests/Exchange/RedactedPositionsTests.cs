using CsCheck;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;

namespace DefectorLens.Interop.Tests.Exchange;

/// <summary>Coded spans follow a text through redaction: they stay inside it, and those away from a replacement keep their words.</summary>
public sealed class RedactedPositionsTests
{
    private static readonly Redactor Redactor = Redactor.For(RedactionSubject.From(
        CaseIdentity.For(new CaseId("c1")) with { RealName = "Zoltan Quibblewick", Aliases = ["Abu Quibble al-Marsawi"], Contact = "zq@example.org" },
        "Abu Tariq"));

    private static readonly string[] Words =
    [
        "Zoltan Quibblewick", "Quibblewick", "Abu Quibble al-Marsawi", "Abou Quibble el-Marsawi", "zq@example.org", "write to zq.other@example.com",
        "+90 555 123 4567", "12 Example Street", "They", "executed", "a boy", "in the", "square.", "Nobody", "fought", "\n", "\U0001F600", "أبو", "é",
    ];

    private static readonly Gen<(string Text, (int, int)[] Selections)> Texts =
        Gen.Int[0, Words.Length - 1].Select(i => Words[i]).Array[1, 40].Select(words => string.Join(" ", words))
            .SelectMany(text => Gen.Select(Gen.Int[0, text.Length], Gen.Int[0, text.Length])
                .Select(pair => (Math.Min(pair.Item1, pair.Item2), Math.Max(pair.Item1, pair.Item2))).Array[1, 12]
                .Select(selections => (text, selections)));

    [Fact]
    public void Every_selection_maps_inside_the_redacted_text_and_one_away_from_every_replacement_keeps_its_exact_text()
    {
        Texts.Sample(sample =>
        {
            var (text, selections) = sample;
            var redacted = Redactor.RedactMapped(text);

            redacted.Text.ShouldNotContain("Quibble");
            redacted.Text.ShouldNotContain("@example.");
            foreach (var (start, end) in selections)
            {
                var (mappedStart, mappedEnd) = redacted.Map(start, end);
                (mappedStart >= 0 && mappedStart <= mappedEnd && mappedEnd <= redacted.Text.Length).ShouldBeTrue($"[{start}, {end}) -> [{mappedStart}, {mappedEnd})");
                if (start < end)
                {
                    mappedStart.ShouldBeLessThan(mappedEnd, $"[{start}, {end}) became empty");
                }

                if (redacted.Replaced.All(span => end <= span.Start || start >= span.End))
                {
                    redacted.Text[mappedStart..mappedEnd].ShouldBe(text[start..end]);
                }
            }
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void A_selection_over_a_name_covers_its_replacement_and_the_words_around_it()
    {
        const string Text = "Then Zoltan Quibblewick said they executed a boy. Write to zq@example.org.";
        var redacted = Redactor.RedactMapped(Text);
        var start = Text.IndexOf("Zoltan", StringComparison.Ordinal);
        var end = Text.IndexOf(" a boy", StringComparison.Ordinal);

        redacted.Text.ShouldBe("Then Abu Tariq said they executed a boy. Write to [e-mail].");
        var (mappedStart, mappedEnd) = redacted.Map(start, end);
        redacted.Text[mappedStart..mappedEnd].ShouldBe("Abu Tariq said they executed");
        var inside = redacted.Map(start + 2, start + 4);
        redacted.Text[inside.Start..inside.End].ShouldBe("Abu Tariq");
        redacted.Replaced.Count.ShouldBe(2);
    }

    [Fact]
    public void A_text_with_nothing_to_redact_maps_every_span_to_itself()
    {
        var redacted = Redactor.RedactMapped("Nobody fought the regime.");

        redacted.Text.ShouldBe("Nobody fought the regime.");
        redacted.Map(7, 13).ShouldBe((7, 13));
        redacted.Replaced.ShouldBeEmpty();
    }
}
