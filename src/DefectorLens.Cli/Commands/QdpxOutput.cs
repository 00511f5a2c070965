using DefectorLens.Interop.Qdpx;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary>REFI-QDA exchange as the CLI reports it: exports, and .qdpx archives given to <c>dlens import</c>.</summary>
internal static class QdpxOutput
{
    /// <summary>Reports an export on standard output, as a line or one JSON document.</summary>
    public static async Task WriteExportAsync(CliEnvironment env, string path, QdpxExportSummary summary, bool json)
    {
        if (json)
        {
            JsonOutput.Write(env.Out, new QdpxExportJson(path, summary.Users, summary.Codes, summary.Cases, summary.Sources, summary.Selections, summary.Codings, summary.Notes), CliJsonContext.Default.QdpxExportJson);
            return;
        }

        await env.Out.WriteLineAsync(
            $"Wrote {path}: {Numbers.Text(summary.Cases)} cases, {Numbers.Text(summary.Sources)} sources, {Numbers.Text(summary.Selections)} selections, " +
            $"{Numbers.Text(summary.Codings)} codings, {Numbers.Text(summary.Codes)} codes, {Numbers.Text(summary.Notes)} memos, {Numbers.Text(summary.Users)} users.");
    }

    /// <summary>Imports the .qdpx archives among <paramref name="paths"/>, each in one transaction; returns the other paths.</summary>
    /// <remarks>Warnings and errors go to standard error as <c>FILE line N: reason</c>; with <paramref name="json"/> and only archives, one JSON document goes to standard output.</remarks>
    public static async Task<(string[] Others, int ExitCode)> ImportArchivesAsync(
        CliEnvironment env, DefectorLens.Core.Storage.IProjectStore store, string[] paths, string? mapFile, bool json, CancellationToken cancellationToken)
    {
        var archives = paths.Where(path => Path.GetExtension(path).Equals(".qdpx", StringComparison.OrdinalIgnoreCase)).ToList();
        var rest = paths.Except(archives, StringComparer.Ordinal).ToArray();
        if (mapFile is not null && archives.Count == 0)
        {
            throw new DefectorLens.Core.UserErrorException(DefectorLens.Core.UserErrorKind.InvalidInput, DefectorLens.Core.Messages.CodeMapOnlyForQdpx);
        }

        var map = mapFile is null ? null : QdpxExchange.ReadMap(mapFile);
        var summaries = new List<QdpxImportSummary>();
        foreach (var archive in archives)
        {
            var summary = await QdpxExchange.ImportAsync(store, archive, map, cancellationToken);
            summaries.Add(summary);
            foreach (var problem in summary.Warnings.Concat(summary.Errors))
            {
                await env.Error.WriteLineAsync(problem.ToString());
            }

            if (!json || rest.Length > 0)
            {
                await env.Error.WriteLineAsync(summary.Succeeded
                    ? $"Imported {archive}: {Numbers.Text(summary.Cases)} cases, {Numbers.Text(summary.Sources)} sources, {Numbers.Text(summary.Codings)} codings, {Numbers.Text(summary.Memos)} memos" +
                      (summary.NewCodebook is { } book ? $"; codebook {book} is now the project's." : ".")
                    : $"Rejected {archive}: nothing was imported.");
            }
        }

        if (json && rest.Length == 0)
        {
            JsonOutput.Write(env.Out, [.. summaries.Select(ToJson)], CliJsonContext.Default.IReadOnlyListQdpxImportJson);
        }

        return (rest, summaries.All(summary => summary.Succeeded) ? ExitCodes.Success : ExitCodes.InvalidInput);
    }

    private static QdpxImportJson ToJson(QdpxImportSummary summary) => new(
        summary.File, summary.Succeeded, summary.Cases, summary.Sources, summary.Codings, summary.Memos, summary.NewCodebook,
        [.. summary.Warnings.Select(warning => warning.ToString())], [.. summary.Errors.Select(error => error.ToString())]);
}

/// <summary>What <c>dlens export --format qdpx --json</c> wrote.</summary>
internal sealed record QdpxExportJson(string File, int Users, int Codes, int Cases, int Sources, int Selections, int Codings, int Notes);

/// <summary>What importing one .qdpx did, as <c>dlens import --json</c> prints it.</summary>
internal sealed record QdpxImportJson(
    string File, bool Stored, int Cases, int Sources, int Codings, int Memos, string? NewCodebook, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors);
