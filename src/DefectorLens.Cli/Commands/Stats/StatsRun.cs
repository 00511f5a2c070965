using System.CommandLine;
using DefectorLens.Core.Storage;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary>What every <c>dlens stats NAME</c> command shares: its options, opening the project and loading the data once.</summary>
internal static class StatsRun
{
    // A string option rather than a flag: a boolean option would not take the word 'own' as its value.
    public static Option<string?> OwnWords()
    {
        var option = new Option<string?>("--speaker") { Description = "'own' counts only the case's own words (quotes), not narration about it.", HelpName = "own" };
        option.AcceptOnlyFromAmong("own");
        return option;
    }

    /// <summary>Adds <c>--json</c>, <c>--coder</c> and <c>--speaker</c>, and runs <paramref name="print"/> over the loaded data.</summary>
    /// <remarks><paramref name="quotes"/>: the command ranks quotes, so the data must carry what that reads.</remarks>
    public static void Configure(
        CliEnvironment env, Command command, Func<ParseResult, IProjectStore, AnalysisData, bool, CancellationToken, Task> print, bool filters = true, bool quotes = false)
    {
        var json = CommonOptions.Json();
        var coder = CommonOptions.Coder();
        var speaker = OwnWords();
        command.Add(json);
        if (filters)
        {
            command.Add(coder);
            command.Add(speaker);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var filter = filters ? new CodingFilter(parse.GetValue(coder), parse.GetValue(speaker) == "own") : CodingFilter.All;
                var data = await AnalysisData.LoadAsync(store, filter, quotes, cancellationToken);
                await print(parse, store, data, parse.GetValue(json), cancellationToken);
                return ExitCodes.Success;
            }
        });
    }
}

/// <summary>How statistics are written in tables.</summary>
internal static class StatsFormat
{
    /// <summary>A number with at most three decimals.</summary>
    public static string Number(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A p-value: four significant digits, or <c>&lt; 1e-16</c>.</summary>
    public static string P(double p) => p < 1e-16 ? "< 1e-16" : p.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
