using System.CommandLine;
using DefectorLens.Core.Model;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens code --auto</c>: codes every source automatically.</summary>
internal static class CodeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var auto = new Option<bool>("--auto") { Description = "Code every sentence of every source with the lexicon rules and the project's latest model (or the shipped one), replacing the previous run of the same coder.", Required = true };
        var json = CommonOptions.Json();
        var options = new AutoCodingOptions();
        var command = new Command("code", "Code sources automatically; each coding records its coder's versions, its confidence and the rules or features behind it.") { auto, json };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (mode, minConfidence) = options.Read(parse);
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var sourceCount = (await store.GetInfoAsync(cancellationToken)).Sources;
                var summary = await ProgressBars.RunAsync(env, "Coding", task =>
                {
                    task.MaxValue = Math.Max(1, sourceCount);
                    return AutoCoding.CodeAsync(store, mode, minConfidence, new Progress<int>(done => task.Value = done), cancellationToken);
                });
                if (parse.GetValue(json))
                {
                    var coder = summary.Coder;
                    JsonOutput.Write(env.Out, new CodingJson(coder.Name, Vocabulary.Name(coder.Kind), coder.Version, summary.Sources, summary.Codings), CliJsonContext.Default.CodingJson);
                }
                else
                {
                    await env.Out.WriteLineAsync($"Coded {Numbers.Text(summary.Sources)} sources: {Numbers.Text(summary.Codings)} codings by {summary.Coder}.");
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }
}
