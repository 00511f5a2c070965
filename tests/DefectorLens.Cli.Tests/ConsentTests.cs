
namespace DefectorLens.Cli.Tests;

/// <summary>Every path by which words leave a project (exports, reports, quote lists, counter packs) honours consent.</summary>
/// <remarks>
/// The fixture's c1 consented to public use, c2 to research only and c3 to nothing. c1 names himself (a planted identity)
/// and c3 in his own words; c3 speaks words of his own, coded as c1's are, that must never be quoted.
/// </remarks>
public sealed class ConsentTests : DlensTest
{
    private const string NamingText = "Abu Tariq: My real name is Zoltan Quibblewick and they executed my brother in the square. Karim B. saw it too.";
    private const string Spoken = "they executed my brother in the square. Karim B. saw it too.";
    private const string UnconsentedText = "Karim B.: The marmalade courier told me they executed the deserters at dawn.";
    private const string Unconsented = "The marmalade courier told me they executed the deserters at dawn.";

    /// <summary>Words that must not reach a public reader: identity values, words of a case without consent, pseudonyms of cases without public consent.</summary>
    private static readonly string[] NotForThePublic = ["Quibble", "zq@example.org", "marmalade", "Karim B.", "Umm Safiya"];

    private void CreateProject()
    {
        CreateProjectWithFixture();
        var import = Dlens("import", Dir.File("spoken.jsonl", Source("s9", "c1", NamingText, Spoken) + "\n" + Source("s10", "c3", UnconsentedText, Unconsented)));
        import.ExitCode.ShouldBe(0, import.Error);
    }

    private static string Source(string id, string speaker, string text, string span)
    {
        var start = text.IndexOf(span, StringComparison.Ordinal);
        return $$"""{"source": "{{id}}", "title": "Testimony {{id}}", "language": "en", "medium": "interview", "cases": ["{{speaker}}"], "text": "{{text}}", "segments": [{"start": {{start}}, "end": {{start + span.Length}}, "speaker": "{{speaker}}", "codings": [{"code": "leave.brutality", "coder": "analyst-a"}, {"code": "join.syria-conflict", "coder": "analyst-a"}]}]}""";
    }

    /// <summary>Everything a run wrote: its output and error streams and every file under <paramref name="written"/> (zips opened).</summary>
    private string Everything(DlensRun run, string? written)
    {
        var texts = new List<string> { run.Out, run.Error };
        if (written is not null)
        {
            texts.AddRange(WrittenTexts(Path.Combine(Dir.Path, written)));
        }

        return string.Join('\n', texts);
    }

    [Theory]
    [InlineData("report-out", "executed my brother", "report", "--audience", "public", "--out", "report-out")]
    [InlineData(null, "executed my brother", "stats", "quotes")]
    [InlineData(null, "executed my brother", "stats", "quotes", "--json")]
    [InlineData(null, "executed my brother", "stats", "counter", "--join", "syria-conflict")]
    [InlineData(null, "executed my brother", "stats", "counter", "--join", "syria-conflict", "--json")]
    [InlineData("study.jsonl", "executed my brother", "export", "--format", "jsonl", "--audience", "public", "study.jsonl")]
    [InlineData("study.qdpx", "executed my brother", "export", "--format", "qdpx", "--audience", "public", "study.qdpx")]
    [InlineData("tables", "Abu Tariq", "export", "--format", "csv", "--audience", "public", "tables")]
    [InlineData("tables.xlsx", "Abu Tariq", "export", "--format", "xlsx", "--audience", "public", "tables.xlsx")]
    public void A_public_output_quotes_the_consenting_case_and_names_nobody_without_public_consent(string? written, string expected, params string[] args)
    {
        CreateProject();

        var run = Dlens(args);

        run.ExitCode.ShouldBe(0, run.Error);
        var everything = Everything(run, written);
        everything.ShouldContain(expected);
        foreach (var word in NotForThePublic)
        {
            everything.ShouldNotContain(word, customMessage: $"{string.Join(' ', args)} wrote '{word}'");
        }
    }

    [Theory]
    [InlineData("report-out", "report", "--audience", "research", "--out", "report-out")]
    [InlineData("study.jsonl", "export", "--format", "jsonl", "--audience", "research", "study.jsonl")]
    [InlineData("study.qdpx", "export", "--format", "qdpx", "--audience", "research", "study.qdpx")]
    public void A_research_output_names_others_by_pseudonym_and_never_an_identity(string written, params string[] args)
    {
        CreateProject();

        var run = Dlens(args);

        run.ExitCode.ShouldBe(0, run.Error);
        var everything = Everything(run, written);
        everything.ShouldContain("executed my brother in the square. Karim B. saw it too.");
        everything.ShouldNotContain("Quibble");
        everything.ShouldNotContain("zq@example.org");
    }

    [Fact]
    public void A_research_report_never_quotes_a_case_that_consented_to_nothing()
    {
        CreateProject();

        var run = Dlens("report", "--audience", "research", "--out", "report-out");

        run.ExitCode.ShouldBe(0, run.Error);
        Everything(run, "report-out").ShouldNotContain("marmalade");
    }
}
