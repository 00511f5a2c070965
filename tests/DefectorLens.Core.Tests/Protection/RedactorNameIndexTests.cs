using CsCheck;
using DefectorLens.Core.Protection;

namespace DefectorLens.Core.Tests.Protection;

/// <summary>A redactor of many names searches a text only for the names it may hold: none of them may slip through.</summary>
public sealed class RedactorNameIndexTests
{
    // Sounds of a generated name, each with the spellings a text may give it (the variants the redactor documents: a/e,
    // o/u/ou, i/y/ee, k/q/c, kh/ch/h/k, sh/ch/sch, j/dj/g, f/ph, doubled consonants). Consonants and vowels alternate, so a
    // name reads one way.
    private static readonly string[][] Consonants =
    [
        ["b", "bb"], ["d", "dd"], ["f", "ph"], ["h", "hh"], ["j", "dj", "g"], ["k", "q", "c", "ck"], ["kh", "ch", "h", "k"], ["l", "ll"],
        ["m", "mm"], ["n", "nn"], ["q", "k", "c"], ["r", "rr"], ["s", "ss"], ["t", "tt"], ["z", "zz"], ["sh", "ch", "sch"],
    ];

    private static readonly string[][] Vowels = [["a", "e"], ["e", "a", "i"], ["i", "e", "ee", "y"], ["o", "u", "ou"], ["u", "ou", "o"]];

    // Between two words of a name as written and as a text writes them; an article in the name may change its form.
    private static readonly (string Name, string Spelled)[] Joints = [(" ", " "), (" ", "-"), (" al-", " el "), (" al ", "-ad-"), (" el-", " al-")];

    // A name as sounds: per syllable a consonant and a vowel, with the spelling chosen for the name and the one a text uses.
    private static readonly Gen<(string Name, string Spelled)> Words =
        Gen.Select(Gen.Int[0, Consonants.Length - 1], Gen.Int[0, 3], Gen.Int[0, Vowels.Length - 1], Gen.Int[0, 3])
            .Array[2, 4]
            .Select(syllables => (
                string.Concat(syllables.Select(s => Consonants[s.Item1][0] + Vowels[s.Item3][0])),
                string.Concat(syllables.Select(s => Pick(Consonants[s.Item1], s.Item2) + Pick(Vowels[s.Item3], s.Item4)))));

    private static readonly Gen<(string Name, string Spelled)> Names =
        Gen.Select(Words, Words, Gen.Int[0, Joints.Length - 1]).Select((first, last, joint) =>
            ($"{first.Name}{Joints[joint].Name}{last.Name}", $"{Capitalised(first.Spelled)}{Joints[joint].Spelled}{Capitalised(last.Spelled)}"));

    [Fact]
    public void A_name_spelled_another_way_is_redacted_among_two_thousand_other_names()
    {
        Gen.Select(Names, Names.Array[2_000]).Sample((target, others) =>
        {
            var redactor = Redactor.For([
                .. others.Select(other => new RedactionSubject(Redactor.NameMarker, [other.Name])),
                new RedactionSubject("Target", [target.Name]),
            ]);
            var redacted = redactor.Redact($"Witnesses said that {target.Spelled} left the town in 2015.");
            return !redacted.Contains(target.Spelled, StringComparison.Ordinal) && !redacted.Contains(target.Spelled.ToUpperInvariant(), StringComparison.Ordinal);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void A_name_among_fifty_thousand_is_redacted_exactly_as_when_it_is_the_only_one()
    {
        var target = new RedactionSubject("Amber Heron", ["Hamza Ouerghemmi", "Abu Ayman al-Tunsi", "أبو أيمن التونسي"]);
        var others = Enumerable.Range(0, 50_000).Select(i => new RedactionSubject(Redactor.NameMarker, [$"P{i}"]));
        const string text = "P12 told us that Abou Ayman el-Tounsi and HAMZA OUERGHEMI were one man; قال أبو أيمن التونسي. P120 agreed.";

        var alone = Redactor.For([target]).Redact(text);
        var among = Redactor.For([.. others, target]).Redact(text);

        among.ShouldBe(alone.Replace("P120", Redactor.NameMarker, StringComparison.Ordinal).Replace("P12 ", Redactor.NameMarker + " ", StringComparison.Ordinal));
        among.ShouldBe("[name] told us that Amber Heron and Amber Heron were one man; قال Amber Heron. [name] agreed.");
    }

    [Fact]
    public void Names_with_different_replacements_in_one_text_each_get_their_own()
    {
        var redactor = Redactor.For([
            new RedactionSubject("Amber Heron", ["Hamza Ouerghemmi"]),
            new RedactionSubject(Redactor.NameMarker, ["Mohammed Kassab"]),
            new RedactionSubject("Grey Finch", ["Khaled Jaber"]),
        ]);

        redactor.Redact("Muhammad Qassab, Hamza Ouerghemi and Haled Djaber crossed together.")
            .ShouldBe("[name], Amber Heron and Grey Finch crossed together.");
    }

    private static string Pick(string[] spellings, int choice) => spellings[choice % spellings.Length];

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
