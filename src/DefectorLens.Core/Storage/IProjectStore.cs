using System.Collections.Immutable;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Storage;

/// <summary>A project's data, whichever database holds it.</summary>
/// <remarks>
/// Every write is one transaction and appends its audit event inside it: a write that fails leaves the store as it was.
/// Reads never return identity fields except through <see cref="GetIdentityAsync"/>, which is audited.
/// </remarks>
public interface IProjectStore : IAsyncDisposable
{
    /// <summary>Where the project lives, for messages.</summary>
    string Location { get; }

    /// <summary>The project's name, schema version and counts.</summary>
    Task<ProjectInfo> GetInfoAsync(CancellationToken cancellationToken);

    /// <summary>The codebook the project codes with.</summary>
    Task<Codebook> GetCodebookAsync(CancellationToken cancellationToken);

    /// <summary>Stores a codebook version and makes it the one the project codes with.</summary>
    Task SetCodebookAsync(Codebook codebook, CancellationToken cancellationToken);

    /// <summary>Which of the given case ids the project already holds.</summary>
    Task<IReadOnlySet<CaseId>> FindCasesAsync(IEnumerable<CaseId> ids, CancellationToken cancellationToken);

    /// <summary>Which of the given source ids the project already holds.</summary>
    Task<IReadOnlySet<SourceId>> FindSourcesAsync(IEnumerable<SourceId> ids, CancellationToken cancellationToken);

    /// <summary>Stores everything one input file brought, all or nothing.</summary>
    /// <exception cref="UserErrorException">A case or source id already exists (<see cref="UserErrorKind.Conflict"/>).</exception>
    Task ImportAsync(ImportBatch batch, CancellationToken cancellationToken);

    /// <summary>Every case, by id.</summary>
    Task<IReadOnlyList<Case>> GetCasesAsync(CancellationToken cancellationToken);

    /// <summary>Every source without its text, by id.</summary>
    Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(CancellationToken cancellationToken);

    /// <summary>One source with its text.</summary>
    Task<Source?> GetSourceAsync(SourceId id, CancellationToken cancellationToken);

    /// <summary>Every source with its text, one at a time, for coders that read the whole corpus.</summary>
    IAsyncEnumerable<Source> ReadSourcesAsync(CancellationToken cancellationToken);

    /// <summary>The segments of a source, by start offset.</summary>
    Task<IReadOnlyList<Segment>> GetSegmentsAsync(SourceId source, CancellationToken cancellationToken);

    /// <summary>The codings of a source's segments.</summary>
    Task<IReadOnlyList<Coding>> GetCodingsAsync(SourceId source, CancellationToken cancellationToken);

    /// <summary>Replaces every coding by coders of this name with the given ones, in one transaction.</summary>
    /// <remarks>Segments are reused when one with the same source, span and speaker exists.</remarks>
    /// <returns>How many codings were stored.</returns>
    Task<int> ReplaceCodingsAsync(string coderName, IReadOnlyList<SourceCodings> codings, CancellationToken cancellationToken);

    /// <summary>The coders that have coded anything.</summary>
    Task<IReadOnlyList<Coder>> GetCodersAsync(CancellationToken cancellationToken);

    /// <summary>Which case has which code, through segments attributed to it.</summary>
    /// <remarks>
    /// A segment spoken by a case counts for that case; narration counts for every case of its source.
    /// One row per case, code and coder name.
    /// </remarks>
    Task<IReadOnlyList<CaseCode>> GetCaseCodesAsync(CodingFilter filter, CancellationToken cancellationToken);

    /// <summary>Segments in a case's own words coded with the code, most confident first.</summary>
    Task<IReadOnlyList<QuoteCandidate>> GetQuoteCandidatesAsync(CodeId code, int limit, CancellationToken cancellationToken);

    /// <summary>Full-text search over source text.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken);

    /// <summary>Adds a memo.</summary>
    Task AddMemoAsync(Memo memo, CancellationToken cancellationToken);

    /// <summary>Memos, oldest first.</summary>
    Task<IReadOnlyList<Memo>> GetMemosAsync(CancellationToken cancellationToken);

    /// <summary>A case's identity; the read itself is recorded in the audit log.</summary>
    Task<CaseIdentity?> GetIdentityAsync(CaseId id, CancellationToken cancellationToken);

