using System.CommandLine;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens search WORDS</c>: full-text search over source text.</summary>
internal static class SearchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var query = new Argument<string>("query") { Description = "Words to find (all of them, any order)." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many hits.", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var command = new Command("search", "Find sources whose text contains the words.") { query, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var hits = await store.SearchAsync(parse.GetRequiredValue(query), parse.GetValue(limit), cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, [.. hits.Select(hit => new SearchHitJson(hit.Source.Value, hit.Title, hit.Snippet))], CliJsonContext.Default.IReadOnlyListSearchHitJson);
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("source", "title", "snippet");
                foreach (var hit in hits)
                {
                    table.AddRow(Markup.Escape(hit.Source.Value), Markup.Escape(hit.Title), Markup.Escape(hit.Snippet));
                }

                env.OutConsole.Write(table);
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
