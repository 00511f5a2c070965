using System.CommandLine;
using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens review</c>: walks machine suggestions, most uncertain first, and records accept, reject or change.</summary>
/// <remarks>
/// In a terminal it asks with a menu. With standard input redirected it reads one answer per suggestion, one per line
/// (<c>a</c>, <c>r</c>, <c>c CODE</c>, <c>s</c>, <c>q</c>) in the order <c>--json</c> lists them, checks every answer, and
/// only then records them, so a script's bad line writes nothing. <c>--json</c> lists the queue and decides nothing.
/// </remarks>
internal static class ReviewCommand
{
    public static Command Create(CliEnvironment env)
    {
        var coder = new Option<string?>("--coder") { Description = "The person reviewing: accepted and changed codes become their codings (required unless --json).", HelpName = "NAME" };
        var code = new Option<string?>("--code") { Description = "Review only suggestions of this code.", HelpName = "ID" };
        var limit = new Option<int?>("--limit", "-n") { Description = "Review at most this many suggestions.", HelpName = "N" };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Only suggestions at least this confident (0 to 1; default 0).", HelpName = "X", DefaultValueFactory = _ => 0 };
        var maxConfidence = new Option<double>("--max-confidence") { Description = "Only suggestions at most this confident (0 to 1; default 1).", HelpName = "X", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "List the queue as one JSON document on standard output, in review order, and decide nothing." };
        var command = new Command(
            "review",
            "Review machine suggestions, most uncertain first: accept (a), reject (r), change code (c CODE), skip (s) or quit (q). "
            + "In a terminal a menu asks; otherwise one answer per line is read from standard input.")
        {
            coder, code, limit, minConfidence, maxConfidence, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var codeId = parse.GetValue(code) is { } codeText ? new CodeId(codeText) : (CodeId?)null;
            var filter = ReviewFilter.Create(codeId, parse.GetValue(limit), parse.GetValue(minConfidence), parse.GetValue(maxConfidence));
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var queue = await Reviewing.QueueAsync(store, filter, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, [.. queue.Select(ReviewItemJson.From)], CliJsonContext.Default.IReadOnlyListReviewItemJson);
                    return ExitCodes.Success;
                }

                var reviewer = await Reviewing.ReviewerAsync(store, parse.GetValue(coder), cancellationToken);
                var codebook = await store.GetCodebookAsync(cancellationToken);
                var tally = Console.IsInputRedirected
                    ? await FromInputAsync(env, store, codebook, reviewer, queue, Console.In, cancellationToken)
                    : await InteractiveAsync(env, store, codebook, reviewer, queue, cancellationToken);
                await env.Out.WriteLineAsync(tally.Text(queue.Count));
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static async Task<Tally> FromInputAsync(
        CliEnvironment env, IProjectStore store, Codebook codebook, Coder reviewer, IReadOnlyList<ReviewItem> queue, TextReader input,
        CancellationToken cancellationToken)
    {
        // Every answer is read and checked before the first is recorded: a script's mistake on line 7 must not leave six decisions behind.
        var answers = new List<ReviewAnswer>();
        while (answers.Count < queue.Count && await input.ReadLineAsync(cancellationToken) is { } line)
        {
            ReviewAnswer answer;
            try
            {
                answer = ReviewAnswer.Parse(line, codebook, queue[answers.Count].Suggestion.Coding.Code);
            }
            catch (UserErrorException error)
            {
                throw new UserErrorException(error.Kind, Messages.ReviewAnswerAt(answers.Count + 1, error.Message), error);
            }

            if (answer.Kind == ReviewAnswerKind.Quit)
            {
                break;
            }

            answers.Add(answer);
        }

        var tally = new Tally();
        for (var i = 0; i < answers.Count; i++)
        {
            await Reviewing.DecideAsync(store, queue[i], answers[i], reviewer, codebook.Version, cancellationToken);
            tally.Add(answers[i].Kind);
            await env.Out.WriteLineAsync(Describe(queue[i], answers[i]));
        }

        return tally;
    }

    private static async Task<Tally> InteractiveAsync(
        CliEnvironment env, IProjectStore store, Codebook codebook, Coder reviewer, IReadOnlyList<ReviewItem> queue,
        CancellationToken cancellationToken)
    {
        var console = env.OutConsole;
        var tally = new Tally();
        var choices = new Dictionary<string, ReviewAnswerKind>(StringComparer.Ordinal)
        {
            ["Accept"] = ReviewAnswerKind.Accept,
            ["Reject"] = ReviewAnswerKind.Reject,
            ["Change code"] = ReviewAnswerKind.Change,
            ["Skip"] = ReviewAnswerKind.Skip,
            ["Quit"] = ReviewAnswerKind.Quit,
        };
        var otherCodes = codebook.Leaves.Select(leaf => leaf.Id.Value).ToList();
        for (var i = 0; i < queue.Count; i++)
        {
            var item = queue[i];
            var coding = item.Suggestion.Coding;
            console.Write(new Rule(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{i + 1} of {queue.Count}"))));
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            grid.AddRow("[bold]source[/]", Markup.Escape($"{item.Suggestion.Segment.Source.Value}: {item.SourceTitle}"));
            grid.AddRow("[bold]" + (item.OwnWords ? "said by" : "narration on") + "[/]", Markup.Escape(string.Join(", ", item.Cases)));
            grid.AddRow("[bold]code[/]", Markup.Escape($"{coding.Code.Value}  {Confidence(coding)}  ({coding.Coder})"));
            grid.AddRow("[bold]why[/]", Markup.Escape(coding.Explanation ?? "-"));
            console.Write(grid);
            console.Write(new Panel(Markup.Escape(item.Text)).Expand());
            var kind = choices[await new SelectionPrompt<string>().AddChoices(choices.Keys).ShowAsync(console, cancellationToken)];
            if (kind == ReviewAnswerKind.Quit)
            {
                break;
            }

            var answer = kind == ReviewAnswerKind.Change
                ? ReviewAnswer.Change(
                    new CodeId(await new SelectionPrompt<string>()
                        .Title("Which code instead?")
                        .PageSize(15)
                        .EnableSearch()
                        .AddChoices(otherCodes.Where(other => other != coding.Code.Value))
                        .ShowAsync(console, cancellationToken)),
                    codebook, coding.Code)
                : new ReviewAnswer(kind);
            await Reviewing.DecideAsync(store, item, answer, reviewer, codebook.Version, cancellationToken);
            tally.Add(kind);
            console.MarkupLine(Markup.Escape(Describe(item, answer)));
        }

        return tally;
    }

    private static string Describe(ReviewItem item, ReviewAnswer answer)
    {
        var segment = item.Suggestion.Segment;
        var coding = item.Suggestion.Coding;
        var verdict = answer.Kind switch
        {
            ReviewAnswerKind.Accept => "accepted",
            ReviewAnswerKind.Reject => "rejected",
            ReviewAnswerKind.Change => "changed to " + answer.Code!.Value.Value,
            _ => "skipped",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{segment.Source.Value} [{segment.Start}, {segment.End}) {coding.Code.Value} {Confidence(coding)}: {verdict}");
    }

    private static string Confidence(Core.Model.Coding coding) =>
        coding.Confidence is { } confidence ? confidence.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    /// <summary>How many answers of each kind a review gave.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<ReviewAnswerKind, int> _counts = [];

        public void Add(ReviewAnswerKind kind) => _counts[kind] = _counts.GetValueOrDefault(kind) + 1;

        public string Text(int queued)
        {
            int Count(ReviewAnswerKind kind) => _counts.GetValueOrDefault(kind);
            var decided = Count(ReviewAnswerKind.Accept) + Count(ReviewAnswerKind.Reject) + Count(ReviewAnswerKind.Change);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Reviewed {decided} of {queued} suggestions: {Count(ReviewAnswerKind.Accept)} accepted, {Count(ReviewAnswerKind.Reject)} rejected, {Count(ReviewAnswerKind.Change)} changed, {Count(ReviewAnswerKind.Skip)} skipped; {queued - decided} left.");
        }
    }
}

/// <summary>A suggestion as <c>dlens review --json</c> lists it.</summary>
internal sealed record ReviewItemJson(
    string Source, string Title, int Start, int End, bool OwnWords, IReadOnlyList<string> Cases, string Text,
    string Code, string Coder, string CoderKind, string CoderVersion, double? Confidence, string? Why)
{
    public static ReviewItemJson From(ReviewItem item)
    {
        var (segment, coding) = (item.Suggestion.Segment, item.Suggestion.Coding);
        return new(
            segment.Source.Value, item.SourceTitle, segment.Start, segment.End, item.OwnWords, item.Cases, item.Text,
            coding.Code.Value, coding.Coder.Name, Vocabulary.Name(coding.Coder.Kind), coding.Coder.Version, coding.Confidence, coding.Explanation);
    }
}
