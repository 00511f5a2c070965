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
        var audience = CommonOptions.Audience("public (default): quote only cases that consented to public use, name no other; research: quote research-consented cases too.", ReportAudience.Public);
        var json = CommonOptions.Json();
        var pdf = new Option<bool>("--pdf") { Description = "Also print the HTML report to report.pdf with headless Chromium (/usr/bin/chromium, or DEFECTORLENS_CHROMIUM)." };
        var command = new Command("report", "Write a self-contained HTML report (charts, tables, consented pseudonymised quotes) and the same figures as Markdown.") { output, coder, audience, json, pdf };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var model = await Reporting.BuildAsync(store, new CodingFilter(parse.GetValue(coder)), env.Clock, parse.GetValue(audience), cancellationToken);
                var directory = parse.GetValue(output) ?? Path.GetDirectoryName(store.Location)!;
                var files = await Reporting.WriteAsync(model, directory, cancellationToken);
                string? pdfPath = null;
                if (parse.GetValue(pdf))
                {
                    pdfPath = Path.Combine(directory, "report.pdf");
                    await PdfPrinting.PrintAsync(files.Html, pdfPath, cancellationToken);
                }

                if (parse.GetValue(json) && pdfPath is not null)
                {
                    JsonOutput.Write(env.Out, new Stats.ReportPdfJson(files.Html, files.Markdown, pdfPath), CliJsonContext.Default.ReportPdfJson);
                }
                else if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new ReportJson(files.Html, files.Markdown), CliJsonContext.Default.ReportJson);
                }
                else
                {
                    await env.Out.WriteLineAsync($"Report written to {files.Html} and {files.Markdown}" + (pdfPath is null ? "" : $" and {pdfPath}"));
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }
}
