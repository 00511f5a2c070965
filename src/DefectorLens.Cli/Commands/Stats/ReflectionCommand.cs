using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats reflection</c>: joining × leaving narratives.</summary>
internal static class ReflectionCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("reflection", "Joining × leaving narratives at case level: counts, row shares, lift, chi-square (Fisher's exact test when expected counts are small), Cramér's V.");
        StatsRun.Configure(env, command, (_, _, data, json, cancellationToken) =>
        {
            var r = Findings.Reflection(data, cancellationToken);
            if (json)
            {
                JsonOutput.Write(env.Out, ToJson(r), CliJsonContext.Default.ReflectionJson);
                return Task.CompletedTask;
            }

            var table = new Table { Title = new TableTitle(Markup.Escape($"Joining × leaving among {Numbers.Text(r.Cases)} cases: cases (row share, lift)")) };
            table.AddColumn("joined for");
            table.AddColumn(new TableColumn("cases").RightAligned());
            foreach (var leave in r.Leave)
            {
                table.AddColumn(new TableColumn(Markup.Escape(leave.Id.Value)).RightAligned());
            }

            for (var j = 0; j < r.Join.Count; j++)
            {
                var cells = new List<string> { Markup.Escape(r.Join[j].Id.Value), Numbers.Text(r.JoinCases[j]) };
                for (var l = 0; l < r.Leave.Count; l++)
                {
                    cells.Add($"{Numbers.Text(r.Counts[j, l])} ({(r.RowShares[j, l] is { } s ? Numbers.Percent(s) : "–")}, {(r.Lift[j, l] is { } lift ? StatsFormat.Number(lift) : "–")})");
                }

                table.AddRow([.. cells]);
            }

            env.OutConsole.Write(table);
            env.OutConsole.WriteLine(Summary(r));
            env.OutConsole.WriteLine(r.Caveat);
            return Task.CompletedTask;
        });
        return command;
    }

    /// <summary>The test results in one line.</summary>
    public static string Summary(ReflectionResult r)
    {
        var chi = r.ChiSquare.Statistic is { } x
            ? $"chi-square {StatsFormat.Number(x)}, df {Numbers.Text(r.ChiSquare.DegreesOfFreedom)}, p {StatsFormat.P(r.ChiSquare.P!.Value)}" + (r.ChiSquare.SmallExpected ? " (expected counts small)" : "")
            : "chi-square: " + r.ChiSquare.Undefined;
        var fisher = r.Fisher is null ? "" : r.Fisher.P is { } p ? $"; Fisher's exact p {StatsFormat.P(p)}" : "; Fisher: " + r.Fisher.Undefined;
        var v = r.CramersV.Value is { } cv ? $"; Cramér's V {StatsFormat.Number(cv)}" : "";
        return chi + fisher + v;
    }

    private static ReflectionJson ToJson(ReflectionResult r)
    {
        var cells = new List<ReflectionCellJson>();
        for (var j = 0; j < r.Join.Count; j++)
        {
            for (var l = 0; l < r.Leave.Count; l++)
            {
                cells.Add(new ReflectionCellJson(r.Join[j].Id.Value, r.Leave[l].Id.Value, r.Counts[j, l], r.RowShares[j, l], r.Lift[j, l]));
            }
        }

        return new ReflectionJson(
            r.Cases, [.. r.Join.Select(c => c.Id.Value)], [.. r.Leave.Select(c => c.Id.Value)], r.JoinCases, r.LeaveShares, cells,
            new ChiSquareJson(r.ChiSquare.Statistic, r.ChiSquare.DegreesOfFreedom, r.ChiSquare.P, r.ChiSquare.SmallExpected, r.ChiSquare.Undefined),
            r.Fisher is { } f ? new FisherJson(f.P, f.Tables, f.Undefined) : null, CoefficientJson.Of(r.CramersV), r.Caveat);
    }
}
