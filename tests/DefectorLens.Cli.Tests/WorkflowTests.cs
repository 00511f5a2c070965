using System.Text.Json;

namespace DefectorLens.Cli.Tests;

public sealed class WorkflowTests : DlensTest
{
    [Fact]
    public void Init_creates_a_project_file_in_the_current_directory()
    {
        var run = Dlens("init");

        run.ExitCode.ShouldBe(0, run.Error);
        File.Exists(Path.Combine(Dir.Path, "project.dlens")).ShouldBeTrue();
        run.Out.ShouldContain("codebook icsr-2015");
    }

    [Fact]
    public void Verbose_logs_what_the_store_does_to_standard_error_and_without_it_nothing_is_logged()
    {
        Dlens("init").ExitCode.ShouldBe(0);

        var quiet = Dlens("info");
        var verbose = Dlens("info", "--verbose");

        (quiet.ExitCode, verbose.ExitCode).ShouldBe((0, 0), verbose.Error);
        quiet.Error.ShouldBeEmpty();
        verbose.Error.ShouldContain("Opened project");
        verbose.Out.ShouldBe(quiet.Out);
    }

    [Fact]
    public void Imported_human_codings_give_case_level_prevalence_per_coder()
    {
        CreateProjectWithFixture();

        var all = Json(Dlens("stats", "--json"));
        var analystA = Json(Dlens("stats", "prevalence", "--coder", "analyst-a", "--json"));

        all.GetProperty("cases").GetInt32().ShouldBe(3);
        all.GetProperty("prevalence").GetArrayLength().ShouldBe(10);
        Row(all, "leave.brutality").GetProperty("cases").GetInt32().ShouldBe(1);
        Row(all, "join.syria-conflict").GetProperty("cases").GetInt32().ShouldBe(1);
        Row(analystA, "join.syria-conflict").GetProperty("cases").GetInt32().ShouldBe(0);
        var corruption = Row(analystA, "leave.corruption");
        corruption.GetProperty("share").GetDouble().ShouldBe(1.0 / 3, 1e-12);
        var ci = corruption.GetProperty("ci95");
        ci[0].GetDouble().ShouldBe(0.0615, 0.0001); // Wilson 1/3 at 95%
        ci[1].GetDouble().ShouldBe(0.7923, 0.0001);
    }

    [Fact]
    public void Automatic_coding_adds_a_lexicon_coder_whose_codings_explain_the_rule()
    {
        CreateProjectWithFixture();

        var code = Json(Dlens("code", "--auto", "--rules-only", "--json"));
        var lexicon = Json(Dlens("stats", "--coder", "lexicon", "--json"));

        code.GetProperty("coder").GetString().ShouldBe("lexicon");
        code.GetProperty("codings").GetInt32().ShouldBeGreaterThan(0);
        Row(lexicon, "leave.brutality").GetProperty("cases").GetInt32().ShouldBe(1);
        Row(lexicon, "leave.corruption").GetProperty("cases").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Cases_and_sources_are_listed_by_pseudonym_and_never_show_identity_fields()
    {
        CreateProjectWithFixture();

        var cases = Dlens("cases", "--json");
        var table = Dlens("cases");
        var sources = Json(Dlens("sources", "--json"));

        Json(cases).EnumerateArray().Select(c => c.GetProperty("pseudonym").GetString()).ShouldBe(["Abu Tariq", "Umm Safiya", "Karim B."]);
        table.Out.ShouldContain("Abu Tariq");
        foreach (var output in new[] { cases.Out, cases.Error, table.Out, table.Error })
        {
            output.ShouldNotContain("Quibble");
            output.ShouldNotContain("example.org");
        }

        sources.GetArrayLength().ShouldBe(3);
        sources[0].GetProperty("segments").GetInt32().ShouldBe(2);
    }

    [Fact]
    public void The_report_is_self_contained_html_with_a_chart_and_markdown_with_the_same_figures()
    {
        CreateProjectWithFixture();

        var run = Json(Dlens("report", "--json"));

        var html = File.ReadAllText(run.GetProperty("html").GetString()!);
        var markdown = File.ReadAllText(run.GetProperty("markdown").GetString()!);
        html.ShouldContain("<svg");
        html.ShouldNotContain("<script src");
        html.ShouldNotContain("<link");
        html.ShouldContain("Abu Tariq"); // the only case with public consent is quoted by pseudonym
        html.ShouldNotContain("Quibble");
        markdown.ShouldContain("leave.brutality");
        markdown.ShouldNotContain("Quibble");
    }

    [Fact]
    public void Search_finds_sources_by_their_words()
    {
        CreateProjectWithFixture();

        var hits = Json(Dlens("search", "emirs", "--json"));

        hits.EnumerateArray().Select(hit => hit.GetProperty("source").GetString()).ShouldBe(["s2"]);
    }

    [Fact]
    public void Codebook_export_writes_yaml_and_json_that_init_reads_back()
    {
        Dlens("init").ExitCode.ShouldBe(0);

        var yaml = Dlens("codebook", "export", "--format", "yaml");
        var json = Json(Dlens("codebook", "export", "--format", "json"));
        var copy = Dir.File("copy.yaml", yaml.Out);
        var other = Path.Combine(Dir.Path, "other");
        var init = Dlens("init", other, "--codebook", copy);

        json.GetProperty("id").GetString().ShouldBe("icsr-2015");
        json.GetProperty("codes").GetArrayLength().ShouldBe(14);
        init.ExitCode.ShouldBe(0, init.Error);
        Dlens("codebook", "show", "--project", other).Out.ShouldContain("leave.brutality");
    }

    [Fact]
    public void Memos_are_written_on_cases_and_listed_oldest_first()
    {
        CreateProjectWithFixture();

        Dlens("memo", "add", "Two outlets disagree on the date of defection.", "--on", "case:c1", "--author", "analyst-a").ExitCode.ShouldBe(0);
        Dlens("memo", "add", "Codebook reviewed with the team.", "--author", "analyst-b").ExitCode.ShouldBe(0);
        var memos = Json(Dlens("memo", "list", "--json"));

        memos.EnumerateArray().Select(m => (m.GetProperty("on").GetString(), m.GetProperty("author").GetString())).ShouldBe(
            [("case:c1", "analyst-a"), ("project", "analyst-b")]);
    }

    [Fact]
    public void Json_output_keeps_arabic_readable()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        Dlens("import", Dir.File("ar.jsonl", """{"case": "c1", "pseudonym": "أبو خالد"}""")).ExitCode.ShouldBe(0);

        var cases = Dlens("cases", "--json");

        cases.Out.ShouldContain("أبو خالد");
    }

    private static JsonElement Row(JsonElement stats, string code) =>
        stats.GetProperty("prevalence").EnumerateArray().Single(row => row.GetProperty("code").GetString() == code);
}
