using System.CommandLine;
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
        var prevalence = new Command("prevalence", "Case-level prevalence of every code (a case counts once) with 95% Wilson intervals, overall or --by an attribute.");
        WithPrevalence(env, prevalence);
        stats.Add(prevalence);
        stats.Add(Stats.ReflectionCommand.Create(env));
        stats.Add(Stats.TimelineCommand.Create(env));
        stats.Add(Stats.RisksCommand.Create(env));
        stats.Add(Stats.CredibilityCommand.Create(env));
        stats.Add(Stats.UnseenCommand.Create(env));
        stats.Add(Stats.ReliabilityCommand.Create(env));
        stats.Add(Stats.QuotesCommand.Create(env));
        stats.Add(Stats.CounterCommand.Create(env));
        return stats;
    }

    private static void WithPrevalence(CliEnvironment env, Command command)
    {
        var by = new Option<string?>("--by") { Description = "Split by a case attribute: nationality, gender, role, group, residence, legal_status, consent, defected:year, joined:year, age_at_joining, or an extra attribute.", HelpName = "ATTRIBUTE" };
        command.Add(by);
        Stats.StatsRun.Configure(env, command, (parse, _, data, json, _) =>
        {
            if (parse.GetValue(by) is { } attribute)
            {
                var split = Findings.PrevalenceBy(data, attribute);
                if (json)
                {
                    JsonOutput.Write(env.Out, new Stats.PrevalenceByJson(split.Attribute, split.Cases, data.Filter.Coder, data.Filter.OwnWordsOnly,
                        [.. split.Groups.Select(g => new Stats.PrevalenceGroupJson(g.Value, g.Cases, [.. g.Rows.Select(Stats.StatsJson.Row)]))]), CliJsonContext.Default.PrevalenceByJson);
                }
                else
                {
                    foreach (var group in split.Groups)
                    {
                        env.OutConsole.Write(Table(new PrevalenceResult(group.Cases, data.Filter.Coder, group.Rows), $"{split.Attribute} = {group.Value}"));
                    }
                }

                return Task.CompletedTask;
            }

            var result = new PrevalenceResult(data.Cases.Count, data.Filter.Coder, Findings.Prevalence(data));
            if (json)
            {
                JsonOutput.Write(env.Out, ToJson(result), CliJsonContext.Default.PrevalenceJson);
            }
            else
            {
                env.OutConsole.Write(Table(result));
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>The prevalence table, also shown by the demo.</summary>
    public static Table Table(PrevalenceResult result, string? group = null)
    {
        var title = $"Prevalence among {Numbers.Text(result.Cases)} cases" + (group is null ? "" : $" with {group}") + (result.Coder is null ? "" : $" (coder {result.Coder})");
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
