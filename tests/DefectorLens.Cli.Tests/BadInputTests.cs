namespace DefectorLens.Cli.Tests;

public sealed class BadInputTests : DlensTest
{
    private const string GoodCase = """{"case": "c9", "pseudonym": "Abu Nuh"}""";

    public BadInputTests()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        Dlens("import", Dir.File("cases.jsonl", Fixture.Cases), Dir.File("sources.jsonl", Fixture.Sources)).ExitCode.ShouldBe(0);
    }

    /// <summary>Everything a user can see of the project: if this is unchanged, nothing was stored.</summary>
    private string Snapshot() =>
        string.Join('\n', Dlens("cases", "--json").Out, Dlens("sources", "--json").Out, Dlens("stats", "--json").Out);

    private static void ShouldBeOneCleanLine(DlensRun run, int exitCode, string expected)
    {
        run.ExitCode.ShouldBe(exitCode, run.Error);
        run.Error.TrimEnd().ShouldBe(expected);
        run.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void A_missing_file_is_named_and_nothing_changes()
    {
        var before = Snapshot();

        var run = Dlens("import", "nowhere.jsonl");

        ShouldBeOneCleanLine(run, 4, "dlens: nowhere.jsonl: file not found");
        Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_malformed_json_line_rejects_the_whole_file_naming_the_line()
    {
        var before = Snapshot();
        var file = Dir.File("more.jsonl", GoodCase + "\n{\"case\": \"c10\", \"pseudonym\": \n");

        var run = Dlens("import", file);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"{file} line 2: not valid JSON");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        Snapshot().ShouldBe(before);
    }

    [Fact]
    public void An_unknown_code_id_rejects_the_file_naming_the_line_and_the_code()
    {
        var before = Snapshot();
        var file = Dir.File("coded.jsonl",
            """{"source": "s9", "title": "t", "text": "They executed him.", "segments": [{"start": 0, "end": 18, "codings": [{"code": "leave.brutalty", "coder": "analyst-a"}]}]}""");

        var run = Dlens("import", file);

        ShouldBeOneCleanLine(run, 3, $"{file} line 1: segment 1, coding 1: unknown code 'leave.brutalty' (not in codebook icsr-2015)");
        Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_binary_file_given_as_text_is_rejected_with_its_name()
    {
        var before = Snapshot();
        var file = Path.Combine(Dir.Path, "photo.txt");
        File.WriteAllBytes(file, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]);

        var run = Dlens("import", file);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"{file}: ");
        run.Error.ShouldContain("byte");
        Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_case_id_already_in_the_project_rejects_the_file_naming_the_line()
    {
        var before = Snapshot();
        var file = Dir.File("again.jsonl", GoodCase + "\n" + """{"case": "c2", "pseudonym": "Someone else"}""");

        var run = Dlens("import", file);

        ShouldBeOneCleanLine(run, 3, $"{file} line 2: case 'c2' already exists in the project");
        Snapshot().ShouldBe(before);
    }

    [Fact]
    public void A_rejected_file_does_not_stop_the_good_files_beside_it()
    {
        var bad = Dir.File("bad.jsonl", "not json");
        var good = Dir.File("good.jsonl", GoodCase);

        var run = Dlens("import", bad, good, "--json");

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldContain("\"cases\": 1");
        Dlens("cases").Out.ShouldContain("Abu Nuh");
    }

    [Fact]
    public void A_command_outside_any_project_says_how_to_create_one()
    {
        var elsewhere = Path.Combine(Dir.Path, "empty");
        Directory.CreateDirectory(elsewhere);

        var run = Tests.Dlens.Run(elsewhere, "stats");

        ShouldBeOneCleanLine(run, 4, $"dlens: {Path.Combine(elsewhere, "project.dlens")}: no DefectorLens project here (create one with 'dlens init', or pass --project PATH)");
    }

    [Fact]
    public void An_unknown_coder_is_named_with_the_coders_there_are()
    {
        var run = Dlens("stats", "--coder", "nobody");

        ShouldBeOneCleanLine(run, 4, "dlens: no coder named 'nobody' in this project (coders: analyst-a, analyst-b)");
    }

    [Fact]
    public void Init_where_a_project_exists_refuses_and_keeps_it()
    {
        var before = Snapshot();

        var run = Dlens("init");

        run.ExitCode.ShouldBe(5);
        run.Error.ShouldContain("a project already exists here");
        Snapshot().ShouldBe(before);
    }

    [Theory]
    [InlineData("case:c99", "dlens: no case 'c99' in this project to write a memo on", 4)]
    [InlineData("code:leave.nothing", "dlens: no code 'leave.nothing' in this project to write a memo on", 4)]
    [InlineData("banana", "dlens: memo target 'banana' is not valid (expected project, code:ID, case:ID, source:ID or segment:ID)", 3)]
    public void A_memo_on_something_the_project_lacks_is_refused(string target, string message, int exitCode)
    {
        var before = Dlens("memo", "list", "--json").Out;

        var run = Dlens("memo", "add", "note", "--on", target);

        ShouldBeOneCleanLine(run, exitCode, message);
        Dlens("memo", "list", "--json").Out.ShouldBe(before);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var run = Dlens("frobnicate");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("frobnicate");
    }

    [Fact]
    public void An_invalid_codebook_file_is_named_with_its_problem()
    {
        var file = Dir.File("book.yaml", "id: broken\nversion: \"1\"\ntitle: Broken\ncodes:\n  - id: risk.reprisal\n    name: Reprisal\n");

        var run = Dlens("init", Path.Combine(Dir.Path, "other"), "--codebook", file);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain(file);
        run.Error.ShouldContain("code 'risk.reprisal' needs its parent 'risk' to be defined before it");
        File.Exists(Path.Combine(Dir.Path, "other", "project.dlens")).ShouldBeFalse();
    }
}
