using System.Collections.Immutable;
using System.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Interop.Tests.Import;

namespace DefectorLens.Interop.Tests.Codebooks;

public sealed class CodebookFileTests : IDisposable
{
    private static readonly string[] Leaves =
    [
        "join.syria-conflict", "join.faith-ideology", "join.personal-material",
        "leave.infighting", "leave.brutality", "leave.corruption", "leave.quality-of-life",
        "obstacle.exit", "risk.reprisal", "risk.prosecution",
    ];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>A codebook with the texts a writer can get wrong: quotes, colons, hashes, Arabic, long and multi-line text.</summary>
    private static Codebook Tricky { get; } = new(
        "tricky",
        "1.0",
        "A codebook: with \"quotes\" and # hashes",
        string.Join(" ", Enumerable.Repeat("A description long enough to be folded over several lines of YAML.", 4)),
        [
            new Code(new CodeId("join"), "Joining", "Why people joined.", [], [], [], null, []),
            new Code(
                new CodeId("join.yes"),
                "yes",
                "First paragraph.\nSecond line: with a colon, - a dash and 'single quotes'.",
                ["- starts with a dash", "true", "null", "1.5", "@at"],
                ["exclude: with colon"],
                ["\"A quoted example,\" he said.", "مثال بالعربية"],
                "#c0392b",
                [
                    new LexiconRule("en", "barrel bomb*"), new LexiconRule("en", "it's"),
                    new LexiconRule("ar", "الأسد"), new LexiconRule("fr", "régime syrien"), new LexiconRule("de", "\"zitat\""),
                ]),
        ]);

    [Fact]
    public void The_default_codebook_is_icsr_2015_and_valid()
    {
        var codebook = CodebookFile.Default;

        codebook.Id.ShouldBe("icsr-2015");
        codebook.Problems().ShouldBeEmpty();
        CodebookFile.Default.ShouldBeSameAs(codebook);
    }

    [Fact]
    public void The_default_codebook_has_the_four_categories_and_the_ten_codes_of_the_study()
    {
        var codebook = CodebookFile.Default;

        codebook.Codes.Length.ShouldBe(14);
        codebook.Codes.Select(code => code.Id.Value).Where(id => !id.Contains('.', StringComparison.Ordinal))
            .ShouldBe(["join", "leave", "obstacle", "risk"], ignoreOrder: true);
        codebook.Leaves.Select(code => code.Id.Value).ShouldBe(Leaves, ignoreOrder: true);
    }

    [Fact]
    public void Every_code_of_the_default_codebook_has_a_definition_examples_and_a_lexicon_in_four_languages()
    {
        foreach (var code in CodebookFile.Default.Leaves)
        {
            code.Definition.ShouldNotBeNullOrWhiteSpace(code.Id.Value);
            code.Examples.ShouldNotBeEmpty(code.Id.Value);
            code.Lexicon.Select(rule => rule.Language).Distinct().ShouldBe(["en", "ar", "fr", "de"], ignoreOrder: true, code.Id.Value);
        }
    }

    [Fact]
    public void The_default_codebook_written_as_yaml_reads_back_the_same()
    {
        var yaml = CodebookFile.ToYaml(CodebookFile.Default);

        var result = CodebookFile.Parse(yaml, "default.yaml");

        result.Errors.ShouldBeEmpty();
        CodebookAssert.Equal(CodebookFile.Default, result.Codebook!);
    }

    [Fact]
    public void The_default_codebook_written_as_json_reads_back_the_same()
    {
        var json = CodebookFile.ToJson(CodebookFile.Default);

        var result = CodebookFile.Parse(json, "default.json");

        result.Errors.ShouldBeEmpty();
        CodebookAssert.Equal(CodebookFile.Default, result.Codebook!);
    }

    [Fact]
    public void A_codebook_with_tricky_text_written_as_yaml_reads_back_the_same()
    {
        var path = _directory.Write("tricky.yaml", CodebookFile.ToYaml(Tricky));

        var result = CodebookFile.Read(path);

        result.Errors.ShouldBeEmpty();
        result.Succeeded.ShouldBeTrue();
        CodebookAssert.Equal(Tricky, result.Codebook!);
    }

    [Fact]
    public void A_codebook_with_tricky_text_written_as_json_reads_back_the_same()
    {
        var path = _directory.Write("tricky.json", CodebookFile.ToJson(Tricky));

        var result = CodebookFile.Read(path);

        result.Errors.ShouldBeEmpty();
        CodebookAssert.Equal(Tricky, result.Codebook!);
    }

