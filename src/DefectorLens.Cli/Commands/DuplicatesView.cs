using DefectorLens.Core.Storage;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens sources --duplicates</c>: each source that repeats another, with its original and how alike they are.</summary>
internal static class DuplicatesView
{
    public static async Task<int> PrintAsync(CliEnvironment env, IProjectStore store, bool json, CancellationToken cancellationToken)
    {
        var links = await store.GetDuplicatesAsync(cancellationToken);
        var outlets = (await store.GetSourcesAsync(cancellationToken)).ToDictionary(source => source.Id, source => source.Metadata.Outlet);
        var rows = links.Select(link => new DuplicateJson(
            link.Source.Value, link.Original.Value, link.Kind == DuplicateKind.Exact ? "exact" : "near",
            Math.Round(link.Similarity, 3), outlets.GetValueOrDefault(link.Source))).ToList();
        if (json)
        {
            JsonOutput.Write(env.Out, rows, CliJsonContext.Default.IReadOnlyListDuplicateJson);
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("source", "duplicate of", "kind", "similarity", "outlet");
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Source), Markup.Escape(row.Original), row.Kind, Numbers.Percent(row.Similarity), Markup.Escape(row.Outlet ?? ""));
        }

        env.OutConsole.Write(table);
        env.OutConsole.WriteLine($"{Numbers.Text(rows.Count)} duplicate source(s); each counts once in statistics, through its original.");
        return ExitCodes.Success;
    }
}
