using System.Text.Json;

namespace DefectorLens.Cli.Tests;

public sealed class QdpxCliTests : DlensTest
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public void The_sample_corpus_exported_with_dlens_and_imported_into_a_fresh_project_gives_the_same_statistics()
    {
        Dlens("init", "original").ExitCode.ShouldBe(0);
        var import = Dlens("import", "--project", "original", Path.Combine(Samples, "cases.jsonl"), Path.Combine(Samples, "sources.jsonl"), Path.Combine(Samples, "texts"));
        import.ExitCode.ShouldBe(0, import.Error);
        Dlens("code", "--auto", "--project", "original").ExitCode.ShouldBe(0);

        var export = Dlens("export", "--format", "qdpx", "study.qdpx", "--project", "original", "--json");
        Dlens("init", "copy").ExitCode.ShouldBe(0);
        var reimport = Dlens("import", "study.qdpx", "--project", "copy", "--json");

        export.ExitCode.ShouldBe(0, export.Error);
        reimport.ExitCode.ShouldBe(0, reimport.Error);
        using var exported = JsonDocument.Parse(export.Out);
        using var imported = JsonDocument.Parse(reimport.Out);
        imported.RootElement[0].GetProperty("codings").GetInt32().ShouldBe(exported.RootElement.GetProperty("codings").GetInt32());
        Dlens("stats", "--json", "--project", "copy").Out.ShouldBe(Dlens("stats", "--json", "--project", "original").Out);
    }

    [Fact]
    public void A_qdpx_found_in_a_folder_brings_its_memos_with_it()
    {
        Dlens("init", "original").ExitCode.ShouldBe(0);
        Dlens("import", "--project", "original", Path.Combine(Samples, "cases.jsonl")).ExitCode.ShouldBe(0);
        Dlens("memo", "add", "Ask the second outlet about the date.", "--on", "case:c001", "--project", "original").ExitCode.ShouldBe(0);
        Directory.CreateDirectory(Path.Combine(Dir.Path, "exchange"));
        Dlens("export", "--format", "qdpx", Path.Combine("exchange", "study.qdpx"), "--project", "original").ExitCode.ShouldBe(0);
        Dlens("init", "copy").ExitCode.ShouldBe(0);

        var import = Dlens("import", "exchange", "--project", "copy");

        import.ExitCode.ShouldBe(0, import.Error);
        Dlens("memo", "list", "--project", "copy").Out.ShouldContain("Ask the second outlet about the date.");
    }

    [Fact]
    public void A_qdpx_with_an_unsafe_path_is_refused_with_one_line_and_the_invalid_input_exit_code()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        var archive = Path.Combine(Dir.Path, "evil.qdpx");
        using (var zip = System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("../../evil.txt");
        }

        var run = Dlens("import", "evil.qdpx");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe(
            "evil.qdpx: entry '../../evil.txt' has a path that is rooted or contains '..' (it could escape the archive); refused\n" +
            "Rejected evil.qdpx: nothing was imported.\n");
    }

    [Fact]
    public void A_map_given_without_a_qdpx_file_is_a_usage_error()
    {
        Dlens("init").ExitCode.ShouldBe(0);

        var run = Dlens("import", "--map", Dir.File("codes.yaml", "Violence: leave.brutality\n"), Dir.File("notes.txt", "Some notes."));

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("dlens: --map applies to .qdpx files only\n");
    }

    [Fact]
    public void The_codebook_exported_as_qdc_starts_another_project()
    {
        Dlens("init", "first").ExitCode.ShouldBe(0);
        var export = Dlens("codebook", "export", "--format", "qdc", "--out", "team.qdc", "--project", "first");
        Dlens("init", "second").ExitCode.ShouldBe(0);

        var import = Dlens("codebook", "import", "team.qdc", "--project", "second");

        export.ExitCode.ShouldBe(0, export.Error);
        import.ExitCode.ShouldBe(0, import.Error);
        import.Out.ShouldBe("Codebook team 1 (14 codes) is now the project's.\n");
    }
}
