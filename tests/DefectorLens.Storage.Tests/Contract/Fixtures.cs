using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Case = DefectorLens.Core.Model.Case;

namespace DefectorLens.Storage.Tests.Contract;

/// <summary>Small, readable project data shared by the store tests.</summary>
internal static class Fixtures
{
    public static readonly Coder AnalystA = Coder.Person("analyst-a");
    public static readonly Coder AnalystB = Coder.Person("analyst-b");
    public static readonly Coder Lexicon = new("lexicon", CoderKind.Rules, "1.2");
    public static readonly Coder Model = new("model", CoderKind.Model, "2025-01");

    /// <summary>A real name no log, error or audit subject may ever contain.</summary>
    public const string RealName = "Hamid Realname-Secret";

    public static Codebook Codebook(string version = "1.0", string brutalityName = "Brutality against Sunnis") => new(
        "icsr-2015",
        version,
        "Narratives of Islamic State defectors",
        "Why people joined and why they left.",
        [
            Code("join", "Joining narratives"),
            Code("join.syria-conflict", "Syrian conflict", new LexiconRule("en", "assad"), new LexiconRule("ar", "الأسد")),
            Code("join.faith-ideology", "Faith and ideology", new LexiconRule("en", "hijra")),
            Code("leave", "Leaving narratives"),
            Code("leave.brutality", brutalityName, new LexiconRule("en", "execut*")),
            Code("leave.corruption", "Corruption and un-Islamic behaviour"),
        ]);

    public static Code Code(string id, string name, params LexiconRule[] lexicon) => new(
        new CodeId(id), name, $"What '{name}' covers.", [$"apply to {id}"], [$"not for {id}"], [$"an example of {id}"],
        lexicon.Length > 0 ? "#c0392b" : null, [.. lexicon]);

    public static Case FullCase(string id = "c1") => Case.Create(
        new CaseId(id),
        "Abu Ahmad",
        new CaseAttributes
        {
            Gender = "male",
            AgeAtJoining = 24,
            Nationality = "Syrian",
            CountryOfResidence = "Turkey",
            Group = "Islamic State",
            Role = "fighter",
            Joined = PartialDate.Of(2013, 5),
            Defected = PartialDate.Of(2015, 3, 12),
            LegalStatus = LegalStatus.AtLarge,
            Consent = ConsentLevel.PublicAnonymous,
            Extra = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal)
                .Add("education", "university").Add("languages", "ar, en"),
        });

    public static Case PlainCase(string id, string pseudonym = "Someone") => Case.Create(new CaseId(id), pseudonym, CaseAttributes.Empty);

    public static CaseIdentity Identity(string caseId) => CaseIdentity.For(new CaseId(caseId)) with
    {
        RealName = RealName,
        Aliases = ["Abu Secret", "Al-Secret"],
        Contact = "+90 555 000 0000",
        ExactLocation = "Gaziantep, street of secrets 1",
        Notes = "met through a secret intermediary",
    };

    public static Source Source(string id, string text, params string[] cases) => Core.Model.Source.Create(
        new SourceId(id),
        new SourceMetadata
        {
            Title = $"Testimony {id}",
            Outlet = "The Outlet",
            Author = "A. Reporter",
            Url = $"https://example.org/{id}",
            Published = PartialDate.Of(2015, 6),
            Language = "en",
            Medium = Medium.Interview,
        },
        text,
        Hash(text),
        cases.Select(caseId => new CaseId(caseId)));

    public static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static SourceRecord Record(Source source, params SegmentDraft[] segments) => new(source, [.. segments], null);

    public static ImportBatch Batch(string origin, IEnumerable<CaseRecord> cases, IEnumerable<SourceRecord> sources) =>
        new(origin, [.. cases], [.. sources]);

    public static CaseRecord WithoutIdentity(Case @case) => new(@case, null);

    /// <summary>A segment over the first occurrence of <paramref name="phrase"/> in <paramref name="text"/>.</summary>
    public static SegmentDraft Span(string text, string phrase, string? speaker, params CodingDraft[] codings)
    {
        var start = text.IndexOf(phrase, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"the fixture text lacks '{phrase}'");
        return new SegmentDraft(start, start + phrase.Length, speaker is null ? null : new CaseId(speaker), [.. codings]);
    }

    public static CodingDraft By(Coder coder, string code, double? confidence = null, string? explanation = null) =>
        new(new CodeId(code), coder, "1.0", confidence, explanation);

    /// <summary>The standard coded corpus: two sources, three cases, narration and own words, a person and a rule coder.</summary>
    public static class Corpus
    {
        public const string FirstText =
            "The two men crossed at night. \"They executed Sunnis in the square,\" said the first. " +
            "\"The emirs took the best houses,\" he added.";

        public const string SecondText = "\"I made hijra because it was my duty,\" she said of her journey.";

        public const string Narration = "The two men crossed at night.";
        public const string Executions = "They executed Sunnis in the square,";
        public const string Emirs = "The emirs took the best houses,";
        public const string Hijra = "I made hijra because it was my duty,";

        public static ImportBatch Batch() => Fixtures.Batch(
            "corpus.jsonl",
            [new CaseRecord(FullCase("c1"), Identity("c1")), WithoutIdentity(PlainCase("c2", "The second")), WithoutIdentity(PlainCase("c3", "The third"))],
            [
                Record(
                    Source("s1", FirstText, "c1", "c2"),
                    Span(FirstText, Narration, null, By(AnalystA, "leave.brutality")),
                    Span(FirstText, Executions, "c1", By(AnalystA, "leave.brutality"), By(Lexicon, "leave.brutality", 0.8, "en:\"execut*\"")),
                    Span(FirstText, Emirs, "c1", By(AnalystA, "leave.corruption"))),
                Record(
                    Source("s2", SecondText, "c3"),
                    Span(SecondText, Hijra, "c3", By(Lexicon, "join.faith-ideology", 0.6, "en:\"hijra\""))),
            ]);
    }
}
