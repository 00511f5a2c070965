using System.CommandLine;
using DefectorLens.Core.Storage;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens report</c>: writes the HTML and Markdown report.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var output = new Option<string?>("--out", "-o") { Description = "Directory to write report.html and report.md to (default: the project's directory).", HelpName = "DIR" };
        var coder = CommonOptions.Coder();
        var json = CommonOptions.Json();
        var command = new Command("report", "Write a self-contained HTML report (charts, tables, consented pseudonymised quotes) and the same figures as Markdown.") { output, coder, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.Projects.OpenAsync(parse.GetValue(CommonOptions.Project), cancellationToken);
            await using (store)
            {
                var model = await Reporting.BuildAsync(store, new CodingFilter(parse.GetValue(coder)), env.Clock, cancellationToken);
                var directory = parse.GetValue(output) ?? Path.GetDirectoryName(store.Location)!;
                var files = await Reporting.WriteAsync(model, directory, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new ReportJson(files.Html, files.Markdown), CliJsonContext.Readable.ReportJson);
                }
                else
                {
                    await env.Out.WriteLineAsync($"Report written to {files.Html} and {files.Markdown}");
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }
}
