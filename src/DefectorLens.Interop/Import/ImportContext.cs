using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Import;

/// <summary>What an importer checks a file against: the project's codebook and the ids it already holds.</summary>
/// <param name="Codebook">The codebook codings must come from.</param>
/// <param name="ExistingCases">Cases already in the project.</param>
/// <param name="ExistingSources">Sources already in the project.</param>
public sealed record ImportContext(Codebook Codebook, IReadOnlySet<CaseId> ExistingCases, IReadOnlySet<SourceId> ExistingSources)
{
    /// <summary>The pseudonym of each case in the project, to recognise a case's own words in a source about it.</summary>
    public IReadOnlyDictionary<CaseId, string> Pseudonyms { get; init; } = new Dictionary<CaseId, string>();

    /// <summary>The size limits for files a manifest names and for archives.</summary>
    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    /// <summary>True when the file being read came out of an archive, so that it cannot name files beside it.</summary>
    public bool InArchive { get; init; }

    /// <summary>For REFI-QDA projects: which project code each of the file's codes stands for; null to match by GUID, id or name.</summary>
    public Qdpx.CodeMap? CodeMap { get; init; }
}
