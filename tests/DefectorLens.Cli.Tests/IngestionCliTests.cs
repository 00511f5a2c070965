using System.Text.Json;

namespace DefectorLens.Cli.Tests;

public sealed class IngestionCliTests : DlensTest
{
    private const string Wire =
        "A former member of the Islamic State who fled to Turkey last month said the group executed dozens of its own fighters " +
        "accused of spying. He described checkpoints on every road out of Raqqa, smugglers who charged hundreds of dollars, and " +
        "commanders who lived in confiscated villas while foreign recruits slept on the floor.";

    public IngestionCliTests()
    {
        Dlens("init").ExitCode.ShouldBe(0);
        Directory.CreateDirectory(Path.Combine(Dir.Path, "in"));
        Dir.File("in/a-agency.txt", $"Defector speaks\n\n{Wire}");
        Dir.File("in/b-gazette.md", $"---\ntitle: Ex-fighter tells of executions\noutlet: Gazette\n---\nRAQQA — {Wire} The paper could not verify his account.");
        File.WriteAllBytes(Path.Combine(Dir.Path, "in", "c-broken.pdf"), "%PDF-1.7\n1 0 obj"u8.ToArray());
    }

    [Fact]
    public void Import_json_counts_imported_skipped_and_duplicate_sources_and_lists_each_error_with_its_file()
    {
        var run = Dlens("import", "in", "--json");

        run.ExitCode.ShouldBe(3);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        (root.GetProperty("imported").GetInt32(), root.GetProperty("skipped").GetInt32(), root.GetProperty("duplicates").GetInt32()).ShouldBe((2, 0, 1));
        var error = root.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("file").GetString().ShouldBe(Path.Combine("in", "c-broken.pdf"));
        error.GetProperty("reason").GetString()!.ShouldStartWith("not a readable PDF: ");
    }

    [Fact]
    public void Json_output_longer_than_its_buffer_keeps_arabic_titles_whole_and_unescaped()
    {
        // A few hundred kilobytes of two-byte letters leave in several drains of the writer's 64 KB buffer, and one title is
        // longer than the buffer itself.
        Directory.CreateDirectory(Path.Combine(Dir.Path, "arabic"));
        var titles = Enumerable.Range(0, 400).Select(i => $"شهادة مقاتل سابق رقم {i} عن الخروج من التنظيم").Append(string.Concat(Enumerable.Repeat("شهادة طويلة ", 8_000))).ToList();
        for (var i = 0; i < titles.Count; i++)
        {
            Dir.File($"arabic/{i:D3}.md", $"---\ntitle: {titles[i].Trim()}\nlanguage: ar\n---\nقال إنه غادر الرقة في الشتاء بعد أن رأى ما رأى. {i}");
        }

        Dlens("import", "arabic").ExitCode.ShouldBe(0);
        var run = Dlens("sources", "--json");

        run.ExitCode.ShouldBe(0);
        run.Out.Length.ShouldBeGreaterThan(2 * 64 * 1024);
        run.Out.ShouldNotContain("\\u06");
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.EnumerateArray().Select(source => source.GetProperty("title").GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(titles.Select(title => title.Trim()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_second_import_of_the_same_folder_skips_what_is_stored()
    {
        Dlens("import", "in");

        var again = Dlens("import", "in", "--json");

        using var json = JsonDocument.Parse(again.Out);
        (json.RootElement.GetProperty("imported").GetInt32(), json.RootElement.GetProperty("skipped").GetInt32()).ShouldBe((0, 2));
    }

    [Fact]
    public void Sources_duplicates_lists_each_duplicate_with_its_original_and_outlet()
    {
        Dlens("import", "in");

        var table = Dlens("sources", "--duplicates");
        var run = Dlens("sources", "--duplicates", "--json");

        run.ExitCode.ShouldBe(0);
        using var json = JsonDocument.Parse(run.Out);
        var row = json.RootElement.EnumerateArray().ShouldHaveSingleItem();
        row.GetProperty("source").GetString().ShouldBe("b-gazette");
        row.GetProperty("original").GetString().ShouldBe("a-agency");
        row.GetProperty("kind").GetString().ShouldBe("near");
        row.GetProperty("outlet").GetString().ShouldBe("Gazette");
        table.Out.ShouldContain("1 duplicate source(s)");
    }
}
