using System.CommandLine;
using DefectorLens.Core;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens audit show|verify</c>: the append-only, hash-chained record of who did what.</summary>
internal static class AuditCommand
{
    public static Command Create(CliEnvironment env)
    {
        var audit = new Command("audit", "Show or verify the audit log: every change, export and view of an identity, hash-chained.");
        audit.Add(Show(env));
        audit.Add(Verify(env));
        return audit;
    }

    private static Command Show(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("show", "List audit events, oldest first.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var events = await store.GetAuditAsync(cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, [.. events.Select(e => new AuditEventJson(e.Sequence, e.At, e.Actor, e.Action, e.Subject))], CliJsonContext.Default.IReadOnlyListAuditEventJson);
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("#", "at", "actor", "action", "subject");
                foreach (var e in events)
                {
                    table.AddRow(
                        e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        e.At.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                        Markup.Escape(e.Actor), Markup.Escape(e.Action), Markup.Escape(e.Subject));
                }

                env.OutConsole.Write(table);
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command Verify(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check the hash chain: exit 0 when intact, 8 when an event was edited or removed.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var check = await ProtectionKeys.VerifyAuditAsync(store, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new AuditCheckJson(check.Intact, check.Events, check.FirstBadSequence, check.Problem, check.HeadHash), CliJsonContext.Default.AuditCheckJson);
                }
                else if (check.Intact)
                {
                    await env.Out.WriteLineAsync($"Audit log intact: {Numbers.Text(check.Events)} events; last hash {check.HeadHash} (note it to detect a later truncation).");
                }

                if (!check.Intact)
                {
                    await env.Error.WriteLineAsync($"dlens: {Messages.AuditBroken(store.Location, check.Problem!)}");
                    return ExitCodes.Tampered;
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }
}
