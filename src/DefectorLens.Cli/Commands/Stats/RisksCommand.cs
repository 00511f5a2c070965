using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats risks</c>: obstacles and risks by legal status.</summary>
internal static class RisksCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("risks", "Prevalence of obstacles and risks (reprisal, prosecution) overall and within each legal status, with 95% Wilson intervals.");
        StatsRun.Configure(env, command, (_, _, data, json, _) =>
        {
            var r = Findings.Risks(data);
            if (json)
            {
                var cells = new List<RiskCellJson>();
                for (var c = 0; c < r.Codes.Count; c++)
                {
                    for (var s = 0; s < r.Statuses.Count; s++)
                    {
                        var cell = r.Cells[c, s];
                        cells.Add(new RiskCellJson(r.Codes[c].Id.Value, r.Statuses[s].Status, r.Statuses[s].Cases, cell.Cases, cell.Share, [cell.Ci95.Low, cell.Ci95.High]));
                    }
                }

                JsonOutput.Write(env.Out, new RisksJson(r.Cases, [.. r.Overall.Select(StatsJson.Row)], cells), CliJsonContext.Default.RisksJson);
                return Task.CompletedTask;
            }

            var table = new Table { Title = new TableTitle(Markup.Escape($"Obstacles and risks among {Numbers.Text(r.Cases)} cases, by legal status")) }.AddColumn("code");
            table.AddColumn(new TableColumn("all").RightAligned());
            foreach (var (status, cases) in r.Statuses)
            {
                table.AddColumn(new TableColumn(Markup.Escape($"{status} ({Numbers.Text(cases)})")).RightAligned());
            }

            for (var c = 0; c < r.Codes.Count; c++)
            {
                var cells = new List<string> { Markup.Escape(r.Codes[c].Id.Value), $"{Numbers.Text(r.Overall[c].Cases)} ({Numbers.Percent(r.Overall[c].Share)})" };
                for (var s = 0; s < r.Statuses.Count; s++)
                {
                    cells.Add($"{Numbers.Text(r.Cells[c, s].Cases)} ({Numbers.Percent(r.Cells[c, s].Share)})");
                }

                table.AddRow([.. cells]);
            }

            env.OutConsole.Write(table);
            return Task.CompletedTask;
        });
        return command;
    }
}
