using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens demo</c>: builds a project from the sample corpus and reports on it.</summary>
internal static class DemoCommand
{
    public static Command Create(CliEnvironment env)
    {
        var output = new Option<string>("--out", "-o") { Description = "Directory for the demo project and its report.", HelpName = "DIR", DefaultValueFactory = _ => "demo-out" };
        var command = new Command("demo", "Build a fresh project from the sample corpus (48 fictional cases, 70 sources in four languages), code it, and write its report.") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetRequiredValue(output);
            var result = await ProgressBars.RunAsync(env, "Demo", task =>
            {
                task.MaxValue = Enum.GetValues<DemoStep>().Length;
                return Demo.RunAsync(env.Projects, CliEnvironment.SamplesDirectory, directory, env.Clock, new Progress<DemoStep>(step => task.Value = (int)step), cancellationToken);
            });

            foreach (var error in result.Import.Files.SelectMany(file => file.Errors))
            {
                await env.Error.WriteLineAsync(error.ToString());
            }

            env.OutConsole.WriteLine($"Imported {Numbers.Text(result.Import.Cases)} cases and {Numbers.Text(result.Import.Sources)} sources; " +
                $"the lexicon made {Numbers.Text(result.Coding.Codings)} codings.");
            env.OutConsole.Write(StatsCommand.Table(result.Prevalence));
            env.OutConsole.WriteLine($"Project: {result.ProjectFile}");
            env.OutConsole.WriteLine($"Report:  {result.Report.Html}");
            env.OutConsole.MarkupLine($"Next: [bold]dlens stats --project {Markup.Escape(Path.GetDirectoryName(result.ProjectFile)!)} --json[/]");
            return result.Import.Rejected == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
        return command;
    }
}
