using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats quotes</c>: consented quotes per code.</summary>
internal static class QuotesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var perCode = new Option<int>("--per-code") { Description = "Quotes per code (one per case).", HelpName = "N", DefaultValueFactory = _ => 3 };
        var command = new Command("quotes", "The strongest quotes per code in cases' own words, only from cases consenting to public anonymous use or more, shown by pseudonym with source and date, names and contacts redacted.") { perCode };
        StatsRun.Configure(env, command, async (parse, store, data, json, cancellationToken) =>
        {
            var redactor = await Redaction.ForProjectAsync(store, data.Cases, ReportAudience.Public, "quotes", cancellationToken);
            var quotes = await Findings.QuotesAsync(store, data, data.Codes.Select(c => c.Id), Math.Max(1, parse.GetValue(perCode)), redactor, ReportAudience.Public, cancellationToken);
            if (json)
            {
                JsonOutput.Write(env.Out, (IReadOnlyList<QuoteJson>)[.. quotes.Select(StatsJson.Quote)], CliJsonContext.Default.IReadOnlyListQuoteJson);
                return;
            }

            var table = new Table { Title = new TableTitle("Consented quotes") }.AddColumns("code", "speaker", "source", "quote");
            foreach (var q in quotes)
            {
                table.AddRow(Markup.Escape(q.Code.Value), Markup.Escape(q.Pseudonym), Markup.Escape($"{q.SourceTitle}, {q.Outlet ?? "no outlet"}, {q.Published?.ToString() ?? "undated"}"), Markup.Escape(q.Text));
            }

            env.OutConsole.Write(table);
        }, filters: false, quotes: true);
        return command;
    }
}
