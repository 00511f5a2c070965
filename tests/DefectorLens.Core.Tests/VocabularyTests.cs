using DefectorLens.Core.Model;

namespace DefectorLens.Core.Tests;

public sealed class VocabularyTests
{
    [Fact]
    public void Every_legal_status_reads_back_from_its_word()
    {
        foreach (var status in Enum.GetValues<LegalStatus>())
        {
            Vocabulary.TryParse(Vocabulary.Name(status), out LegalStatus read).ShouldBeTrue();
            read.ShouldBe(status);
        }
    }

    [Fact]
    public void Every_consent_level_and_medium_and_coder_kind_reads_back_from_its_word()
    {
        foreach (var consent in Enum.GetValues<ConsentLevel>())
        {
            Vocabulary.TryParse(Vocabulary.Name(consent), out ConsentLevel read).ShouldBeTrue();
            read.ShouldBe(consent);
        }

        foreach (var medium in Enum.GetValues<Medium>())
        {
            Vocabulary.TryParse(Vocabulary.Name(medium), out Medium read).ShouldBeTrue();
            read.ShouldBe(medium);
        }

        foreach (var kind in Enum.GetValues<CoderKind>())
        {
            Vocabulary.TryParse(Vocabulary.Name(kind), out CoderKind read).ShouldBeTrue();
            read.ShouldBe(kind);
        }
    }

    [Fact]
    public void Consent_levels_are_ordered_from_least_to_most_permissive()
    {
        Enum.GetValues<ConsentLevel>().ShouldBe(
            [ConsentLevel.None, ConsentLevel.ResearchOnly, ConsentLevel.PublicAnonymous, ConsentLevel.PublicNamed]);
        (ConsentLevel.PublicNamed > ConsentLevel.PublicAnonymous).ShouldBeTrue();
    }

    [Fact]
    public void An_unknown_word_is_not_read()
    {
        Vocabulary.TryParse("jailed", out LegalStatus _).ShouldBeFalse();
    }
}
