using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary><c>dlens stats credibility</c>: independent sources and agreement per case.</summary>
internal static class CredibilityCommand
{
    private const int CasesShown = 50;

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("credibility", "Per case: independent sources (distinct outlets, duplicates counted once), agreement of coded narratives across sources, contradictions; and a summary.");
        StatsRun.Configure(env, command, (_, _, data, json, _) =>
        {
            var r = Findings.Credibility(data);
            if (json)
            {
                JsonOutput.Write(env.Out, new CredibilityJson(
                    r.Cases, r.Corroborated, r.CorroboratedShare.Share, [r.CorroboratedShare.Ci95.Low, r.CorroboratedShare.Ci95.High], r.MeanAgreement, r.Flagged,
                    r.BySourceCount.ToDictionary(b => Numbers.Text(b.Sources), b => b.Cases),
                    [.. r.PerCase.Select(c => new CaseCredibilityJson(c.Case.Value, c.Pseudonym, c.Sources, c.Documents, c.IndependentSources, c.CodedDocuments, c.Agreement, c.Flags))]),
                    CliJsonContext.Default.CredibilityJson);
                return Task.CompletedTask;
            }

            var table = new Table { Title = new TableTitle($"Credibility: the {Numbers.Text(Math.Min(CasesShown, r.PerCase.Count))} least corroborated cases (--json lists all)") }
                .AddColumns("case", "pseudonym").AddColumn(new TableColumn("sources").RightAligned()).AddColumn(new TableColumn("documents").RightAligned())
                .AddColumn(new TableColumn("independent").RightAligned()).AddColumn(new TableColumn("agreement").RightAligned()).AddColumn("flags");
            foreach (var c in r.PerCase.Take(CasesShown))
            {
                table.AddRow(Markup.Escape(c.Case.Value), Markup.Escape(c.Pseudonym), Numbers.Text(c.Sources), Numbers.Text(c.Documents), Numbers.Text(c.IndependentSources),
                    c.Agreement is { } a ? Numbers.Percent(a) : "–", Markup.Escape(string.Join("; ", c.Flags)));
            }

            env.OutConsole.Write(table);
            env.OutConsole.WriteLine($"{Numbers.Text(r.Corroborated)} of {Numbers.Text(r.Cases)} cases ({Numbers.Percent(r.CorroboratedShare.Share)}) have two or more independent sources; mean agreement {(r.MeanAgreement is { } m ? Numbers.Percent(m) : "not defined (no case has two coded documents)")}; {Numbers.Text(r.Flagged)} cases flagged.");
            return Task.CompletedTask;
        });
        return command;
    }
}
