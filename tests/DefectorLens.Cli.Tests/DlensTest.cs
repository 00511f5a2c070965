using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DefectorLens.Cli.Tests;

/// <summary>A test of the real dlens program: a directory of its own to run it in, removed afterwards.</summary>
public abstract class DlensTest : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected DlensRun Dlens(params string[] args) => Tests.Dlens.Run(Dir.Path, args);

    /// <summary>A project in the test's directory holding the three cases and sources of <see cref="Fixture"/>.</summary>
    protected void CreateProjectWithFixture()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        var import = Dlens("import", Dir.File("cases.jsonl", Fixture.Cases), Dir.File("sources.jsonl", Fixture.Sources));
        import.ExitCode.ShouldBe(0, import.Error);
    }

    /// <summary>Every text written at <paramref name="path"/>: each file under a directory, each entry of a .qdpx or .xlsx, or the file.</summary>
    protected static List<string> WrittenTexts(string path)
    {
        var files = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path];
        return [.. files.SelectMany(file => Path.GetExtension(file) is ".qdpx" or ".xlsx" ? ZipEntryTexts(file) : [File.ReadAllText(file)])];
    }

    /// <summary>The text of every entry of a zip file.</summary>
    protected static List<string> ZipEntryTexts(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return [.. zip.Entries.Select(entry =>
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        })];
    }

    /// <summary>The one JSON document a successful run printed.</summary>
    protected static JsonElement Json(DlensRun run)
    {
        run.ExitCode.ShouldBe(0, run.Error);
        using var document = JsonDocument.Parse(run.Out);
        return document.RootElement.Clone();
    }
}
