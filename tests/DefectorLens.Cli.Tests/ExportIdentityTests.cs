using System.IO.Compression;
using System.Text;

namespace DefectorLens.Cli.Tests;

public sealed class ExportIdentityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DlensRun Dlens(params string[] args) => Tests.Dlens.Run(_dir.Path, args);

    [Fact]
    public void No_identity_value_planted_in_a_case_appears_in_any_export_format()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        Dlens("import", _dir.File("cases.jsonl", Fixture.Cases), _dir.File("sources.jsonl", Fixture.Sources)).ExitCode.ShouldBe(0);

        var runs = new[]
        {
            Dlens("export", "--format", "csv", "csv-out"),
            Dlens("export", "--format", "xlsx", "tables.xlsx"),
            Dlens("export", "--format", "qdpx", "study.qdpx"),
            Dlens("report", "--out", "report-out"),
        };

        runs.ShouldAllBe(run => run.ExitCode == 0);
        var texts = runs.SelectMany(run => new[] { run.Out, run.Error })
            .Concat(Directory.EnumerateFiles(Path.Combine(_dir.Path, "csv-out")).Select(File.ReadAllText))
            .Concat(Directory.EnumerateFiles(Path.Combine(_dir.Path, "report-out")).Select(File.ReadAllText))
            .Concat(ZipEntries(Path.Combine(_dir.Path, "tables.xlsx")))
            .Concat(ZipEntries(Path.Combine(_dir.Path, "study.qdpx")))
            .ToList();
        texts.Count.ShouldBeGreaterThan(6);
        foreach (var text in texts)
        {
            text.ShouldNotContain("Quibble");
            text.ShouldNotContain("zq@example.org");
        }
    }

    private static IEnumerable<string> ZipEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            yield return reader.ReadToEnd();
        }
    }
}
