using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Model;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Tests;

public sealed class EvaluationTests
{
    private static readonly CodeId A = new("x.a");
    private static readonly CodeId B = new("x.b");
    private static readonly CodeId C = new("x.c");

    private static Judged Item(string language, CodeId[] gold, CodeId[] predicted) =>
        new(new LabelledText(Guid.NewGuid().ToString(), language, "", [.. gold]), predicted.ToHashSet());

    [Fact]
    public void Figures_per_code_macro_and_micro_follow_the_counts()
    {
        // A: TP 2, FP 1, FN 0 → P 2/3, R 1, F1 0.8.  B: TP 1, FP 0, FN 1 → P 1, R 0.5, F1 2/3.  C: never used → not in macro.
        Judged[] judged =
        [
            Item("en", [A], [A]),
            Item("en", [A, B], [A, B]),
            Item("fr", [B], []),
            Item("fr", [], [A]),
        ];

        var report = MultiLabelEvaluation.Evaluate(judged, [A, B, C]);

        var a = report.Overall.PerCode[0];
        (a.Precision, a.Recall, a.F1, a.Support).ShouldBe((2 / 3.0, 1.0, 0.8, 2));
        var b = report.Overall.PerCode[1];
        (b.Precision, b.Recall, b.F1, b.Support).ShouldBe((1.0, 0.5, 2 / 3.0, 2));
        report.Overall.MacroF1.ShouldBe((0.8 + (2 / 3.0)) / 2, 1e-12);
        report.Overall.MicroF1.ShouldBe(2 * 3 / ((2 * 3.0) + 1 + 1), 1e-12);
        report.PerLanguage.Keys.ShouldBe(["en", "fr"]);
        report.PerLanguage["en"].MacroF1.ShouldBe(1.0);
        report.PerLanguage["fr"].MacroF1.ShouldBe(0.0);
    }

    [Fact]
    public void The_best_threshold_is_the_middle_of_the_plateau_of_best_F1()
    {
        var (threshold, counts) = Thresholds.BestF1([0.9, 0.8, 0.3, 0.1], [true, true, false, false]);

        counts.F1.ShouldBe(1.0);
        threshold.ShouldBe(0.55, 0.011);
    }

    [Theory]
    [InlineData("not json", "not valid JSON: 'not json' is an invalid JSON literal. Expected the literal 'null'")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"id\": \"a\"}", "no \"text\" (expected a string)")]
    [InlineData("{\"text\": 3}", "no \"text\" (expected a string)")]
    [InlineData("{\"text\": \"t\", \"lang\": 3.5e99, \"id\": {}}", "\"id\" must be a string")]
    [InlineData("{\"text\": \"t\", \"labels\": \"leave.brutality\"}", "no \"labels\" (expected an array of code ids, [] for none)")]
    [InlineData("{\"text\": \"t\"}", "no \"labels\" (expected an array of code ids, [] for none)")]
    public void A_bad_gold_line_is_reported_with_its_reason(string line, string reason)
    {
        var (parsed, error) = JsonLine.Parse(line, requireLabels: true);

        parsed.ShouldBeNull();
        error.ShouldBe(reason);
    }

    [Fact]
    public void A_line_to_classify_needs_only_its_text_and_a_numeric_id_reads_as_text()
    {
        var (parsed, _) = JsonLine.Parse("{\"id\": 7, \"text\": \"hello\"}", requireLabels: false);

        parsed.ShouldBe(new JsonLine("7", null, "hello", default));
    }
}
