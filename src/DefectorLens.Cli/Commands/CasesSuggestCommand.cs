using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens cases suggest</c>: which existing case each source about no case may be about, for a person to confirm.</summary>
internal static class CasesSuggestCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("suggest", "Propose which existing case each source about no case is about (pseudonym, nationality and defection year in its text), for a person to confirm. Nothing is linked.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var suggestions = await CaseSuggestions.SuggestAsync(store, cancellationToken);
                var rows = suggestions.Select(s => new CaseSuggestionJson(s.Source.Value, s.Case.Value, s.Score, s.Reasons)).ToList();
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, rows, CliJsonContext.Default.IReadOnlyListCaseSuggestionJson);
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("source", "case", "score", "evidence");
                foreach (var row in rows)
                {
                    table.AddRow(Markup.Escape(row.Source), Markup.Escape(row.Case), Numbers.Text(row.Score), Markup.Escape(string.Join("; ", row.Reasons)));
                }

                env.OutConsole.Write(table);
                env.OutConsole.WriteLine($"{Numbers.Text(rows.Count)} suggestion(s); confirm by naming the case in a manifest or the source's front matter.");
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
