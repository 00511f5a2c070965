using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Cli.Tests;

public sealed class ProtectionCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<DlensRun> _runs = [];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private DlensRun Dlens(params string[] args)
    {
        var run = Tests.Dlens.Run(_dir.Path, args);
        _runs.Add(run);
        return run;
    }

    private void CreateProjectWithFixture()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        Dlens("import", _dir.File("cases.jsonl", Fixture.Cases), _dir.File("sources.jsonl", Fixture.Sources)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Init_says_where_the_key_is_and_the_key_lives_outside_the_project()
    {
        var init = Dlens("init");

        init.ExitCode.ShouldBe(0, init.Error);
        var keys = Directory.GetFiles(Path.Combine(_dir.Path, ".keys"));
        keys.ShouldHaveSingleItem().ShouldEndWith(".key");
        init.Out.ShouldContain($"Identities will be encrypted with the key in {keys[0]}");
    }

    [Fact]
    public void Every_protection_command_works_and_no_output_file_or_report_shows_a_planted_identity()
    {
        CreateProjectWithFixture();

        var status = JsonDocument.Parse(Dlens("keys", "status", "--json").Out).RootElement;
        Dlens("report").ExitCode.ShouldBe(0);
        Dlens("report", "--audience", "research", "--out", "research").ExitCode.ShouldBe(0);
        var rotate = Dlens("keys", "rotate");
        var backup = Dlens("backup", "study.dlbak");
        var restore = Dlens("restore", "study.dlbak", "--project", "restored");
        var show = Dlens("audit", "show", "--json");
        var verify = Dlens("audit", "verify");
        Dlens("audit", "verify", "--project", "restored").ExitCode.ShouldBe(0);

        (status.GetProperty("unlocked").GetBoolean(), status.GetProperty("identities").GetInt32()).ShouldBe((true, 1));
        rotate.ExitCode.ShouldBe(0, rotate.Error);
        rotate.Out.ShouldContain("1 identities re-encrypted");
        backup.ExitCode.ShouldBe(0, backup.Error);
        restore.ExitCode.ShouldBe(0, restore.Error);
        verify.ExitCode.ShouldBe(0, verify.Error);
        verify.Out.ShouldStartWith("Audit log intact: ");
        JsonDocument.Parse(show.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString())
            .ShouldContain("backup");
        var written = new[] { "report.html", "report.md", "research/report.html", "research/report.md", "study.dlbak" }
            .Select(file => File.ReadAllText(Path.Combine(_dir.Path, file)));
        foreach (var text in _runs.SelectMany(run => new[] { run.Out, run.Error }).Concat(written))
        {
            text.ShouldNotContain("Quibblewick");
            text.ShouldNotContain("Quibble al-Marsawi");
            text.ShouldNotContain("zq@example.org");
        }
    }

    [Fact]
    public void Without_the_key_a_report_is_refused_with_a_clear_error_and_exit_code_7()
    {
        CreateProjectWithFixture();

        var report = Dlens("report", "--key-file", Path.Combine(_dir.Path, "missing.key"));

        report.ExitCode.ShouldBe(7);
        report.Error.ShouldBe($"dlens: this project has no key at {Path.Combine(_dir.Path, "missing.key")}: run 'dlens keys init', or give the key with --key-file or DLENS_KEY_FILE{Environment.NewLine}");
        File.Exists(Path.Combine(_dir.Path, "report.html")).ShouldBeFalse();
        Dlens("cases", "--key-file", Path.Combine(_dir.Path, "missing.key")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void An_edited_audit_event_makes_verify_fail_with_exit_code_8()
    {
        CreateProjectWithFixture();
        using (var raw = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, "project.dlens")};Pooling=False"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'nobody' WHERE seq = 2;";
            command.ExecuteNonQuery();
        }

        var verify = Dlens("audit", "verify");

        verify.ExitCode.ShouldBe(8);
        verify.Error.ShouldBe($"dlens: {Path.Combine(_dir.Path, "project.dlens")}: the audit log is not intact: audit event 2 does not match its hash: it or an earlier event was altered{Environment.NewLine}");
    }

    [Fact]
    public void A_truncated_backup_is_refused_with_exit_code_8_and_nothing_is_restored()
    {
        CreateProjectWithFixture();
        Dlens("backup", "study.dlbak").ExitCode.ShouldBe(0);
        var backup = Path.Combine(_dir.Path, "study.dlbak");
        File.WriteAllBytes(backup, File.ReadAllBytes(backup)[..500]);

        var restore = Dlens("restore", "study.dlbak", "--project", "restored");

        restore.ExitCode.ShouldBe(8);
        restore.Error.ShouldBe($"dlens: study.dlbak: the backup is truncated (it ends before its last block); nothing was restored{Environment.NewLine}");
        Directory.GetFiles(Path.Combine(_dir.Path, "restored")).ShouldBeEmpty();
    }
}