    [Fact]
    public void The_yaml_writer_uses_the_keys_of_the_codebook_format()
    {
        var yaml = CodebookFile.ToYaml(Tricky);

        yaml.ShouldStartWith("id: tricky\nversion: \"1.0\"\ntitle: ");
        yaml.ShouldContain("\ncodes:\n  - id: join\n    name: Joining\n    definition: Why people joined.\n  - id: join.yes\n");
        yaml.ShouldContain("    colour: \"#c0392b\"\n");
        yaml.ShouldContain("    lexicon:\n      en: [\"barrel bomb*\", \"it's\"]\n      ar: [\"الأسد\"]\n");
    }

    [Fact]
    public void The_json_writer_uses_the_keys_of_the_codebook_format_and_keeps_arabic_readable()
    {
        var json = CodebookFile.ToJson(Tricky);

        json.ShouldStartWith("{\n  \"id\": \"tricky\",\n  \"version\": \"1.0\",\n");
        json.ShouldContain("\"lexicon\": {\n        \"en\": [\n          \"barrel bomb*\",");
        json.ShouldContain("\"الأسد\"");
    }

    [Fact]
    public void A_codebook_in_the_documented_shape_is_read()
    {
        const string yaml = """
            id: demo
            version: "1.0"
            title: Demo
            description: >
              What the codebook is for.
            codes:
              - id: join                      # a category
                name: Joining narratives
                definition: Why people joined.
              - id: join.syria-conflict
                name: Syrian conflict
                colour: "#c0392b"
                definition: >
                  One paragraph.
                include:
                  - when to apply it
                exclude:
                  - when not to apply it
                examples:
                  - "A statement."
                lexicon:
                  en: ["assad", "barrel bomb*"]
                  ar: ["الأسد"]
            """;

        var result = CodebookFile.Parse(yaml, "demo.yaml");

        result.Errors.ShouldBeEmpty();
        var codebook = result.Codebook!;
        codebook.Description.ShouldBe("What the codebook is for.");
        var code = codebook.Find(new CodeId("join.syria-conflict"))!;
        code.Definition.ShouldBe("One paragraph.");
        code.Include.ShouldBe(["when to apply it"]);
        code.Lexicon.ShouldBe([new LexiconRule("en", "assad"), new LexiconRule("en", "barrel bomb*"), new LexiconRule("ar", "الأسد")]);
    }

    [Fact]
    public void A_json_codebook_with_tabs_and_escapes_is_read()
    {
        const string json = "{\n\t\"id\": \"j\",\n\t\"version\": \"2\",\n\t\"codes\": [\n\t\t{\"id\": \"a\", \"name\": \"\\u0627 \\ud83d\\ude00\"}\n\t]\n}";

        var result = CodebookFile.Parse(json, "j.json");

        result.Errors.ShouldBeEmpty();
        result.Codebook!.Codes.Single().Name.ShouldBe("ا 😀");
    }

