using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Import;

/// <summary>What an importer checks a file against: the project's codebook and the ids it already holds.</summary>
/// <param name="Codebook">The codebook codings must come from.</param>
/// <param name="ExistingCases">Cases already in the project.</param>
/// <param name="ExistingSources">Sources already in the project.</param>
public sealed record ImportContext(Codebook Codebook, IReadOnlySet<CaseId> ExistingCases, IReadOnlySet<SourceId> ExistingSources);
