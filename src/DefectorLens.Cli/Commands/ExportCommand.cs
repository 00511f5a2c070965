using System.CommandLine;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens export --format FORMAT FILE</c>: writes the whole project in a format other tools read.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "qdpx: a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA and QualCoder; csv: a directory of CSV files (cases, codings, every statistics table); xlsx: the same tables as one workbook. Identity fields are never exported.",
            Required = true,
        };
        format.AcceptOnlyFromAmong("qdpx", "csv", "xlsx");
        var file = new Argument<string>("file") { Description = "The file to write; replaced if it exists, only once complete." };
        var json = CommonOptions.Json();
        var command = new Command("export", "Export the whole project: cases by pseudonym, sources, segments, codings, codebook and memos.") { format, file, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var path = parse.GetRequiredValue(file);
                switch (parse.GetRequiredValue(format))
                {
                    case "csv" or "xlsx":
                        var written = await Exporting.WriteAsync(store, parse.GetRequiredValue(format), path, cancellationToken);
                        if (parse.GetValue(json))
                        {
                            JsonOutput.Write(env.Out, new Stats.ExportJson(parse.GetRequiredValue(format), written), CliJsonContext.Readable.ExportJson);
                        }
                        else
                        {
                            await env.Out.WriteLineAsync($"Exported {written.Count} file(s) to {path}");
                        }

                        break;
                    default:
                        var summary = await QdpxExchange.ExportAsync(store, path, cancellationToken);
                        await QdpxOutput.WriteExportAsync(env, path, summary, parse.GetValue(json));
                        break;
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }
}
