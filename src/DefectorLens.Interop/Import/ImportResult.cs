using DefectorLens.Core;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Import;

/// <summary>What one file brought, or why none of it can be stored.</summary>
/// <param name="Batch">Everything the file brought; empty when there are errors, so that nothing of a bad file is stored.</param>
/// <param name="Errors">Every problem found, each with the file and, where known, the line.</param>
public sealed record ImportResult(ImportBatch Batch, IReadOnlyList<InputError> Errors)
{
    /// <summary>True when the file had no errors and its batch may be stored.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>What was skipped while the rest was imported (a selection outside its text, a source that is not text).</summary>
    public IReadOnlyList<InputError> Warnings { get; init; } = [];

    /// <summary>A file rejected as a whole: an empty batch and its errors.</summary>
    internal static ImportResult Failed(InputErrorList errors) => new(new ImportBatch(errors.File, [], []), errors.ToList());
}
