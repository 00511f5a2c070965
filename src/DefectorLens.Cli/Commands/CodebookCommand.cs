using System.CommandLine;
using DefectorLens.Core.Codebooks;
using DefectorLens.Interop.Codebooks;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens codebook show|export</c>: the project's codebook.</summary>
internal static class CodebookCommand
{
    public static Command Create(CliEnvironment env)
    {
        var codebook = new Command("codebook", "Show or export the codebook the project codes with.");
        codebook.Add(Show(env));
        codebook.Add(Export(env));
        codebook.Add(Import(env));
        return codebook;
    }

    private static Command Show(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("show", "Show the codes as a tree with their definitions.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var book = await ReadAsync(env, parse, cancellationToken);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(CodebookFile.ToJson(book));
                return ExitCodes.Success;
            }

            var tree = new Tree($"[bold]{Markup.Escape(book.Title)}[/] ({Markup.Escape(book.Id)} {Markup.Escape(book.Version)})");
            var nodes = new Dictionary<string, IHasTreeNodes>(StringComparer.Ordinal);
            foreach (var code in book.Codes)
            {
                IHasTreeNodes parent = code.Id.Parent is { } p && nodes.TryGetValue(p.Value, out var node) ? node : tree;
                var label = $"[bold]{Markup.Escape(code.Id.Value)}[/] {Markup.Escape(code.Name)}" +
                    (code.Definition.Length > 0 ? $"\n[grey]{Markup.Escape(code.Definition.Trim())}[/]" : "");
                nodes[code.Id.Value] = parent.AddNode(label);
            }

            env.OutConsole.Write(tree);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Export(CliEnvironment env)
    {
        var format = new Option<string>("--format", "-f") { Description = "yaml, json, or qdc (REFI-QDA, for NVivo, ATLAS.ti, MAXQDA and QualCoder).", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json", "qdc");
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };
        var command = new Command("export", "Write the codebook as YAML or JSON, in the shape 'dlens init --codebook' reads.") { format, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var book = await ReadAsync(env, parse, cancellationToken);
            var text = DefectorLens.Services.QdpxExchange.CodebookAs(book, parse.GetValue(format) ?? "yaml");
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, text, cancellationToken);
                await env.Error.WriteLineAsync($"Codebook {book.Id} {book.Version} written to {file}");
            }
            else
            {
                await env.Out.WriteAsync(text);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Import(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "A REFI-QDA codebook (.qdc) made in NVivo, ATLAS.ti, MAXQDA, QualCoder or DefectorLens." };
        var command = new Command("import", "Make a .qdc codebook the project's codebook, as a new version; codings made so far keep the version they were made with.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var book = await DefectorLens.Services.QdpxExchange.ImportCodebookAsync(store, parse.GetRequiredValue(file), cancellationToken);
                await env.Out.WriteLineAsync($"Codebook {book.Id} {book.Version} ({Numbers.Text(book.Codes.Length)} codes) is now the project's.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<Codebook> ReadAsync(CliEnvironment env, ParseResult parse, CancellationToken cancellationToken)
    {
        var store = await env.OpenProjectAsync(parse, cancellationToken);
        await using (store)
        {
            return await store.GetCodebookAsync(cancellationToken);
        }
    }
}
