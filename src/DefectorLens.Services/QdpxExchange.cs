using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Qdpx;

namespace DefectorLens.Services;

/// <summary>What importing a .qdpx did.</summary>
/// <param name="File">The archive.</param>
/// <param name="Cases">Cases stored.</param>
/// <param name="Sources">Sources stored.</param>
/// <param name="Codings">Codings stored.</param>
/// <param name="Memos">Memos stored.</param>
/// <param name="NewCodebook">The codebook the file brought as a new version, when its codes were not the project's.</param>
/// <param name="Warnings">What was skipped while the rest was imported.</param>
/// <param name="Errors">Why nothing was imported; empty when it was stored.</param>
public sealed record QdpxImportSummary(
    string File, int Cases, int Sources, int Codings, int Memos, string? NewCodebook, IReadOnlyList<InputError> Warnings, IReadOnlyList<InputError> Errors)
{
    /// <summary>True when the archive was stored.</summary>
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Exchanging whole projects and codebooks with NVivo, ATLAS.ti, MAXQDA and QualCoder through REFI-QDA.</summary>
public static class QdpxExchange
{
    /// <summary>Writes the project to a .qdpx file for an audience, redacted; the file appears whole or not at all.</summary>
    /// <param name="store">The project.</param>
    /// <param name="file">The archive to write.</param>
    /// <param name="audience">Who the file is for: a public one gets only the cases that consented to public use.</param>
    /// <param name="cancellationToken">Stops the export; no file is left.</param>
    /// <exception cref="UserErrorException">The key is not at hand: cases cannot be given export ids, nor names redacted.</exception>
    public static async Task<QdpxExportSummary> ExportAsync(IProjectStore store, string file, ReportAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var scope = await Redaction.ExportScopeAsync(store, audience, "qdpx export", cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(file);
        var partial = full + ".partial";
        try
        {
            QdpxExportSummary summary;
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                summary = await QdpxExporter.WriteAsync(store, output, scope, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, full, overwrite: true);
            await store.RecordAsync("export", $"qdpx, audience {Redaction.Word(audience)}, {summary.Cases} cases, {summary.Sources} sources", cancellationToken)
                .ConfigureAwait(false);
            return summary;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Imports one .qdpx: all of it in one transaction, or nothing with the reasons.</summary>
    /// <param name="store">The project.</param>
    /// <param name="file">The archive.</param>
    /// <param name="map">Which project code each of the file's codes stands for; null to match by GUID, id or name.</param>
    /// <param name="cancellationToken">Stops the import; nothing is stored.</param>
    /// <exception cref="UserErrorException">The file does not exist.</exception>
    public static async Task<QdpxImportSummary> ImportAsync(IProjectStore store, string file, CodeMap? map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        if (!File.Exists(file))
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.FileNotFound(file));
        }

        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var cases = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Id).ToHashSet();
        var sources = (await store.GetSourcesAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Id).ToHashSet();
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var result = QdpxImporter.Import(file, bytes, new ImportContext(codebook, cases, sources), map, QdpxLimits.Default, cancellationToken);
        if (!result.Succeeded)
        {
            return new QdpxImportSummary(file, 0, 0, 0, 0, null, result.Warnings, result.Errors);
        }

        var batch = result.Batch;
        try
        {
            await store.ImportAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (UserErrorException refused) when (refused.Kind is UserErrorKind.Conflict or UserErrorKind.InvalidInput)
        {
            return new QdpxImportSummary(file, 0, 0, 0, 0, null, result.Warnings, [new InputError(file, null, refused.Message)]);
        }

        var codings = batch.Sources.Sum(source => source.Segments.Sum(segment => segment.Codings.Length));
        var memos = batch.Memos.Length + batch.Sources.Sum(source => source.Segments.Sum(segment => segment.Memos.Length));
        var newCodebook = batch.Codebook is { } book ? $"{book.Id} {book.Version}" : null;
        return new QdpxImportSummary(file, batch.Cases.Length, batch.Sources.Length, codings, memos, newCodebook, result.Warnings, []);
    }

    /// <summary>Reads a code map file.</summary>
    /// <exception cref="UserErrorException">The file is missing or is not a map; the message lists every problem.</exception>
    public static CodeMap ReadMap(string file)
    {
        var (map, errors) = CodeMap.Read(file);
        return map ?? throw new UserErrorException(
            File.Exists(file) ? UserErrorKind.InvalidInput : UserErrorKind.NotFound, string.Join(Environment.NewLine, errors));
    }

    /// <summary>Reads a .qdc codebook made in another tool.</summary>
    /// <exception cref="UserErrorException">The file is missing or not a valid codebook; the message lists every problem.</exception>
    public static Codebook ReadCodebook(string file, CancellationToken cancellationToken)
    {
        var result = QdcCodebook.Read(file, cancellationToken);
        return result.Codebook ?? throw new UserErrorException(
            File.Exists(file) ? UserErrorKind.InvalidInput : UserErrorKind.NotFound, string.Join(Environment.NewLine, result.Errors));
    }

    /// <summary>Makes a .qdc codebook the project's codebook, as a new version.</summary>
    public static async Task<Codebook> ImportCodebookAsync(IProjectStore store, string file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var codebook = ReadCodebook(file, cancellationToken);
        await store.SetCodebookAsync(codebook, cancellationToken).ConfigureAwait(false);
        return codebook;
    }

    /// <summary>The project's codebook in a file format by name: <c>yaml</c>, <c>json</c> or <c>qdc</c>.</summary>
    public static string CodebookAs(Codebook codebook, string format) => format switch
    {
        "qdc" => QdcCodebook.Write(codebook),
        "json" => CodebookFile.ToJson(codebook),
        _ => CodebookFile.ToYaml(codebook),
    };
}
