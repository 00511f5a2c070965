using DefectorLens.Core;
using DefectorLens.Core.Codebooks;

namespace DefectorLens.Interop.Codebooks;

/// <summary>A codebook read from a file, or why it could not be.</summary>
/// <param name="Codebook">The codebook; null when there are errors.</param>
/// <param name="Errors">Every problem found, each with the file and, where known, the line.</param>
public sealed record CodebookReadResult(Codebook? Codebook, IReadOnlyList<InputError> Errors)
{
    /// <summary>True when the file held a valid codebook.</summary>
    public bool Succeeded => Codebook is not null && Errors.Count == 0;
}
