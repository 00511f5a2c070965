using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats timeline</c>: defections per year, quarter and month.</summary>
internal static class TimelineCommand
{
    public static Command Create(CliEnvironment env)
    {
        var period = new Option<string?>("--period") { Description = "Also give the share of defections in this period: yyyy, yyyy-Qn or yyyy-MM.", HelpName = "PERIOD" };
        var command = new Command("timeline", "Defections per year, quarter and month; a case dated only to the year is counted in its year, never in a month.") { period };
        StatsRun.Configure(env, command, (parse, _, data, json, _) =>
        {
            var t = Findings.Timeline(data, parse.GetValue(period));
            if (json)
            {
                JsonOutput.Write(env.Out, new TimelineJson(
                    t.Cases, t.Undated, t.YearOnly, [.. t.ByYear.Select(P)], [.. t.ByQuarter.Select(P)], [.. t.ByMonth.Select(P)],
                    t.Share is { } s ? new PeriodShareJson(s.Period, s.Cases, s.Dated, s.Undetermined, s.Share, [s.Ci95.Low, s.Ci95.High]) : null), CliJsonContext.Default.TimelineJson);
                return Task.CompletedTask;
            }

            foreach (var (title, rows) in new[] { ("year", t.ByYear), ("quarter", t.ByQuarter), ("month", t.ByMonth) })
            {
                var table = new Table { Title = new TableTitle($"Defections per {title}") }.AddColumn(title).AddColumn(new TableColumn("cases").RightAligned());
                foreach (var row in rows)
                {
                    table.AddRow(row.Period, Numbers.Text(row.Cases));
                }

                env.OutConsole.Write(table);
            }

            env.OutConsole.WriteLine($"{Numbers.Text(t.Cases)} cases: {Numbers.Text(t.Undated)} undated, {Numbers.Text(t.YearOnly)} dated only to the year (in no quarter or month).");
            if (t.Share is { } share)
            {
                env.OutConsole.WriteLine($"{share.Period}: {Numbers.Text(share.Cases)} of {Numbers.Text(share.Dated)} dated cases, {Numbers.Percent(share.Share)} (95% CI {Numbers.Percent(share.Ci95.Low)}–{Numbers.Percent(share.Ci95.High)}); {Numbers.Text(share.Undetermined)} dated too coarsely to tell.");
            }

            return Task.CompletedTask;
        }, filters: false);
        return command;
    }

    private static PeriodJson P(PeriodCount c) => new(c.Period, c.Cases);
}
