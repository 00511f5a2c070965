using System.Text.Json;

namespace DefectorLens.Cli.Tests;

public sealed class ReviewCommandTests : DlensTest
{
    private const string NotACode = "stdin line 1: unknown code 'leave.nothing' (not a code of icsr-2015 1.2 that texts are coded with)";

    /// <summary>The fixture coded by the lexicon rules alone, so that every suggestion comes from the same deterministic coder.</summary>
    private void CreateProjectWithSuggestions()
    {
        CreateProjectWithFixture();
        var code = Dlens("code", "--auto", "--rules-only");
        code.ExitCode.ShouldBe(0, code.Error);
    }

    private List<Suggestion> Queue(params string[] filters) =>
        [.. Json(Dlens(["review", "--json", .. filters])).EnumerateArray().Select(Suggestion.From)];

    private DlensRun Review(string answers, params string[] args) => Tests.Dlens.RunWithInput(Dir.Path, answers, ["review", .. args]);

    private List<JsonElement> Audit() => [.. Json(Dlens("audit", "show", "--json")).EnumerateArray()];

    [Fact]
    public void The_queue_lists_every_machine_suggestion_with_its_text_source_cases_confidence_and_why_least_certain_first()
    {
        CreateProjectWithSuggestions();

        var queue = Json(Dlens("review", "--json")).EnumerateArray().ToList();

        queue.Count.ShouldBeGreaterThanOrEqualTo(3);
        var confidences = queue.Select(item => item.GetProperty("confidence").GetDouble()).ToList();
        confidences.ShouldBe(confidences.Order().ToList(), "rule suggestions come least confident first");
        var brutality = queue.Single(item => item.GetProperty("code").GetString() == "leave.brutality");
        brutality.GetProperty("source").GetString().ShouldBe("s1");
        brutality.GetProperty("title").GetString().ShouldBe("Leaving the caliphate");
        brutality.GetProperty("text").GetString()!.ShouldContain("They executed a boy in the square.");
        brutality.GetProperty("cases").EnumerateArray().Select(c => c.GetString()).ShouldBe(["Abu Tariq"]);
        brutality.GetProperty("coder").GetString().ShouldBe("lexicon");
        brutality.GetProperty("why").GetString()!.ShouldStartWith("lexicon en:");
        Queue("--code", "leave.brutality").Select(item => item.Code).ShouldBe(["leave.brutality"]);
        Queue("--limit", "2").ShouldBe(queue.Take(2).Select(Suggestion.From));
        Queue("--min-confidence", "0.8").ShouldAllBe(item => item.Confidence >= 0.8);
    }

    [Fact]
    public void Accepted_and_changed_suggestions_become_the_reviewers_codings_each_with_its_audit_event()
    {
        CreateProjectWithSuggestions();
        var queue = Queue();
        var other = queue[2].Code == "leave.infighting" ? "leave.corruption" : "leave.infighting";

        var run = Review($"a\nr\nc {other}\n", "--coder", "ana");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain($"Reviewed 3 of {queue.Count} suggestions: 1 accepted, 1 rejected, 1 changed, 0 skipped; {queue.Count - 3} left.");
        Queue().ShouldBe(queue.Skip(3));
        var coded = Json(Dlens("stats", "--coder", "ana", "--json")).GetProperty("prevalence").EnumerateArray()
            .Where(row => row.GetProperty("cases").GetInt32() > 0)
            .Select(row => row.GetProperty("code").GetString());
        coded.ShouldBe([queue[0].Code, other], ignoreOrder: true);
        var events = Audit().TakeLast(3).ToList();
        events.Select(e => e.GetProperty("action").GetString()).ShouldBe(["review.accepted", "review.rejected", "review.changed"]);
        events[0].GetProperty("subject").GetString().ShouldBe($"source {queue[0].Source} [{queue[0].Start}, {queue[0].End}) code {queue[0].Code} by lexicon {queue[0].CoderVersion}: accepted by ana");
        events[2].GetProperty("subject").GetString()!.ShouldEndWith($": changed to {other} by ana");
    }

    [Fact]
    public void A_rejected_suggestion_is_not_proposed_again_when_the_project_is_coded_again()
    {
        CreateProjectWithSuggestions();
        var queue = Queue();

        Review("r\n", "--coder", "ana").ExitCode.ShouldBe(0);
        Dlens("code", "--auto", "--rules-only").ExitCode.ShouldBe(0);

        Queue().ShouldBe(queue.Skip(1));
    }

