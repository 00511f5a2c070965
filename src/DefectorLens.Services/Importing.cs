using DefectorLens.Core;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Import;

namespace DefectorLens.Services;

/// <summary>What importing one file did.</summary>
/// <param name="File">The file, as given or found in a folder.</param>
/// <param name="Cases">Cases stored from it.</param>
/// <param name="Sources">Sources stored from it.</param>
/// <param name="Errors">Why it was rejected; empty when it was stored.</param>
public sealed record FileImport(string File, int Cases, int Sources, IReadOnlyList<InputError> Errors)
{
    /// <summary>True when the file was stored.</summary>
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>What an import did, file by file.</summary>
/// <param name="Files">Each file in the order imported.</param>
public sealed record ImportSummary(IReadOnlyList<FileImport> Files)
{
    /// <summary>Cases stored.</summary>
    public int Cases => Files.Sum(file => file.Cases);

    /// <summary>Sources stored.</summary>
    public int Sources => Files.Sum(file => file.Sources);

    /// <summary>Files rejected.</summary>
    public int Rejected => Files.Count(file => !file.Succeeded);
}

/// <summary>How far an import has got.</summary>
/// <param name="Done">Files imported or rejected so far.</param>
/// <param name="Total">Files to import.</param>
/// <param name="Last">The file just done.</param>
public sealed record ImportProgress(int Done, int Total, FileImport Last);

/// <summary>Imports files and folders into a project, each file all or nothing.</summary>
public static class Importing
{
    /// <summary>Imports the files given and the supported files inside the folders given.</summary>
    /// <remarks>
    /// Files are imported in an order that lets later files refer to earlier ones: JSON Lines before text, and
    /// within JSON Lines, files named <c>cases*</c> first. A rejected file stores nothing; the others go on.
    /// </remarks>
    /// <exception cref="UserErrorException">A path given does not exist.</exception>
    public static async Task<ImportSummary> ImportAsync(
        IProjectStore store, IEnumerable<string> paths, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var files = Expand(paths);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var cases = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Id).ToHashSet();
        var sources = (await store.GetSourcesAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Id).ToHashSet();

        var outcomes = new List<FileImport>();
        foreach (var file in files)
        {
            var outcome = await ImportFileAsync(store, file, new ImportContext(codebook, cases, sources), cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome.Import);
            progress?.Report(new ImportProgress(outcomes.Count, files.Count, outcome.Import));
            if (outcome.Batch is { } batch)
            {
                cases.UnionWith(batch.Cases.Select(record => record.Case.Id));
                sources.UnionWith(batch.Sources.Select(record => record.Source.Id));
            }
        }

        return new ImportSummary(outcomes);
    }

    private static async Task<(FileImport Import, ImportBatch? Batch)> ImportFileAsync(
        IProjectStore store, string file, ImportContext context, CancellationToken cancellationToken)
    {
        var result = Importers.Read(file, context, cancellationToken);
        if (!result.Succeeded)
        {
            return (new FileImport(file, 0, 0, result.Errors), null);
        }

        if (result.Batch.IsEmpty)
        {
            return (new FileImport(file, 0, 0, [new InputError(file, null, Messages.NothingToImport)]), null);
        }

        try
        {
            await store.ImportAsync(result.Batch, cancellationToken).ConfigureAwait(false);
        }
        catch (UserErrorException conflict) when (conflict.Kind == UserErrorKind.Conflict)
        {
            return (new FileImport(file, 0, 0, [new InputError(file, null, conflict.Message)]), null);
        }

        return (new FileImport(file, result.Batch.Cases.Length, result.Batch.Sources.Length, []), result.Batch);
    }

    private static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory
                    .EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => Importers.SupportedExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new UserErrorException(UserErrorKind.NotFound, Messages.FileNotFound(path));
            }
        }

        return [.. files.Distinct(StringComparer.Ordinal).OrderBy(ImportOrder).ThenBy(file => file, StringComparer.Ordinal)];
    }

    private static int ImportOrder(string file)
    {
        var isJsonLines = Path.GetExtension(file).Equals(".jsonl", StringComparison.OrdinalIgnoreCase);
        var isCases = Path.GetFileName(file).StartsWith("cases", StringComparison.OrdinalIgnoreCase);
        return (isJsonLines, isCases) switch { (true, true) => 0, (true, false) => 1, _ => 2 };
    }
}
