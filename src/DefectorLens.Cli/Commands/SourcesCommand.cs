using System.CommandLine;
using DefectorLens.Core.Model;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens sources</c>: lists sources with their metadata.</summary>
internal static class SourcesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var duplicates = new Option<bool>("--duplicates") { Description = "List only the sources that repeat another (exactly or nearly), each with its original." };
        var command = new Command("sources", "List the project's sources with metadata, the cases they are about and how much is coded.") { json, duplicates };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                if (parse.GetValue(duplicates))
                {
                    return await DuplicatesView.PrintAsync(env, store, parse.GetValue(json), cancellationToken);
                }

                var sources = await store.GetSourcesAsync(cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, [.. sources.Select(ToJson)], CliJsonContext.Default.IReadOnlyListSourceJson);
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("source", "title", "outlet", "published", "lang", "medium", "cases", "segments", "codings");
                foreach (var s in sources)
                {
                    var m = s.Metadata;
                    table.AddRow(
                        [.. new[]
                        {
                            s.Id.Value, Shorten(m.Title), m.Outlet, m.Published?.ToString(), m.Language, Vocabulary.Name(m.Medium),
                            string.Join(" ", s.Cases), Numbers.Text(s.Segments), Numbers.Text(s.Codings),
                        }.Select(cell => Markup.Escape(cell ?? ""))]);
                }

                env.OutConsole.Write(table);
                env.OutConsole.WriteLine($"{Numbers.Text(sources.Count)} sources.");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static string Shorten(string title) => title.Length <= 48 ? title : string.Concat(title.AsSpan(0, 47), "…");

    private static SourceJson ToJson(SourceSummary s)
    {
        var m = s.Metadata;
        return new SourceJson(
            s.Id.Value, m.Title, m.Outlet, m.Author, m.Url, m.Published?.ToString(), m.Language, Vocabulary.Name(m.Medium),
            [.. s.Cases.Select(id => id.Value)], s.Length, s.Segments, s.Codings);
    }
}
