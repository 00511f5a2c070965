using System.Text.Json;
using System.Text.RegularExpressions;

namespace DefectorLens.Cli.Tests;

/// <summary>Every export names each case by the project's keyed export id, never by its case id.</summary>
public sealed partial class ExportIdTests : DlensTest
{
    private static readonly string[] ProjectCaseIds = ["c1", "c2", "c3"];

    [GeneratedRegex("x-[0-9a-hjkmnp-tv-z]{16}")]
    private static partial Regex ExportId();

    private Dictionary<string, string> JsonLinesCases(string file) =>
        File.ReadAllLines(Path.Combine(Dir.Path, file)).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("case", out _))
            .ToDictionary(line => line.GetProperty("case").GetString()!, line => line.GetProperty("pseudonym").GetString()!);

    private Dictionary<string, string> CsvCases(string directory) =>
        File.ReadAllLines(Path.Combine(Dir.Path, directory, "cases.csv")).Skip(1).Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => fields[1]);

    [Fact]
    public void Every_format_names_each_case_by_the_same_export_id_so_two_exports_join_on_it_and_no_case_id_is_written()
    {
        CreateProjectWithFixture();
        Dlens("memo", "add", "Two outlets confirm the date.", "--on", "case:c1", "--author", "analyst-a").ExitCode.ShouldBe(0);

        string[] files = ["study.jsonl", "tables", "tables.xlsx", "study.qdpx"];
        foreach (var (format, file) in new[] { "jsonl", "csv", "xlsx", "qdpx" }.Zip(files))
        {
            var run = Dlens("export", "--format", format, file);
            run.ExitCode.ShouldBe(0, run.Error);
        }

        var jsonl = JsonLinesCases("study.jsonl");
        jsonl.Values.ShouldBe(["Abu Tariq", "Umm Safiya", "Karim B."]);
        jsonl.Keys.ShouldAllBe(id => ExportId().IsMatch(id));
        // Joined on the export id, the table export and the interchange file agree on every case.
        CsvCases("tables").ShouldBe(jsonl);
        foreach (var file in files)
        {
            var texts = WrittenTexts(Path.Combine(Dir.Path, file));
            texts.SelectMany(text => ExportId().Matches(text).Select(match => match.Value)).ToHashSet().ShouldBe(jsonl.Keys.ToHashSet(), ignoreOrder: true, file);
            foreach (var id in ProjectCaseIds)
            {
                texts.ShouldAllBe(text => !Regex.IsMatch(text, $@"(^|[>"",\s:]){id}([<"",\s]|$)", RegexOptions.Multiline), $"{file} names case {id}");
            }
        }

        var speakers = File.ReadAllLines(Path.Combine(Dir.Path, "tables", "codings.csv")).Skip(1).Select(line => line.Split(',')[3]).Where(s => s.Length > 0);
        speakers.ShouldAllBe(speaker => jsonl.ContainsKey(speaker));
        speakers.ShouldNotBeEmpty();
    }

    [Fact]
    public void Two_exports_with_the_same_key_give_the_same_ids_and_a_project_with_another_key_gives_others()
    {
        CreateProjectWithFixture();
        Dlens("init", "other").ExitCode.ShouldBe(0);
        Dlens("import", "--project", "other", Dir.File("cases.jsonl", Fixture.Cases)).ExitCode.ShouldBe(0);

        Dlens("export", "--format", "jsonl", "first.jsonl").ExitCode.ShouldBe(0);
        Dlens("export", "--format", "csv", "second").ExitCode.ShouldBe(0);
        Dlens("export", "--format", "jsonl", "--project", "other", "other.jsonl").ExitCode.ShouldBe(0);

        var first = JsonLinesCases("first.jsonl");
        CsvCases("second").Keys.ShouldBe(first.Keys);
        var other = JsonLinesCases("other.jsonl");
        other.Values.ShouldBe(first.Values);
        other.Keys.Intersect(first.Keys).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("jsonl", "study.jsonl")]
    [InlineData("qdpx", "study.qdpx")]
    [InlineData("csv", "tables")]
    [InlineData("xlsx", "tables.xlsx")]
    public void Without_the_key_an_export_is_refused_with_exit_code_7_and_writes_nothing(string format, string file)
    {
        CreateProjectWithFixture();
        var missing = Path.Combine(Dir.Path, "missing.key");

        var run = Dlens("export", "--format", format, file, "--key-file", missing);

        run.ExitCode.ShouldBe(7);
        run.Error.ShouldBe($"dlens: this project has no key at {missing}: run 'dlens keys init', or give the key with --key-file or DLENS_KEY_FILE{Environment.NewLine}");
        Path.Exists(Path.Combine(Dir.Path, file)).ShouldBeFalse();
    }
}
