using System.Text.Json;

namespace DefectorLens.Cli.Tests;

/// <summary><c>dlens export --audience</c>: every format honours consent and carries redacted text only.</summary>
public sealed class ExportAudienceTests : DlensTest
{
    private const string NamingText = "Abu Tariq: My real name is Zoltan Quibblewick, some call me Abu Quibble al-Marsawi, write to zq@example.org. They executed my brother in the square.";
    private const string Spoken = "They executed my brother in the square.";

    /// <summary>The fixture project plus a source about c1 whose text names him in clear, coded on his words.</summary>
    private void CreateProjectWithNamingSource()
    {
        CreateProjectWithFixture();
        var start = NamingText.IndexOf(Spoken, StringComparison.Ordinal);
        var source = $$"""{"source": "s9", "title": "Zoltan Quibblewick speaks", "language": "en", "medium": "interview", "cases": ["c1"], "text": "{{NamingText}}", "segments": [{"start": {{start}}, "end": {{start + Spoken.Length}}, "speaker": "c1", "codings": [{"code": "leave.brutality", "coder": "analyst-a"}]}]}""";
        var import = Dlens("import", Dir.File("named.jsonl", source));
        import.ExitCode.ShouldBe(0, import.Error);
    }

    [Theory]
    [InlineData("qdpx", "study.qdpx")]
    [InlineData("jsonl", "study.jsonl")]
    [InlineData("csv", "tables")]
    [InlineData("xlsx", "tables.xlsx")]
    public void No_planted_identity_reaches_an_export_for_either_audience_and_a_public_one_names_no_case_without_public_consent(string format, string file)
    {
        CreateProjectWithNamingSource();

        var research = Dlens("export", "--format", format, "--audience", "research", "research-" + file);
        var publicRun = Dlens("export", "--format", format, "--audience", "public", "public-" + file);

        research.ExitCode.ShouldBe(0, research.Error);
        publicRun.ExitCode.ShouldBe(0, publicRun.Error);
        var researchTexts = WrittenTexts(Path.Combine(Dir.Path, "research-" + file)).ToList();
        var publicTexts = WrittenTexts(Path.Combine(Dir.Path, "public-" + file)).ToList();
        foreach (var text in researchTexts.Concat(publicTexts).Concat([research.Out, research.Error, publicRun.Out, publicRun.Error]))
        {
            text.ShouldNotContain("Quibble");
            text.ShouldNotContain("zq@example.org");
        }

        string.Concat(researchTexts).ShouldContain("Abu Tariq");
        string.Concat(researchTexts).ShouldContain("Umm Safiya");
        string.Concat(publicTexts).ShouldContain("Abu Tariq");
        string.Concat(publicTexts).ShouldNotContain("Umm Safiya");
        string.Concat(publicTexts).ShouldNotContain("Karim B.");
    }

    [Theory]
    [InlineData("qdpx", "study.qdpx")]
    [InlineData("jsonl", "study.jsonl")]
    public void Exported_texts_replace_the_names_by_the_pseudonym_and_keep_the_coded_words(string format, string file)
    {
        CreateProjectWithNamingSource();

        Dlens("export", "--format", format, file).ExitCode.ShouldBe(0);

        var all = string.Concat(WrittenTexts(Path.Combine(Dir.Path, file)));
        all.ShouldContain("Abu Tariq: My real name is Abu Tariq, some call me Abu Tariq, write to [e-mail]. They executed my brother in the square.");
        all.ShouldContain("Abu Tariq speaks");
    }

    [Fact]
    public void A_json_lines_export_imports_into_a_new_project_with_the_same_case_level_prevalence()
    {
        Dlens("init", "original").ExitCode.ShouldBe(0);
        Dlens("import", "--project", "original", Dir.File("cases.jsonl", Fixture.Cases), Dir.File("sources.jsonl", Fixture.Sources)).ExitCode.ShouldBe(0);
        Dlens("code", "--auto", "--project", "original").ExitCode.ShouldBe(0);

        var export = Dlens("export", "--format", "jsonl", "study.jsonl", "--project", "original");
        Dlens("init", "copy").ExitCode.ShouldBe(0);
        var import = Dlens("import", "study.jsonl", "--project", "copy");

        export.ExitCode.ShouldBe(0, export.Error);
        var (segments, codings) = SpansIn("study.jsonl");
        export.Out.ShouldBe($"Wrote study.jsonl: 3 cases, 3 sources, {segments} segments, {codings} codings, 0 memos.{Environment.NewLine}");
        codings.ShouldBeGreaterThan(4);
        import.ExitCode.ShouldBe(0, import.Error);
        var original = Json(Dlens("stats", "prevalence", "--json", "--project", "original"));
        var copy = Json(Dlens("stats", "prevalence", "--json", "--project", "copy"));
        copy.GetRawText().ShouldBe(original.GetRawText());
        original.GetRawText().ShouldContain("leave.brutality");
        Json(Dlens("cases", "--json", "--project", "copy")).EnumerateArray().Select(c => c.GetProperty("case").GetString()!)
            .ShouldAllBe(id => id.StartsWith("x-", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_export_is_recorded_in_the_audit_log_with_its_format_and_audience()
    {
        CreateProjectWithFixture();

        Dlens("export", "--format", "jsonl", "--audience", "public", "study.jsonl").ExitCode.ShouldBe(0);
        Dlens("export", "--format", "qdpx", "study.qdpx").ExitCode.ShouldBe(0);

        var subjects = Json(Dlens("audit", "show", "--json")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "export").Select(e => e.GetProperty("subject").GetString()).ToList();
        subjects.ShouldBe(["jsonl, audience public, 1 cases, 1 sources", "qdpx, audience research, 3 cases, 3 sources"]);
    }

    [Fact]
    public void An_unknown_audience_is_a_usage_error_and_writes_nothing()
    {
        CreateProjectWithFixture();

        var run = Dlens("export", "--format", "jsonl", "--audience", "everyone", "study.jsonl");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("--audience must be public or research, not 'everyone'.");
        File.Exists(Path.Combine(Dir.Path, "study.jsonl")).ShouldBeFalse();
    }

    [Fact]
    public void The_audience_is_read_whatever_its_letter_case_for_exports_and_reports_alike()
    {
        CreateProjectWithFixture();

        var export = Dlens("export", "--format", "jsonl", "--audience", "Public", "study.jsonl");
        var report = Dlens("report", "--audience", "RESEARCH", "--out", "report");

        export.ExitCode.ShouldBe(0, export.Error);
        report.ExitCode.ShouldBe(0, report.Error);
        Json(Dlens("audit", "show", "--json")).EnumerateArray().Select(e => e.GetProperty("subject").GetString())
            .ShouldContain(subject => subject!.StartsWith("jsonl, audience public", StringComparison.Ordinal));
    }

    private (int Segments, int Codings) SpansIn(string file)
    {
        var segments = File.ReadAllLines(Path.Combine(Dir.Path, file)).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("segments", out _))
            .SelectMany(line => line.GetProperty("segments").EnumerateArray()).ToList();
        return (segments.Count, segments.Sum(segment => segment.GetProperty("codings").GetArrayLength()));
    }
}
