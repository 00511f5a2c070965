using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats reliability</c>: agreement between coders.</summary>
internal static class ReliabilityCommand
{
    public static Command Create(CliEnvironment env)
    {
        var level = new Option<string>("--level") { Description = "segment: segments coded by two coders or more; case: every case any two coders coded.", HelpName = "segment|case", DefaultValueFactory = _ => "case" };
        level.AcceptOnlyFromAmong("segment", "case");
        var command = new Command("reliability", "Agreement between coders (people, rules, models): percent agreement, Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha; per code and overall.") { level };
        StatsRun.Configure(env, command, async (parse, store, data, json, cancellationToken) =>
        {
            var r = parse.GetValue(level) == "segment"
                ? Findings.SegmentReliability(data)
                : Findings.CaseReliability(data);
            if (json)
            {
                JsonOutput.Write(env.Out, new ReliabilityJson(
                    parse.GetValue(level)!, r.Coders, r.Units, r.Undefined, r.Overall is { } o ? StatsJson.Reliability(o) : null, [.. r.PerCode.Select(StatsJson.Reliability)]),
                    CliJsonContext.Default.ReliabilityJson);
                return;
            }

            if (r.Undefined is { } reason && r.Overall is null)
            {
                env.OutConsole.WriteLine(Markup.Escape("Reliability not computed: " + reason + "."));
                return;
            }

            var table = new Table { Title = new TableTitle(Markup.Escape($"Agreement of {string.Join(", ", r.Coders)} over {Numbers.Text(r.Units)} {parse.GetValue(level)}s")) }
                .AddColumns("code").AddColumn(new TableColumn("agreement").RightAligned()).AddColumn(new TableColumn("Krippendorff α").RightAligned())
                .AddColumn(new TableColumn("Fleiss κ").RightAligned()).AddColumn("Cohen κ per pair");
            foreach (var row in r.PerCode.Append(r.Overall!))
            {
                table.AddRow(Markup.Escape(row.Code?.Value ?? row.Name), Value(row.Alpha.PercentAgreement), Value(row.Alpha.Alpha), Value(row.Fleiss.Kappa),
                    Markup.Escape(string.Join("; ", row.Pairs.Select(p => $"{p.First}/{p.Second} {Value(p.Kappa.Kappa)}"))));
            }

            env.OutConsole.Write(table);
            env.OutConsole.WriteLine("– : undefined (no shared unit, or every rating the same, so agreement cannot be told from chance); --json gives the reason.");
        }, filters: false);
        return command;
    }

    private static string Value(Statistics.Coefficient c) => c.Value is { } v ? StatsFormat.Number(v) : "–";
}
