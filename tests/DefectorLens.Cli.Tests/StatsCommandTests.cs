namespace DefectorLens.Cli.Tests;

public sealed class StatsCommandTests : DlensTest
{
    [Fact]
    public void Every_stats_command_prints_one_JSON_document_without_NaN_or_identity()
    {
        CreateProjectWithFixture();

        foreach (var name in (string[])["prevalence", "reflection", "timeline", "risks", "credibility", "unseen", "reliability", "quotes"])
        {
            var run = Dlens("stats", name, "--json");
            Json(run);
            run.Out.ShouldNotContain("NaN");
            run.Out.ShouldNotContain(Fixture.PlantedName);
            run.Out.ShouldNotContain(Fixture.PlantedAlias);
        }
    }

    [Fact]
    public void Prevalence_by_nationality_and_timeline_share_answer_from_the_cases_attributes()
    {
        CreateProjectWithFixture();

        var byNationality = Json(Dlens("stats", "prevalence", "--by", "nationality", "--json"));
        var timeline = Json(Dlens("stats", "timeline", "--period", "2015", "--json"));

        byNationality.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("value").GetString()).Order(StringComparer.Ordinal).ShouldBe(["Belgian", "French", "Syrian"]);
        var share = timeline.GetProperty("share");
        share.GetProperty("cases").GetInt32().ShouldBe(2);
        share.GetProperty("dated").GetInt32().ShouldBe(3);
        timeline.GetProperty("year_only").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Reliability_compares_the_two_analysts_at_case_level()
    {
        CreateProjectWithFixture();

        var reliability = Json(Dlens("stats", "reliability", "--json"));

        reliability.GetProperty("coders").EnumerateArray().Select(c => c.GetString()).ShouldBe(["analyst-a", "analyst-b"]);
        reliability.GetProperty("units").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData(new string[0], 1, 1, 1)]
    [InlineData(new[] { "--speaker", "own" }, 1, 0, 1)]
    [InlineData(new[] { "--coder", "analyst-b", "--speaker", "own" }, 1, 0, 0)]
    public void Prevalence_counts_only_own_words_and_one_coder_when_asked(string[] filter, int brutality, int corruption, int infighting)
    {
        CreateProjectWithFixture();

        var prevalence = Json(Dlens(["stats", "prevalence", .. filter, "--json"])).GetProperty("prevalence").EnumerateArray()
            .ToDictionary(row => row.GetProperty("code").GetString()!, row => row.GetProperty("cases").GetInt32());

        (prevalence["leave.brutality"], prevalence["leave.corruption"], prevalence["leave.infighting"]).ShouldBe((brutality, corruption, infighting));
    }

    [Theory]
    [InlineData(3, "dlens: period '15' is not a period (expected yyyy, yyyy-Qn or yyyy-MM, e.g. 2015, 2015-Q2, 2015-03)", "stats", "timeline", "--period", "15")]
    [InlineData(4, "dlens: --lists: no source has the outlet 'Nowhere' (outlets: Brussels court, Levant Observer, Northern Courier)", "stats", "unseen", "--lists", "Nowhere;Levant Observer")]
    [InlineData(3, "dlens: give exactly one of --join CODE or --text FILE", "stats", "counter")]
    [InlineData(4, "dlens: 'brutality' is not a joining narrative of the codebook (expected one of: join.syria-conflict, join.faith-ideology, join.personal-material)", "stats", "counter", "--join", "brutality")]
    public void Bad_stats_arguments_give_one_line_and_an_exit_code(int exitCode, string message, params string[] args)
    {
        CreateProjectWithFixture();

        var run = Dlens(args);

        run.ExitCode.ShouldBe(exitCode);
        run.Error.Trim().ShouldBe(message);
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public void Counter_ranks_leaving_narratives_for_a_joining_narrative()
    {
        CreateProjectWithFixture();

        var counter = Json(Dlens("stats", "counter", "--join", "syria-conflict", "--json"));

        counter.GetProperty("join").GetString().ShouldBe("join.syria-conflict");
        counter.GetProperty("join_cases").GetInt32().ShouldBe(1);
        counter.GetProperty("answers").GetArrayLength().ShouldBe(4);
    }

    [Fact]
    public void Export_to_csv_writes_the_tables_and_report_pdf_prints_with_chromium()
    {
        CreateProjectWithFixture();

        var export = Dlens("export", "--format", "csv", "tables");
        var report = Dlens("report", "--pdf", "--json");

        export.ExitCode.ShouldBe(0, export.Error);
        File.ReadAllText(Path.Combine(Dir.Path, "tables", "cases.csv")).ShouldNotContain(Fixture.PlantedName);
        Json(report).GetProperty("pdf").GetString().ShouldEndWith("report.pdf");
    }
}
