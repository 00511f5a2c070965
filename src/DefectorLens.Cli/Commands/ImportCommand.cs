using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens import PATH...</c>: imports files and folders, each file all or nothing.</summary>
internal static class ImportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files (.jsonl, .md, .txt) or folders to import.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var command = new Command("import", "Import cases and sources. A file with any error is rejected whole; the others are stored.") { paths, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.Projects.OpenAsync(parse.GetValue(CommonOptions.Project), cancellationToken);
            await using (store)
            {
                var summary = await ProgressBars.RunAsync(env, "Importing", task =>
                    Importing.ImportAsync(store, parse.GetRequiredValue(paths), new Progress<ImportProgress>(done => (task.MaxValue, task.Value) = (done.Total, done.Done)), cancellationToken));

                foreach (var error in summary.Files.SelectMany(file => file.Errors))
                {
                    await env.Error.WriteLineAsync(error.ToString());
                }

                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, ToJson(summary), CliJsonContext.Readable.ImportJson);
                }
                else
                {
                    Print(env, summary);
                }

                return summary.Rejected == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static ImportJson ToJson(ImportSummary summary) => new(
        summary.Cases, summary.Sources, summary.Rejected,
        [.. summary.Files.Select(file => new FileImportJson(file.File, file.Cases, file.Sources, [.. file.Errors.Select(error => error.ToString())]))]);

    private static void Print(CliEnvironment env, ImportSummary summary)
    {
        var table = new Table().AddColumns("file", "cases", "sources", "result");
        foreach (var file in summary.Files)
        {
            table.AddRow(
                Markup.Escape(file.File), Numbers.Text(file.Cases), Numbers.Text(file.Sources),
                file.Succeeded ? "[green]stored[/]" : $"[red]rejected ({Numbers.Text(file.Errors.Count)} error{(file.Errors.Count == 1 ? "" : "s")})[/]");
        }

        env.OutConsole.Write(table);
        env.OutConsole.WriteLine($"Imported {Numbers.Text(summary.Cases)} cases and {Numbers.Text(summary.Sources)} sources; {Numbers.Text(summary.Rejected)} file(s) rejected.");
    }
}
