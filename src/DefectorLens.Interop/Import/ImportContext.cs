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

    /// <summary>True when the file being read came out of an archive.</summary>
    public bool InArchive { get; init; }

    /// <summary>For a file out of an archive: the archive's other entries, which a manifest may name; null when not given.</summary>
    public ArchiveEntries? Archive { get; init; }

    /// <summary>For a file out of an archive: its path inside the archive, which a manifest's paths are relative to.</summary>
    public string? EntryPath { get; init; }

    /// <summary>For REFI-QDA projects: which project code each of the file's codes stands for; null to match by GUID, id or name.</summary>
    public Qdpx.CodeMap? CodeMap { get; init; }
}