    [Fact]
    public void Skip_leaves_a_suggestion_queued_and_quit_keeps_what_was_decided_before_it()
    {
        CreateProjectWithSuggestions();
        var queue = Queue();

        var run = Review("s\na\nq\na\n", "--coder", "ana");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain($"Reviewed 1 of {queue.Count} suggestions: 1 accepted, 0 rejected, 0 changed, 1 skipped; {queue.Count - 1} left.");
        Queue().ShouldBe([queue[0], .. queue.Skip(2)]);
    }

    [Fact]
    public void Train_learns_from_accepted_and_rejected_suggestions_and_lists_its_models()
    {
        CreateProjectWithSuggestions();
        var before = Json(Dlens("train", "--json")).GetProperty("items").GetInt32();
        var queue = Queue();

        Review("a\nr\n", "--coder", "ana").ExitCode.ShouldBe(0);
        var after = Json(Dlens("train", "--json")).GetProperty("items").GetInt32();
        var models = Json(Dlens("train", "--list", "--json"));

        // The machine's sentences never coincide with the fixture's hand-coded spans, so each reviewed span is a new text.
        var reviewedSpans = queue.Take(2).Select(item => (item.Source, item.Start, item.End)).Distinct().Count();
        after.ShouldBe(before + reviewedSpans);
        models.GetProperty("active").GetString().ShouldBe("project.2");
        models.GetProperty("models").EnumerateArray()
            .Select(model => (model.GetProperty("version").GetString(), model.GetProperty("items").GetInt32(), model.GetProperty("active").GetBoolean()))
            .ShouldBe([("project.1", before, false), ("project.2", after, true)]);
    }

    [Fact]
    public void Train_list_without_a_trained_model_names_the_shipped_one()
    {
        CreateProjectWithFixture();

        var models = Json(Dlens("train", "--list", "--json"));

        models.GetProperty("active").GetString()!.ShouldStartWith("icsr-2015-dev");
        models.GetProperty("models").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void A_project_without_machine_codings_has_nothing_to_review()
    {
        CreateProjectWithFixture();

        var run = Review("a\n", "--coder", "ana");

        run.ExitCode.ShouldBe(3);
        run.Error.Trim().ShouldBe("dlens: no machine suggestions to review (run 'dlens code --auto' first)");
    }

    [Theory]
    [InlineData("c leave.nothing\n", new[] { "--coder", "ana" }, NotACode)]
    [InlineData("a\nx\n", new[] { "--coder", "ana" }, "stdin line 2: review answer 'x' is not one of a (accept), r (reject), c CODE (change), s (skip), q (quit)")]
    [InlineData("a\nc\n", new[] { "--coder", "ana" }, "stdin line 2: 'c' needs the code to give instead, as in 'c leave.brutality'")]
    [InlineData("a\n", new string[0], "dlens review needs --coder NAME: the person whose decisions these are (or --json to list the queue)")]
    [InlineData("a\n", new[] { "--coder", "lexicon" }, "--coder 'lexicon' is the name of a machine coder; name the person reviewing")]
    [InlineData("a\n", new[] { "--coder", "ana", "--code", "leave.nothing" }, "unknown code 'leave.nothing' (not a code of icsr-2015 1.2 that texts are coded with)")]
    [InlineData("a\n", new[] { "--coder", "ana", "--min-confidence", "2" }, "--min-confidence 2 is not between 0 and 1")]
    [InlineData("a\n", new[] { "--coder", "ana", "--min-confidence", "0.9", "--max-confidence", "0.1" }, "--min-confidence 0.9 is above --max-confidence 0.1")]
    [InlineData("a\n", new[] { "--coder", "ana", "--limit", "0" }, "--limit 0 must be at least 1")]
    public void Bad_input_gets_one_error_exit_code_3_and_records_nothing(string answers, string[] args, string message)
    {
        CreateProjectWithSuggestions();
        var queue = Queue();
        var events = Audit().Count;

        var run = Review(answers, args);

        run.ExitCode.ShouldBe(3);
        run.Error.Trim().ShouldBe($"dlens: {message}");
        Queue().ShouldBe(queue);
        Audit().Count.ShouldBe(events);
    }

    private sealed record Suggestion(string Source, int Start, int End, string Code, string CoderVersion, double Confidence)
    {
        public static Suggestion From(JsonElement item) => new(
            item.GetProperty("source").GetString()!, item.GetProperty("start").GetInt32(), item.GetProperty("end").GetInt32(),
            item.GetProperty("code").GetString()!, item.GetProperty("coder_version").GetString()!, item.GetProperty("confidence").GetDouble());
    }
}
