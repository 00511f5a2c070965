using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services.Tests;

public sealed class AutoCodingTests
{
    private const string Cases =
        """
        {"case": "c1", "pseudonym": "Abu Tariq", "attributes": {"consent": "public_anonymous"}}
        {"case": "c2", "pseudonym": "Umm Safiya", "attributes": {"consent": "none"}}
        """;

    private const string Transcript = "Interviewer: What made you leave?\nAbu Tariq: They beheaded a shepherd in front of his children.\nInterviewer: Did others see it?";

    [Fact]
    public async Task A_coded_sentence_in_a_case_transcript_turn_is_in_that_case_own_words()
    {
        await using var project = await ProjectFixture.CreateAsync();
        await Importing.ImportAsync(project.Store, [project.File("cases.jsonl", Cases), project.File("s.jsonl", Source("s1", Transcript, "c1"))], null, default);

        var summary = await AutoCoding.CodeWithRulesAsync(project.Store, null, default);

        summary.Coder.Kind.ShouldBe(CoderKind.Rules);
        var segments = await project.Store.GetSegmentsAsync(new SourceId("s1"), default);
        var beheading = segments.Single(segment => Transcript[segment.Start..segment.End].Contains("beheaded", StringComparison.Ordinal));
        beheading.Speaker.ShouldBe(new CaseId("c1"));
        var codings = await project.Store.GetCodingsAsync(new SourceId("s1"), default);
        codings.ShouldContain(coding => coding.Segment == beheading.Id && coding.Code == new CodeId("leave.brutality") && coding.Explanation!.StartsWith("lexicon ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Coding_again_replaces_the_previous_automatic_run_and_keeps_human_codings()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var human = Source("s1", Transcript, "c1", """[{"start": 47, "end": 96, "speaker": "c1", "codings": [{"code": "leave.brutality", "coder": "analyst-a"}]}]""");
        await Importing.ImportAsync(project.Store, [project.File("cases.jsonl", Cases), project.File("s.jsonl", human)], null, default);

        var first = await AutoCoding.CodeWithRulesAsync(project.Store, null, default);
        var second = await AutoCoding.CodeWithRulesAsync(project.Store, null, default);

        second.Codings.ShouldBe(first.Codings);
        var coders = (await project.Store.GetCaseCodesAsync(CodingFilter.All, default)).Select(row => row.Coder).Distinct().Order();
        coders.ShouldBe(["analyst-a", "lexicon"]);
        var info = await project.Store.GetInfoAsync(default);
        info.Codings.ShouldBe(1 + first.Codings);
    }

    internal static string Source(string id, string text, string caseId, string segments = "[]") =>
        $$"""{"source": "{{id}}", "title": "Interview {{id}}", "outlet": "Levant Observer", "published": "2015-04", "language": "en", "medium": "interview", "cases": ["{{caseId}}"], "text": {{System.Text.Json.JsonSerializer.Serialize(text)}}, "segments": {{segments}}}""";
}
