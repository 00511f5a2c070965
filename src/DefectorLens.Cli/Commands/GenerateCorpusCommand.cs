using System.CommandLine;
using System.Globalization;
using DefectorLens.Interop.Import.Generation;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens generate-corpus FOLDER --count N</c> (hidden): writes fictional documents in every importable format, for benchmarks.</summary>
internal static class GenerateCorpusCommand
{
    public static Command Create(CliEnvironment env)
    {
        var folder = new Argument<string>("folder") { Description = "Where to write the corpus (one folder per format)." };
        var count = new Option<int>("--count") { Description = "How many documents to write.", DefaultValueFactory = _ => 1000, HelpName = "N" };
        var size = new Option<int>("--average-bytes") { Description = "Average text size of a document, in bytes.", DefaultValueFactory = _ => 5000, HelpName = "BYTES" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed writes the same corpus.", DefaultValueFactory = _ => 2015 };
        var command = new Command("generate-corpus", "Write a corpus of fictional testimonies in every importable format, for benchmarks.")
        {
            folder, count, size, seed,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var summary = CorpusGenerator.Write(
                parse.GetRequiredValue(folder), parse.GetValue(count), parse.GetValue(size), parse.GetValue(seed), cancellationToken);
            foreach (var (format, documents) in summary.Documents.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var megabytes = summary.TextBytes[format] / 1_000_000.0;
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{format}\t{documents}\t{megabytes:0.00} MB"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
