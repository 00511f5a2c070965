using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class DuplicateTests
{
    private const string Wire =
        "A former member of the Islamic State who fled to Turkey last month said the group executed dozens of its own fighters " +
        "accused of spying. He described checkpoints on every road out of Raqqa, smugglers who charged hundreds of dollars, and " +
        "commanders who lived in confiscated villas while foreign recruits slept on the floor. He said he joined in 2013 to fight " +
        "the regime of Bashar al-Assad but found himself fighting other rebels instead. The group, he said, punished anyone who " +
        "tried to leave, and his family still receives threats. He asked that his name not be published.";

    private static SourceFingerprint Of(string id, string text) => Fingerprints.Of(new SourceId(id), text);

    [Fact]
    public void The_same_text_is_an_exact_duplicate_of_the_first_source_that_had_it()
    {
        var index = new DuplicateIndex([Of("a", Wire)], []);

        index.Find(Of("b", Wire)).ShouldBe(new DuplicateLink(new SourceId("b"), new SourceId("a"), DuplicateKind.Exact, 1));
    }

    [Fact]
    public void A_republished_story_with_a_new_first_sentence_is_a_near_duplicate()
    {
        var index = new DuplicateIndex([Of("a", Wire)], []);
        var republished = "ISTANBUL (Agency) — " + Wire.Replace("last month", "in May", StringComparison.Ordinal) + " The agency could not verify his account.";

        var link = index.Find(Of("b", republished)).ShouldNotBeNull();

        link.Original.ShouldBe(new SourceId("a"));
        link.Kind.ShouldBe(DuplicateKind.Near);
        link.Similarity.ShouldBeGreaterThanOrEqualTo(DuplicateIndex.NearThreshold);
    }

    [Fact]
    public void A_different_story_on_the_same_subject_is_not_a_duplicate()
    {
        var index = new DuplicateIndex([Of("a", Wire)], []);
        const string other =
            "A young woman from Tunisia who travelled to Syria with her husband told reporters she was kept in a house with other " +
            "wives and could not go out alone. After her husband died in an air strike she was pressed to marry again. She escaped " +
            "with the help of a relative and now lives in a camp near the border, where she waits for news of her trial at home.";

        index.Find(Of("b", other)).ShouldBeNull();
    }

    [Fact]
    public void A_duplicate_of_a_duplicate_is_linked_to_the_original()
    {
        var link = new DuplicateLink(new SourceId("b"), new SourceId("a"), DuplicateKind.Near, 0.9);
        var index = new DuplicateIndex([Of("a", Wire + " First version."), Of("b", Wire)], [link]);

        index.Find(Of("c", Wire)).ShouldBe(new DuplicateLink(new SourceId("c"), new SourceId("a"), DuplicateKind.Exact, 1));
    }

    [Fact]
    public void A_text_too_short_to_compare_has_no_signature_and_matches_only_exactly()
    {
        Fingerprints.MinHash("They paid a salary.").ShouldBeEmpty();
        new DuplicateIndex([Of("a", "They paid a salary.")], []).Find(Of("b", "They paid a salary!")).ShouldBeNull();
    }
}
