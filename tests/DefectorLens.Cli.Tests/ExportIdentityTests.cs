
namespace DefectorLens.Cli.Tests;

public sealed class ExportIdentityTests : DlensTest
{
    [Fact]
    public void No_identity_value_planted_in_a_case_appears_in_any_export_format()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        Dlens("import", Dir.File("cases.jsonl", Fixture.Cases), Dir.File("sources.jsonl", Fixture.Sources)).ExitCode.ShouldBe(0);

        var runs = new[]
        {
            Dlens("export", "--format", "csv", "csv-out"),
            Dlens("export", "--format", "xlsx", "tables.xlsx"),
            Dlens("export", "--format", "qdpx", "study.qdpx"),
            Dlens("report", "--out", "report-out"),
        };

        runs.ShouldAllBe(run => run.ExitCode == 0);
        var texts = runs.SelectMany(run => new[] { run.Out, run.Error })
            .Concat(Directory.EnumerateFiles(Path.Combine(Dir.Path, "csv-out")).Select(File.ReadAllText))
            .Concat(Directory.EnumerateFiles(Path.Combine(Dir.Path, "report-out")).Select(File.ReadAllText))
            .Concat(ZipEntryTexts(Path.Combine(Dir.Path, "tables.xlsx")))
            .Concat(ZipEntryTexts(Path.Combine(Dir.Path, "study.qdpx")))
            .ToList();
        texts.Count.ShouldBeGreaterThan(6);
        foreach (var text in texts)
        {
            text.ShouldNotContain("Quibble");
            text.ShouldNotContain("zq@example.org");
        }
    }

    [Fact]
    public void A_quote_that_names_its_speaker_is_shown_redacted_by_stats_quotes_and_counter()
    {
        const string Text = "Abu Tariq: My real name is Zoltan Quibblewick and they executed my brother in the square.";
        Dlens("init").ExitCode.ShouldBe(0);
        Dlens("import", Dir.File("cases.jsonl", Fixture.Cases)).ExitCode.ShouldBe(0);
        var source = $$"""{"source": "s9", "title": "Named", "language": "en", "medium": "interview", "cases": ["c1"], "text": "{{Text}}", "segments": [{"start": 11, "end": {{Text.Length}}, "speaker": "c1", "codings": [{"code": "leave.brutality", "coder": "analyst-a"}, {"code": "join.syria-conflict", "coder": "analyst-a"}]}]}""";
        Dlens("import", Dir.File("named.jsonl", source)).ExitCode.ShouldBe(0);

        var quotes = Dlens("stats", "quotes", "--json");
        var counter = Dlens("stats", "counter", "--join", "syria-conflict", "--json");

        quotes.ExitCode.ShouldBe(0, quotes.Error);
        counter.ExitCode.ShouldBe(0, counter.Error);
        quotes.Out.ShouldContain("executed my brother");
        counter.Out.ShouldContain("executed my brother");
        foreach (var output in new[] { quotes.Out, quotes.Error, counter.Out, counter.Error })
        {
            output.ShouldNotContain("Quibble");
        }
    }

    [Fact]
    public void The_printed_pdf_report_quotes_by_pseudonym_and_carries_no_identity_value()
    {
        const string Text = "Abu Tariq: My real name is Zoltan Quibblewick and they executed my brother in the square.";
        Dlens("init").ExitCode.ShouldBe(0);
        Dlens("import", Dir.File("cases.jsonl", Fixture.Cases)).ExitCode.ShouldBe(0);
        var source = $$"""{"source": "s9", "title": "Named", "language": "en", "medium": "interview", "cases": ["c1"], "text": "{{Text}}", "segments": [{"start": 11, "end": {{Text.Length}}, "speaker": "c1", "codings": [{"code": "leave.brutality", "coder": "analyst-a"}]}]}""";
        Dlens("import", Dir.File("named.jsonl", source)).ExitCode.ShouldBe(0);

        var run = Dlens("report", "--pdf", "--out", "printed");

        run.ExitCode.ShouldBe(0, run.Error);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(Path.Combine(Dir.Path, "printed", "report.pdf"));
        var text = string.Join('\n', pdf.GetPages().Select(page => page.Text));
        text.ShouldContain("Abu Tariq");
        text.ShouldContain("executed");
        text.ShouldNotContain("Quibble");
    }
}
