using System.Collections.Immutable;
using CsCheck;
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

    [Fact]
    public void The_index_links_exactly_what_comparing_with_every_source_sharing_a_band_links()
    {
        // Variants of a few stories, some values changed so that their low bytes stay equal: the index's sketches then
        // pass pairs that the values reject, and pairs around the threshold are common.
        var story = Gen.ULong.Array[Fingerprints.SignatureLength];
        var variant = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 14].SelectMany(n => Gen.Int[0, Fingerprints.SignatureLength - 1].Array[n]), Gen.ULong, Gen.Bool);
        Gen.Select(story.Array[4], variant.Array[1, 60], variant).Sample((stories, stored, query) =>
        {
            var signatures = stored.Select(v => Vary(stories[v.Item1], v.Item2, v.Item3, v.Item4)).ToList();
            var fingerprints = signatures.Select((signature, i) => new SourceFingerprint(new SourceId($"s{i}"), $"text {i}", signature)).ToList();
            var probe = new SourceFingerprint(new SourceId("new"), "new text", Vary(stories[query.Item1], query.Item2, query.Item3, query.Item4));

            new DuplicateIndex(fingerprints, []).Find(probe).ShouldBe(Compared(fingerprints, probe));
        });
    }

    private static ImmutableArray<ulong> Vary(ulong[] story, int[] positions, ulong noise, bool keepLowByte)
    {
        var values = story.ToArray();
        foreach (var position in positions)
        {
            values[position] ^= keepLowByte ? (noise | 1) << 8 : noise | 1;
        }

        return [.. values];
    }

    // The reference: every stored source sharing a whole band with the new one, bands in order, compared value by value.
    private static DuplicateLink? Compared(IReadOnlyList<SourceFingerprint> stored, SourceFingerprint probe)
    {
        const int bands = 8, rows = Fingerprints.SignatureLength / bands;
        var (best, bestSimilarity) = ((SourceFingerprint?)null, 0.0);
        for (var band = 0; band < bands; band++)
        {
            foreach (var candidate in stored.Where(c => c.MinHash.Skip(band * rows).Take(rows).SequenceEqual(probe.MinHash.Skip(band * rows).Take(rows))))
            {
                var similarity = candidate.MinHash.Zip(probe.MinHash).Count(pair => pair.First == pair.Second) / (double)Fingerprints.SignatureLength;
                if (similarity > bestSimilarity)
                {
                    (best, bestSimilarity) = (candidate, similarity);
                }
            }
        }

        return best is not null && bestSimilarity >= DuplicateIndex.NearThreshold
            ? new DuplicateLink(probe.Source, best.Source, DuplicateKind.Near, bestSimilarity)
            : null;
    }
}
