using System.CommandLine;
using DefectorLens.Core;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats counter</c>: the testimony that answers a recruitment narrative.</summary>
internal static class CounterCommand
{
    public static Command Create(CliEnvironment env)
    {
        var join = new Option<string?>("--join") { Description = "The joining narrative to answer, e.g. faith-ideology or join.faith-ideology.", HelpName = "CODE" };
        var text = new Option<string?>("--text") { Description = "A recruitment text to classify with the codebook's lexicon instead of naming a narrative.", HelpName = "FILE" };
        var language = new Option<string?>("--language") { Description = "Language of the --text file (ISO 639-1: en, ar, fr, de); default: every lexicon.", HelpName = "CODE" };
        var command = new Command("counter", "The leaving narratives and consented quotes that answer a joining narrative, ranked by how often defectors who joined for it left for them.") { join, text, language };
        StatsRun.Configure(env, command, async (parse, store, data, json, cancellationToken) =>
        {
            var code = parse.GetValue(join);
            var file = parse.GetValue(text);
            if ((code is null) == (file is null))
            {
                throw new UserErrorException(UserErrorKind.InvalidInput, Messages.JoinOrText);
            }

            IReadOnlyList<CodeRef> classified = [];
            if (file is not null)
            {
                if (!File.Exists(file))
                {
                    throw new UserErrorException(UserErrorKind.NotFound, Messages.FileNotFound(file));
                }

                classified = Findings.ClassifyJoining(data, await File.ReadAllTextAsync(file, cancellationToken), parse.GetValue(language));
                code = classified.Count > 0 ? classified[0].Id.Value : throw new UserErrorException(UserErrorKind.InvalidInput, Messages.NoJoiningNarrativeInText(file));
            }

            var redactor = await Redaction.ForProjectAsync(store, data.Cases, ReportAudience.Public, "counter", cancellationToken);
            var r = await Findings.CounterAsync(store, data, code!, classified, 2, redactor, cancellationToken);
            if (json)
            {
                JsonOutput.Write(env.Out, new CounterJson(r.Join.Id.Value, r.Join.Name, [.. r.Classified.Select(c => c.Id.Value)], r.JoinCases,
                    [.. r.Answers.Select(a => new AnswerJson(a.Leave.Id.Value, a.Leave.Name, a.Cases, a.Share.Share, [a.Share.Ci95.Low, a.Share.Ci95.High], a.Lift, [.. a.Quotes.Select(StatsJson.Quote)]))]),
                    CliJsonContext.Default.CounterJson);
                return;
            }

            env.OutConsole.WriteLine(Markup.Escape($"Answering {r.Join.Name} ({r.Join.Id}), told by {r.JoinCases} cases" + (r.Classified.Count > 0 ? $"; the text was classified as {string.Join(", ", r.Classified.Select(c => c.Id.Value))}" : "")));
            var table = new Table().AddColumns("leaving narrative").AddColumn(new TableColumn("cases").RightAligned()).AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("lift").RightAligned()).AddColumn("quotes");
            foreach (var a in r.Answers)
            {
                table.AddRow(Markup.Escape(a.Leave.Name), Numbers.Text(a.Cases), Numbers.Percent(a.Share.Share), a.Lift is { } l ? StatsFormat.Number(l) : "–",
                    Markup.Escape(string.Join("\n", a.Quotes.Select(q => $"“{q.Text}” — {q.Pseudonym}, {q.Outlet ?? q.SourceTitle}, {q.Published?.ToString() ?? "undated"}"))));
            }

            env.OutConsole.Write(table);
        }, filters: false, quotes: true);
        return command;
    }
}