    /// <summary>The audit log, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> GetAuditAsync(CancellationToken cancellationToken);
}

/// <summary>Creates and opens projects of one kind of store.</summary>
public interface IProjectStoreProvider
{
    /// <summary>Creates a new, empty project that codes with the given codebook.</summary>
    /// <exception cref="UserErrorException">A project already exists there.</exception>
    Task<IProjectStore> CreateAsync(string location, string name, Codebook codebook, CancellationToken cancellationToken);

    /// <summary>Opens a project, upgrading an older schema in place after a backup.</summary>
    /// <exception cref="UserErrorException">No project there, or one this version cannot read.</exception>
    Task<IProjectStore> OpenAsync(string location, CancellationToken cancellationToken);
}

/// <summary>A project at a glance.</summary>
/// <param name="Name">The project's name.</param>
/// <param name="SchemaVersion">The store's schema version.</param>
/// <param name="Created">When it was created.</param>
/// <param name="CodebookId">The codebook it codes with.</param>
/// <param name="CodebookVersion">That codebook's version.</param>
/// <param name="Cases">How many cases.</param>
/// <param name="Sources">How many sources.</param>
/// <param name="Segments">How many segments.</param>
/// <param name="Codings">How many codings.</param>
public sealed record ProjectInfo(
    string Name, int SchemaVersion, DateTimeOffset Created, string CodebookId, string CodebookVersion,
    int Cases, int Sources, int Segments, int Codings);

/// <summary>Everything one input file brought, stored together or not at all.</summary>
/// <param name="Origin">The file, for the audit log and messages.</param>
/// <param name="Cases">New cases with their identities.</param>
/// <param name="Sources">New sources with their segments and codings.</param>
public sealed record ImportBatch(string Origin, ImmutableArray<CaseRecord> Cases, ImmutableArray<SourceRecord> Sources)
{
    /// <summary>True when the file brought nothing.</summary>
    public bool IsEmpty => Cases.IsDefaultOrEmpty && Sources.IsDefaultOrEmpty;
}

/// <summary>A case to store, with its identity kept apart.</summary>
/// <param name="Case">The case.</param>
/// <param name="Identity">Its identity, if any is known.</param>
public sealed record CaseRecord(Case Case, CaseIdentity? Identity);

/// <summary>A source to store, with the segments and codings that came with it.</summary>
/// <param name="Source">The source.</param>
/// <param name="Segments">Its segments, each with codings.</param>
/// <param name="Original">The original file, when there is one besides the text.</param>
public sealed record SourceRecord(Source Source, ImmutableArray<SegmentDraft> Segments, OriginalFile? Original);

/// <summary>A segment not yet stored.</summary>
/// <param name="Start">First character, inclusive.</param>
/// <param name="End">Last character, exclusive.</param>
/// <param name="Speaker">The case whose own words these are; null for narration.</param>
/// <param name="Codings">Codes applied to it.</param>
public sealed record SegmentDraft(int Start, int End, CaseId? Speaker, ImmutableArray<CodingDraft> Codings);

/// <summary>A coding not yet stored.</summary>
/// <param name="Code">The code.</param>
/// <param name="Coder">Who applied it.</param>
/// <param name="CodebookVersion">The version of the codebook the code came from.</param>
/// <param name="Confidence">Machine confidence, 0 to 1.</param>
/// <param name="Explanation">Which rule or features fired.</param>
public sealed record CodingDraft(CodeId Code, Coder Coder, string CodebookVersion, double? Confidence, string? Explanation);

/// <summary>The codings a coder made on one source.</summary>
/// <param name="Source">The source.</param>
/// <param name="Segments">Segments with their codings.</param>
public sealed record SourceCodings(SourceId Source, ImmutableArray<SegmentDraft> Segments);

/// <summary>Which codings count.</summary>
/// <param name="Coder">Only this coder name; null for all.</param>
/// <param name="OwnWordsOnly">Only segments spoken by the case itself.</param>
public sealed record CodingFilter(string? Coder = null, bool OwnWordsOnly = false)
{
    /// <summary>Every coding.</summary>
    public static CodingFilter All { get; } = new();
}

/// <summary>A full-text search match.</summary>
/// <param name="Source">The source.</param>
/// <param name="Title">Its title.</param>
/// <param name="Snippet">Text around the match.</param>
public sealed record SearchHit(SourceId Source, string Title, string Snippet);
