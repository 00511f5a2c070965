using System.CommandLine;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens export --format FORMAT [--audience public|research] FILE</c>: writes the project in a format other tools read.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "qdpx: a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA and QualCoder; jsonl: cases, sources and memos in the interchange format another DefectorLens project imports; csv: a directory of CSV files (cases, codings, every statistics table); xlsx: the same tables as one workbook. Every format names cases by export id (keyed with the project's key) and pseudonym; identity fields are never exported; texts are redacted.",
            Required = true,
        };
        format.AcceptOnlyFromAmong("qdpx", "jsonl", "csv", "xlsx");
        var audience = CommonOptions.Audience(
            "research (default): every case, names in texts replaced by pseudonyms; public: only cases that consented to public use, and only the sources, segments and codings about them, other names replaced by [name].",
            ReportAudience.Research);
        var file = new Argument<string>("file") { Description = "The file to write (a directory for csv); replaced if it exists, only once complete." };
        var json = CommonOptions.Json();
        var command = new Command("export", "Export the project for an audience: cases by pseudonym, sources with redacted text, segments, codings, codebook and memos.")
        {
            format, audience, file, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var path = parse.GetRequiredValue(file);
                var chosen = parse.GetRequiredValue(format);
                var reader = parse.GetValue(audience);
                switch (chosen)
                {
                    case "csv" or "xlsx":
                        var written = await Exporting.WriteAsync(store, chosen, path, reader, cancellationToken);
                        if (parse.GetValue(json))
                        {
                            JsonOutput.Write(env.Out, new Stats.ExportJson(chosen, written), CliJsonContext.Default.ExportJson);
                        }
                        else
                        {
                            await env.Out.WriteLineAsync($"Exported {written.Count} file(s) to {path}");
                        }

                        break;
                    case "jsonl":
                        var lines = await Exporting.WriteJsonLinesAsync(store, path, reader, cancellationToken);
                        if (parse.GetValue(json))
                        {
                            JsonOutput.Write(env.Out, new Stats.ExportJson(chosen, [path]), CliJsonContext.Default.ExportJson);
                        }
                        else
                        {
                            await env.Out.WriteLineAsync(
                                $"Wrote {path}: {Numbers.Text(lines.Cases)} cases, {Numbers.Text(lines.Sources)} sources, {Numbers.Text(lines.Segments)} segments, {Numbers.Text(lines.Codings)} codings, {Numbers.Text(lines.Memos)} memos.");
                        }

                        break;
                    default:
                        var summary = await QdpxExchange.ExportAsync(store, path, reader, cancellationToken);
                        await QdpxOutput.WriteExportAsync(env, path, summary, parse.GetValue(json));
                        break;
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }
}
