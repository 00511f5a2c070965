using System.CommandLine;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens memo add|list</c>: researchers' notes on codes, cases, sources and segments.</summary>
internal static class MemoCommand
{
    public static Command Create(CliEnvironment env)
    {
        var memo = new Command("memo", "Write and read memos: notes on the project, a code, a case, a source or a segment.");
        memo.Add(Add(env));
        memo.Add(List(env));
        return memo;
    }

    private static Command Add(CliEnvironment env)
    {
        var text = new Argument<string>("text") { Description = "The note." };
        var on = new Option<string>("--on") { Description = "What it is about: project, code:ID, case:ID, source:ID or segment:ID.", DefaultValueFactory = _ => "project", HelpName = "TARGET" };
        var author = new Option<string>("--author") { Description = "Who writes it.", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("add", "Add a memo.") { text, on, author };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (target, id) = ParseTarget(parse.GetRequiredValue(on));
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                await store.AddMemoAsync(new Memo(target, id, parse.GetRequiredValue(author), parse.GetRequiredValue(text), env.Clock.GetUtcNow()), cancellationToken);
                await env.Out.WriteLineAsync($"Memo added on {parse.GetRequiredValue(on)}.");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List memos, oldest first.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var memos = await store.GetMemosAsync(cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, [.. memos.Select(m => new MemoJson(Target(m), m.Author, m.Written, m.Text))], CliJsonContext.Default.IReadOnlyListMemoJson);
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("on", "author", "written", "memo");
                foreach (var m in memos)
                {
                    table.AddRow(Markup.Escape(Target(m)), Markup.Escape(m.Author), m.Written.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(m.Text));
                }

                env.OutConsole.Write(table);
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static string Target(Memo memo) =>
        memo.Target == MemoTarget.Project ? "project" : $"{memo.Target.ToString().ToLowerInvariant()}:{memo.TargetId}";

    private static (MemoTarget Target, string Id) ParseTarget(string text)
    {
        if (text.Equals("project", StringComparison.OrdinalIgnoreCase))
        {
            return (MemoTarget.Project, "");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < text.Length - 1
            && Enum.TryParse<MemoTarget>(text[..colon], ignoreCase: true, out var target) && target != MemoTarget.Project)
        {
            return (target, text[(colon + 1)..]);
        }

        throw new UserErrorException(UserErrorKind.InvalidInput, Messages.MemoTargetInvalid(text));
    }
}
