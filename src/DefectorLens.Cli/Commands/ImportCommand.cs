using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DefectorLens.Interop.Import;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens import PATH...</c>: imports files, folders and archives, each file all or nothing.</summary>
internal static class ImportCommand
{
    private const long Mebibyte = 1024 * 1024;

    public static Command Create(CliEnvironment env)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files (.txt, .md, .html, .pdf, .docx, .csv, .tsv, .jsonl, .zip, .qdpx) or folders (searched recursively) to import.",
            Arity = ArgumentArity.OneOrMore,
        };
        var maxFileSize = new Option<int>("--max-file-size")
        {
            Description = "Largest file or archive entry to import, in MiB; larger ones are reported and skipped.",
            DefaultValueFactory = _ => (int)(ImportLimits.Default.MaxFileBytes / Mebibyte),
            HelpName = "MIB",
        };
        maxFileSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--max-file-size must be at least 1 (MiB).");
            }
        });
        var map = new Option<string?>("--map") { Description = "For .qdpx files: a YAML map from the other tool's code names or GUIDs to this project's code ids (see docs/refi-qda.md).", HelpName = "FILE" };
        var json = CommonOptions.Json();
        var command = new Command(
            "import",
            "Import cases and sources. A file with any error is rejected whole; the others are stored. Content already imported is skipped, so an interrupted import resumes when run again.")
        {
            paths, maxFileSize, map, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var (rest, archivesExit) = await QdpxOutput.ImportArchivesAsync(env, store, parse.GetRequiredValue(paths), parse.GetValue(map), parse.GetValue(json), cancellationToken);
                if (rest.Length == 0)
                {
                    return archivesExit;
                }

                var options = ImportOptions.Default with { Limits = ImportLimits.Default with { MaxFileBytes = parse.GetValue(maxFileSize) * Mebibyte } };
                var clock = Stopwatch.StartNew();
                var summary = await ProgressBars.RunAsync(env, "Importing", task =>
                    Importing.ImportAsync(store, rest, options, new Progress<ImportProgress>(done => Show(task, done, clock)), cancellationToken));

                foreach (var error in summary.Files.SelectMany(file => file.Errors))
                {
                    await env.Error.WriteLineAsync(error.ToString());
                }

                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, ToJson(summary), CliJsonContext.Default.ImportJson);
                }
                else
                {
                    Print(env, summary);
                }

                return summary.Rejected == 0 ? archivesExit : ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    // The bar measures bytes, so its remaining time is an ETA at the current throughput; the label counts files.
    private static void Show(ProgressTask task, ImportProgress done, Stopwatch clock)
    {
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var rate = done.BytesDone / (double)Mebibyte / seconds;
        task.Description = string.Create(CultureInfo.InvariantCulture, $"Importing {done.Done}/{done.Total} files, {rate:0.0} MB/s");
        (task.MaxValue, task.Value) = (Math.Max(done.BytesTotal, 1), done.BytesDone);
    }

    private static ImportJson ToJson(ImportSummary summary) => new(
        summary.Sources, summary.Skipped, summary.Duplicates, summary.Cases, summary.Rejected,
        [.. summary.Files.SelectMany(file => file.Errors).Select(error => new ImportErrorJson(error.File, error.Line, error.Reason))]);

    private static void Print(CliEnvironment env, ImportSummary summary)
    {
        var rejected = summary.Files.Where(file => !file.Succeeded).ToList();
        if (rejected.Count > 0)
        {
            var table = new Table().AddColumns("file", "line", "reason");
            foreach (var error in rejected.SelectMany(file => file.Errors))
            {
                table.AddRow(Markup.Escape(error.File), error.Line is { } line ? Numbers.Text(line) : "", Markup.Escape(error.Reason));
            }

            env.OutConsole.Write(table);
        }

        env.OutConsole.WriteLine(
            $"Imported {Numbers.Text(summary.Cases)} cases and {Numbers.Text(summary.Sources)} sources ({Numbers.Text(summary.Duplicates)} duplicates linked); " +
            $"{Numbers.Text(summary.Skipped)} file(s) skipped as already imported; {Numbers.Text(summary.Rejected)} file(s) rejected.");
    }
}
