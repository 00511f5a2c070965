using System.Text.Json;

namespace DefectorLens.Cli.Tests;

public sealed class DemoTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_demo_builds_a_coded_project_whose_stats_list_all_ten_codes_and_writes_its_report()
    {
        var demo = Dlens.Run(_dir.Path, "demo");
        var stats = Dlens.Run(_dir.Path, "stats", "--project", "demo-out", "--json");

        demo.ExitCode.ShouldBe(0, demo.Error);
        demo.Out.ShouldContain("Report:");
        File.Exists(Path.Combine(_dir.Path, "demo-out", "report.html")).ShouldBeTrue();
        File.Exists(Path.Combine(_dir.Path, "demo-out", "report.md")).ShouldBeTrue();
        stats.ExitCode.ShouldBe(0, stats.Error);
        using var json = JsonDocument.Parse(stats.Out);
        json.RootElement.GetProperty("cases").GetInt32().ShouldBeGreaterThanOrEqualTo(40);
        var rows = json.RootElement.GetProperty("prevalence").EnumerateArray().ToList();
        rows.Select(row => row.GetProperty("code").GetString()).ShouldBe(
        [
            "join.syria-conflict", "join.faith-ideology", "join.personal-material",
            "leave.infighting", "leave.brutality", "leave.corruption", "leave.quality-of-life",
            "obstacle.exit", "risk.reprisal", "risk.prosecution",
        ]);
        rows.ShouldAllBe(row => row.GetProperty("cases").GetInt32() > 0);
    }

    [Fact]
    public void Running_the_demo_twice_starts_afresh_instead_of_failing_on_existing_data()
    {
        Dlens.Run(_dir.Path, "demo").ExitCode.ShouldBe(0);

        var again = Dlens.Run(_dir.Path, "demo");

        again.ExitCode.ShouldBe(0, again.Error);
    }
}
