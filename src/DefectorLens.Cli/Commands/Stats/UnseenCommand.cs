using System.CommandLine;
using DefectorLens.Services;
using DefectorLens.Statistics;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats unseen</c>: capture–recapture estimate of the defectors not on record.</summary>
internal static class UnseenCommand
{
    public static Command Create(CliEnvironment env)
    {
        var lists = new Option<string?>("--lists") { Description = "Lists of outlets: lists separated by ';', outlets in a list by ',' (default: the three outlets reporting most cases).", HelpName = "\"A,B;C\"" };
        var command = new Command("unseen", "Capture–recapture: Lincoln–Petersen and Chapman for two lists, log-linear models selected by AIC for three or more, with intervals and assumptions.") { lists };
        StatsRun.Configure(env, command, (parse, _, data, json, _) =>
        {
            var r = Findings.Unseen(data, parse.GetValue(lists));
            if (json)
            {
                JsonOutput.Write(env.Out, new UnseenJson(
                    [.. r.Lists.Select(l => new ListJson(l.Name, l.Outlets, l.Cases))], r.Observed, r.OnRecord, r.Histories.ToDictionary(h => h.History, h => h.Cases),
                    r.LincolnPetersen is { } lp ? StatsJson.Estimate(lp) : null, r.Chapman is { } ch ? StatsJson.Estimate(ch) : null,
                    [.. r.LogLinear.Models.Select(m => new ModelJson(m.Name, m.Parameters, m.Deviance, m.DegreesOfFreedom, m.Aic, StatsJson.Estimate(m.Estimate)))],
                    r.LogLinear.Selected?.Name, r.LogLinear.Undefined, [.. r.Assumptions.Select(a => new AssumptionJson(a.Name, a.Check))]), CliJsonContext.Default.UnseenJson);
                return Task.CompletedTask;
            }

            for (var l = 0; l < r.Lists.Count; l++)
            {
                env.OutConsole.WriteLine($"list {Numbers.Text(l + 1)}: {r.Lists[l].Name} ({Numbers.Text(r.Lists[l].Cases)} cases)");
            }

            env.OutConsole.WriteLine($"{Numbers.Text(r.Observed)} cases on at least one list ({Numbers.Text(r.OnRecord)} on record).");
            var table = new Table { Title = new TableTitle("Estimated number of defectors") }.AddColumns("method", "N", "SE", "95% interval", "note");
            foreach (var e in new[] { r.LincolnPetersen, r.Chapman }.OfType<PopulationEstimate>())
            {
                table.AddRow(Markup.Escape(e.Method), Count(e.N), Count(e.StandardError), Interval(e.Ci95), Markup.Escape(e.Undefined ?? e.Interval));
            }

            foreach (var m in r.LogLinear.Models.Take(5))
            {
                table.AddRow(Markup.Escape($"log-linear {m.Name} (AIC {StatsFormat.Number(m.Aic)}, df {Numbers.Text(m.DegreesOfFreedom)})" + (m == r.LogLinear.Selected ? " selected" : "")),
                    Count(m.Estimate.N), Count(m.Estimate.StandardError), Interval(m.Estimate.Ci95), Markup.Escape(m.Estimate.Undefined ?? m.Estimate.Interval));
            }

            env.OutConsole.Write(table);
            foreach (var a in r.Assumptions)
            {
                env.OutConsole.WriteLine(Markup.Escape($"assumption, {a.Name}: {a.Check}"));
            }

            return Task.CompletedTask;
        });
        return command;
    }

    private static string Count(double? value) => value is { } v ? StatsFormat.Number(Math.Round(v)) : "–";

    private static string Interval(Interval? ci) => ci is { } c ? $"{StatsFormat.Number(Math.Round(c.Low))}–{StatsFormat.Number(Math.Round(c.High))}" : "–";
}
