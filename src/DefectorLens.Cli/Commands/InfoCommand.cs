using System.CommandLine;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens info</c>: the project at a glance.</summary>
internal static class InfoCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("info", "Show the project's name, schema, codebook, counts and coders.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var info = await store.GetInfoAsync(cancellationToken);
                var coders = (await store.GetCodersAsync(cancellationToken)).Select(coder => coder.ToString()).ToList();
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new InfoJson(
                        info.Name, store.Location, info.SchemaVersion, info.Created, info.CodebookId, info.CodebookVersion,
                        info.Cases, info.Sources, info.Segments, info.Codings, coders), CliJsonContext.Default.InfoJson);
                    return ExitCodes.Success;
                }

                var grid = new Grid().AddColumn().AddColumn();
                void Row(string name, string value) => grid.AddRow(Markup.Escape(name), Markup.Escape(value));
                Row("project", info.Name);
                Row("file", store.Location);
                Row("schema", Numbers.Text(info.SchemaVersion));
                Row("codebook", $"{info.CodebookId} {info.CodebookVersion}");
                Row("cases", Numbers.Text(info.Cases));
                Row("sources", Numbers.Text(info.Sources));
                Row("segments", Numbers.Text(info.Segments));
                Row("codings", Numbers.Text(info.Codings));
                Row("coders", coders.Count == 0 ? "none yet" : string.Join(", ", coders));
                env.OutConsole.Write(grid);
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
