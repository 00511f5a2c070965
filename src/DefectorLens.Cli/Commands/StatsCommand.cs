using System.CommandLine;
using DefectorLens.Core.Storage;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens stats [prevalence]</c>: the project's statistics; prevalence is the default.</summary>
internal static class StatsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var stats = new Command("stats", "Statistics of the project. Without a name: prevalence.");
        WithPrevalence(env, stats);
        var prevalence = new Command("prevalence", "Case-level prevalence of every code (a case counts once) with 95% Wilson intervals.");
        WithPrevalence(env, prevalence);
        stats.Add(prevalence);
        return stats;
    }

    private static void WithPrevalence(CliEnvironment env, Command command)
    {
        var json = CommonOptions.Json();
        var coder = CommonOptions.Coder();
        command.Add(json);
        command.Add(coder);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.Projects.OpenAsync(parse.GetValue(CommonOptions.Project), cancellationToken);
            await using (store)
            {
                var result = await Analysis.PrevalenceAsync(store, new CodingFilter(parse.GetValue(coder)), cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, ToJson(result), CliJsonContext.Readable.PrevalenceJson);
                }
                else
                {
                    env.OutConsole.Write(Table(result));
                }

                return ExitCodes.Success;
            }
        });
    }

    /// <summary>The prevalence table, also shown by the demo.</summary>
    public static Table Table(PrevalenceResult result)
    {
        var title = $"Prevalence among {Numbers.Text(result.Cases)} cases" + (result.Coder is null ? "" : $" (coder {result.Coder})");
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }
            .AddColumns("code", "name")
            .AddColumn(new TableColumn("cases").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned())
            .AddColumn(new TableColumn("95% CI").RightAligned());
        foreach (var row in result.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Code.Value), Markup.Escape(row.Name), Numbers.Text(row.Cases), Numbers.Percent(row.Share),
                $"{Numbers.Percent(row.Ci95.Low)}–{Numbers.Percent(row.Ci95.High)}");
        }

        return table;
    }

    private static PrevalenceJson ToJson(PrevalenceResult result) => new(
        result.Cases, result.Coder,
        [.. result.Rows.Select(row => new PrevalenceRowJson(row.Code.Value, row.Name, row.Cases, row.Share, [row.Ci95.Low, row.Ci95.High]))]);
}
