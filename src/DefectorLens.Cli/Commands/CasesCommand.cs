using System.CommandLine;
using DefectorLens.Core.Model;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens cases</c>: lists cases by pseudonym, never with identity fields.</summary>
internal static class CasesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("cases", "List the project's cases by pseudonym with their attributes (identity fields are never shown).") { json };
        command.Subcommands.Add(CasesSuggestCommand.Create(env));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var cases = await store.GetCasesAsync(cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, [.. cases.Select(ToJson)], CliJsonContext.Default.IReadOnlyListCaseJson);
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("case", "pseudonym", "gender", "nationality", "role", "joined", "defected", "legal status", "consent");
                foreach (var c in cases)
                {
                    var a = c.Attributes;
                    table.AddRow(
                        [.. new[] { c.Id.Value, c.Pseudonym, a.Gender, a.Nationality, a.Role, a.Joined?.ToString(), a.Defected?.ToString(), Vocabulary.Name(a.LegalStatus), Vocabulary.Name(a.Consent) }
                            .Select(cell => Markup.Escape(cell ?? ""))]);
                }

                env.OutConsole.Write(table);
                env.OutConsole.WriteLine($"{Numbers.Text(cases.Count)} cases.");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static CaseJson ToJson(Case c)
    {
        var a = c.Attributes;
        return new CaseJson(c.Id.Value, c.Pseudonym, new CaseAttributesJson(
            a.Gender, a.AgeAtJoining, a.Nationality, a.CountryOfResidence, a.Group, a.Role, a.Joined?.ToString(), a.Defected?.ToString(),
            Vocabulary.Name(a.LegalStatus), Vocabulary.Name(a.Consent), a.Extra));
    }
}