    public static TheoryData<string, string, int?, string> BadCodebooks => new()
    {
        { "book.yaml", "id: x\nversion: \"1\"\ncodes: [\n", 4, "not valid YAML: While parsing a node, did not find expected node content." },
        { "book.json", "{\"id\": \"x\",\n \"version\": \"1\",\n \"codes\": [}", 3, "not valid JSON: While parsing a node, did not find expected node content." },
        { "book.yaml", "- id: x\n", 1, "expected a codebook: a mapping with id, version, title, description and codes" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n  - id: a\n    name: A again\n", 6, "code id 'a' appears more than once" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a.b\n    name: B\n", 4, "code 'a.b' needs its parent 'a' to be defined before it" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: Leave.Brutality\n    name: B\n", 4, "code id 'Leave.Brutality' is not valid (expected lower-case words joined by dots, e.g. leave.brutality)" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    definition: no name\n", 4, "code 'a' has no 'name'" },
        { "book.yaml", "id: x\ncodes:\n  - id: a\n    name: A\n", null, "codebook has no 'version'" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes: []\n", null, "codebook has no codes" },
        { "book.yaml", "id: x\nversion: \"1\"\nauthor: me\ncodes:\n  - id: a\n    name: A\n", 3, "unknown key 'author' (expected id, version, title, description, codes)" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n    color: \"#ffffff\"\n", 6, "unknown key 'color' in a code (expected id, name, colour, definition, include, exclude, examples, lexicon)" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  id: a\n", 3, "'codes' must be a list of codes" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - a\n", 4, "a code must be a mapping of its fields (id, name, definition, ...)" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - name: A\n", 4, "a code has no 'id'" },
        { "book.yaml", "id: [x]\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n", 1, "'id' must be a text value" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n    include: when\n", 6, "'include' must be a list of text values" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n    lexicon: [assad]\n", 6, "'lexicon' must map language codes to lists of phrases (e.g. en: [\"execut*\"])" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n    lexicon:\n      english: [assad]\n", 7, "language 'english' is not an ISO 639-1 code (expected two letters such as en, ar, fr, de)" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n    lexicon:\n      en: assad\n", 7, "'lexicon.en' must be a list of text values" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n    colour: red\n", 6, "colour 'red' is not a colour (expected #rrggbb)" },
        { "book.yaml", "id: x\nid: y\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n", 2, "key 'id' appears more than once" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - &a\n    id: a\n    name: A\n  - *a\n", 7, "YAML anchors and aliases (&name, *name) are not supported" },
        { "book.yaml", "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n---\nid: y\n", 6, "expected one YAML document, found several (separated by '---')" },
        { "book.yaml", "", 1, "expected a codebook: a mapping with id, version, title, description and codes" },
    };

    [Theory]
    [MemberData(nameof(BadCodebooks))]
    public void A_bad_codebook_is_refused_with_the_line_and_what_was_expected(string fileName, string text, int? line, string reason)
    {
        var path = _directory.Write(fileName, text);

        var result = CodebookFile.Read(path);

        result.Succeeded.ShouldBeFalse();
        result.Codebook.ShouldBeNull();
        result.Errors.Select(error => (error.File, error.Line, error.Reason)).ShouldBe([(path, line, reason)]);
    }

    [Fact]
    public void Every_problem_of_a_codebook_is_reported_each_at_the_line_of_its_code()
    {
        const string yaml = "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n  - id: b.c\n    name: C\n  - id: a\n";

        var result = CodebookFile.Parse(yaml, "book.yaml");

        result.Errors.Select(error => error.ToString()).ShouldBe(
        [
            "book.yaml line 6: code 'b.c' needs its parent 'b' to be defined before it",
            "book.yaml line 8: code id 'a' appears more than once",
            "book.yaml line 8: code 'a' has no 'name'",
        ]);
    }

    [Fact]
    public void A_missing_codebook_file_is_reported_as_not_found()
    {
        var path = _directory.Missing("nowhere.yaml");

        var result = CodebookFile.Read(path);

        result.Errors.ShouldBe([new Core.InputError(path, null, "file not found")]);
    }

    [Fact]
    public void A_codebook_file_of_another_type_is_refused()
    {
        var path = _directory.Write("book.txt", "id: x");

        var result = CodebookFile.Read(path);

        result.Errors.ShouldBe([new Core.InputError(path, null, "unsupported file type '.txt' (expected .json, .yaml, .yml)")]);
    }

    [Fact]
    public void A_binary_codebook_file_is_refused_with_the_offset_of_the_first_bad_byte()
    {
        var path = _directory.WriteBytes("book.yml", [.. Encoding.UTF8.GetBytes("id: x\n"), 0xFF, 0x00]);

        var result = CodebookFile.Read(path);

        result.Errors.ShouldBe([new Core.InputError(path, null, "binary or non-UTF-8 content at byte 6 (expected UTF-8 text)")]);
    }

    [Fact]
    public void A_codebook_file_with_a_byte_order_mark_is_read()
    {
        var path = _directory.WriteBytes("book.yaml", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: A\n")]);

        var result = CodebookFile.Read(path);

        result.Errors.ShouldBeEmpty();
        result.Codebook!.Codes.Select(code => code.Id).ShouldBe([new CodeId("a")]);
    }

    [Fact]
    public void Reading_trims_text_so_that_folded_and_stripped_blocks_are_the_same()
    {
        const string yaml = "id: x\nversion: \"1\"\ncodes:\n  - id: a\n    name: '  A  '\n    definition: >\n      Folded\n      text.\n";

        var code = CodebookFile.Parse(yaml, "book.yaml").Codebook!.Codes.Single();

        code.Name.ShouldBe("A");
        code.Definition.ShouldBe("Folded text.");
        code.Include.ShouldBe(ImmutableArray<string>.Empty);
    }
}
