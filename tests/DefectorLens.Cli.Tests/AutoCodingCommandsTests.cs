using System.Text.Json;

namespace DefectorLens.Cli.Tests;

public sealed class AutoCodingCommandsTests : IDisposable
{
    // By hand, rules alone: brutality TP 1; prosecution TP 1; corruption TP 1; quality of life FN 1; negated torture: nothing.
    // Macro-F1 over the four codes used = (1 + 1 + 1 + 0) / 4; micro-F1 = 2·3 / (2·3 + 0 + 1).
    private const string Gold = """
        {"id": "1", "lang": "en", "text": "They executed a boy in the square.", "labels": ["leave.brutality"]}
        {"id": "2", "lang": "en", "text": "I was never tortured.", "labels": []}
        {"id": "3", "lang": "en", "text": "My lawyer says I face ten years in prison.", "labels": ["risk.prosecution"]}

        {"id": "4", "lang": "fr", "text": "Les émirs vivaient dans des villas.", "labels": ["leave.corruption", "leave.quality-of-life"]}
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Eval_prints_per_code_macro_and_micro_figures_overall_and_per_language()
    {
        var run = Dlens.Run(_dir.Path, "eval", _dir.File("gold.jsonl", Gold), "--rules-only", "--json");

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        root.EnumerateObject().Select(property => property.Name).ShouldBe(["macro_f1", "micro_f1", "per_code", "per_language"]);
        root.GetProperty("macro_f1").GetDouble().ShouldBe(0.75, 1e-12);
        root.GetProperty("micro_f1").GetDouble().ShouldBe(6 / 7.0, 1e-12);
        var qualityOfLife = root.GetProperty("per_code").GetProperty("leave.quality-of-life");
        (qualityOfLife.GetProperty("recall").GetDouble(), qualityOfLife.GetProperty("support").GetInt32()).ShouldBe((0.0, 1));
        root.GetProperty("per_language").GetProperty("en").GetProperty("macro_f1").GetDouble().ShouldBe(1.0);
        root.GetProperty("per_language").GetProperty("fr").GetProperty("macro_f1").GetDouble().ShouldBe(0.5);
    }

    [Fact]
    public void Eval_with_folds_cross_validates_a_gold_file_with_a_model_trained_per_fold()
    {
        // Two folds of the four texts: each is coded by a model trained on the other two, so the report covers all four.
        var run = Dlens.Run(_dir.Path, "eval", _dir.File("gold.jsonl", Gold), "--folds", "2", "--json");

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var languages = json.RootElement.GetProperty("per_language");
        (languages.GetProperty("en").GetProperty("items").GetInt32(), languages.GetProperty("fr").GetProperty("items").GetInt32()).ShouldBe((3, 1));
    }

    [Fact]
    public void Eval_refuses_more_folds_than_the_gold_file_has_texts()
    {
        var run = Dlens.Run(_dir.Path, "eval", _dir.File("gold.jsonl", Gold), "--folds", "5");

        run.ExitCode.ShouldBe(3);
        run.Error.Trim().ShouldBe("dlens: gold.jsonl: 4 texts; cross-validation with 5 folds needs at least 5");
    }

    [Fact]
    public void Classify_writes_one_line_per_input_line_in_order_with_code_confidence_and_why()
    {
        var lines = Enumerable.Range(1, 600).Select(i => i % 2 == 0
            ? $$"""{"id": "n{{i}}", "lang": "en", "text": "They executed a boy in the square."}"""
            : $$"""{"id": "n{{i}}", "text": "The weather was fine."}""");
        var run = Dlens.Run(_dir.Path, "classify", _dir.File("in.jsonl", string.Join('\n', lines)));

        run.ExitCode.ShouldBe(0, run.Error);
        var output = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        output.Select(line => line.GetProperty("id").GetString()).ShouldBe(Enumerable.Range(1, 600).Select(i => $"n{i}"));
        var coded = output[1].GetProperty("labels").EnumerateArray().Single(label => label.GetProperty("code").GetString() == "leave.brutality");
        coded.GetProperty("confidence").GetDouble().ShouldBeInRange(0.0, 1.0);
        coded.GetProperty("why").GetString().ShouldStartWith("lexicon en:\"execut*\"");
    }

    [Theory]
    [InlineData("eval", "gold.jsonl", "{\"id\": \"1\", \"text\": \"x\", \"labels\": [\"leave.nothing\"]}", "gold.jsonl line 1: unknown label 'leave.nothing' (not a code of icsr-2015 1.2 that texts are coded with)")]
    [InlineData("eval", "gold.jsonl", "{\"id\": \"1\", \"text\": \"x\", \"labels\": []}\n{\"id\": \"2\"}", "gold.jsonl line 2: no \"text\" (expected a string)")]
    [InlineData("eval", "gold.jsonl", "{\"id\": \"1\", \"text\": \"x\"", "gold.jsonl line 1: not valid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed")]
    [InlineData("eval", "gold.jsonl", "\n\n", "gold.jsonl: no input (expected one JSON object per line, each with a \"text\")")]
    [InlineData("classify", "in.jsonl", "{\"text\": \"ok\"}\n[1]", "in.jsonl line 2: expected a JSON object")]
    [InlineData("classify", "in.jsonl", "", "in.jsonl: no input (expected one JSON object per line, each with a \"text\")")]
    public void Bad_input_gets_one_error_naming_the_line_and_exit_code_3(string command, string file, string content, string message)
    {
        _dir.File(file, content);

        var run = Dlens.Run(_dir.Path, command, file, "--rules-only");

        run.ExitCode.ShouldBe(3);
        run.Error.Trim().ShouldBe($"dlens: {message}");
    }

    [Fact]
    public void Train_on_a_project_without_human_codings_is_refused_and_stores_no_model()
    {
        Dlens.Run(_dir.Path, "init").ExitCode.ShouldBe(0);

        var run = Dlens.Run(_dir.Path, "train");

        run.ExitCode.ShouldBe(3);
        run.Error.Trim().ShouldBe("dlens: the project has no codings by a person to train on (import coded segments or accept suggestions with 'dlens review' first)");
        Dlens.Run(_dir.Path, "info", "--json").Out.ShouldNotContain("model");
    }

    [Fact]
    public void Train_on_human_codings_stores_a_versioned_model_that_code_auto_then_names()
    {
        Dlens.Run(_dir.Path, "init").ExitCode.ShouldBe(0);
        Dlens.Run(_dir.Path, "import", _dir.File("cases.jsonl", Fixture.Cases), _dir.File("sources.jsonl", Fixture.Sources)).ExitCode.ShouldBe(0);

        var train = Dlens.Run(_dir.Path, "train", "--json");
        var code = Dlens.Run(_dir.Path, "code", "--auto", "--json");

        train.ExitCode.ShouldBe(0, train.Error);
        using var trained = JsonDocument.Parse(train.Out);
        trained.RootElement.GetProperty("project_version").GetInt32().ShouldBe(1);
        trained.RootElement.GetProperty("version").GetString().ShouldBe("project.1");
        code.ExitCode.ShouldBe(0, code.Error);
        using var coded = JsonDocument.Parse(code.Out);
        coded.RootElement.GetProperty("coder").GetString().ShouldBe("auto");
        coded.RootElement.GetProperty("version").GetString().ShouldStartWith("project.1+icsr-2015@");
    }

    [Fact]
    public void Rules_only_and_model_only_together_are_refused()
    {
        var run = Dlens.Run(_dir.Path, "classify", "-", "--rules-only", "--model-only");

        run.ExitCode.ShouldBe(3);
        run.Error.Trim().ShouldBe("dlens: --rules-only and --model-only exclude each other");
    }
}
