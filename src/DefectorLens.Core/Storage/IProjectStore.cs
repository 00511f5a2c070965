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

    /// <summary>What an import needs to skip what is already stored: the files imported and each source's fingerprint.</summary>
    Task<IngestionState> GetIngestionStateAsync(CancellationToken cancellationToken);

    /// <summary>Stores input files' batches with their sources' fingerprints and duplicate links, and records the files as imported, all in one transaction.</summary>
    /// <remarks>Several files share a transaction for speed; a caller that needs one file's failure not to cost the others retries them one by one.</remarks>
    /// <exception cref="UserErrorException">A case or source id already exists (<see cref="UserErrorKind.Conflict"/>).</exception>
    Task IngestAsync(IReadOnlyList<IngestedFile> files, CancellationToken cancellationToken);

    /// <summary>Every source linked as a duplicate of another, by source id.</summary>
    Task<IReadOnlyList<DuplicateLink>> GetDuplicatesAsync(CancellationToken cancellationToken);

    /// <summary>Where each page of a source starts in its text; empty for a source without pages.</summary>
    Task<ImmutableArray<int>> GetPageStartsAsync(SourceId source, CancellationToken cancellationToken);

    /// <summary>Which source is about which case, with the source's outlet, content hash and date, for credibility and capture–recapture.</summary>
    Task<IReadOnlyList<CaseSource>> GetCaseSourcesAsync(CancellationToken cancellationToken);

    /// <summary>Which code each coder applied in each source, and to whose own words (null for narration); one row each.</summary>
    Task<IReadOnlyList<SourceCode>> GetSourceCodesAsync(CodingFilter filter, CancellationToken cancellationToken);

    /// <summary>The codings of segments that at least two coders (by name) coded: the units of segment-level reliability.</summary>
    Task<IReadOnlyList<SegmentCode>> GetSharedSegmentCodesAsync(CancellationToken cancellationToken);

    /// <summary>How the project's identities are protected: its id, where its key is, whether the key is at hand.</summary>
    Task<Protection.ProtectionStatus> GetProtectionAsync(CancellationToken cancellationToken);

    /// <summary>Encrypts every identity not yet under the key ring's current key, in batches that each commit: an interrupted run resumes.</summary>
    /// <param name="progress">Receives how many identities are done so far.</param>
    /// <param name="cancellationToken">Stops between batches; what is done stays done.</param>
    /// <returns>How many identities were re-encrypted.</returns>
    /// <exception cref="UserErrorException">No key is at hand, or a value fails its check.</exception>
    Task<int> ReencryptIdentitiesAsync(IProgress<int>? progress, CancellationToken cancellationToken);

    /// <summary>Every identity, for redacting text that leaves the project; the read is audited once, with its purpose.</summary>
    /// <exception cref="UserErrorException">Identities are stored but the key is not at hand (<see cref="UserErrorKind.Locked"/>).</exception>
    Task<IReadOnlyList<CaseIdentity>> GetIdentitiesForRedactionAsync(string purpose, CancellationToken cancellationToken);

    /// <summary>The keyed identifiers of cases for exports.</summary>
    /// <exception cref="UserErrorException">The key is not at hand (<see cref="UserErrorKind.Locked"/>).</exception>
    Task<Protection.ExportIds> GetExportIdsAsync(CancellationToken cancellationToken);

    /// <summary>Appends an audit event for something done outside the store: an export, a report, a backup.</summary>
    Task RecordAsync(string action, string subject, CancellationToken cancellationToken);

    /// <summary>Checks the audit log's hash chain from the first event to the last.</summary>
    Task<Protection.AuditCheck> VerifyAuditAsync(CancellationToken cancellationToken);

    /// <summary>Writes a consistent copy of the whole project to a new file while the project stays in use.</summary>
    Task CopyToAsync(string path, CancellationToken cancellationToken);

    /// <summary>Stores a trained model as the project's next model version and returns that version.</summary>
    Task<int> SaveModelAsync(ModelDraft model, CancellationToken cancellationToken);

    /// <summary>A stored model, the latest when <paramref name="version"/> is null; null when there is none.</summary>
    Task<StoredModel?> GetModelAsync(int? version, CancellationToken cancellationToken);

    /// <summary>Every stored model without its bytes, oldest first.</summary>
    Task<IReadOnlyList<ModelSummary>> GetModelsAsync(CancellationToken cancellationToken);

    /// <summary>Every case, source link, coded segment and coding the statistics need, in one consistent read of a summary the store keeps.</summary>
    /// <param name="withSegmentDetails">Also each coded segment's id and span and each coding's kind of coder and confidence
    /// (<see cref="AnalysisFacts.SegmentIds"/> and the properties after it): only ranking quotes reads them, and without them
    /// the facts of a large project take half the memory.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<AnalysisFacts> GetAnalysisFactsAsync(bool withSegmentDetails, CancellationToken cancellationToken);

    /// <summary>Machine codings still to review: no decision was made on their span and code, and no person gave the segment that code.</summary>
    Task<IReadOnlyList<MachineSuggestion>> GetMachineSuggestionsAsync(CancellationToken cancellationToken);

    /// <summary>Records a reviewer's decision on a machine suggestion, and the person's coding it makes, in one transaction.</summary>
    /// <exception cref="UserErrorException">The span and code were already decided (<see cref="UserErrorKind.Conflict"/>).</exception>
    Task RecordReviewAsync(ReviewDecisionDraft decision, CancellationToken cancellationToken);

    /// <summary>Every review decision, oldest first.</summary>
    Task<IReadOnlyList<ReviewDecision>> GetReviewDecisionsAsync(CancellationToken cancellationToken);
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
    /// <summary>True when the file brought nothing: no case, no source, no memo.</summary>
    public bool IsEmpty => Cases.IsDefaultOrEmpty && Sources.IsDefaultOrEmpty && Memos.IsDefaultOrEmpty;

    /// <summary>Memos on the project, codes, cases or sources that came with the file (segment memos travel with their segment).</summary>
    public ImmutableArray<Memo> Memos { get; init; } = [];

    /// <summary>A codebook the file brought, stored as a new version and made current in the same transaction; null for none.</summary>
    public Codebook? Codebook { get; init; }
}

/// <summary>A case to store, with its identity kept apart.</summary>
/// <param name="Case">The case.</param>
/// <param name="Identity">Its identity, if any is known.</param>
public sealed record CaseRecord(Case Case, CaseIdentity? Identity);

/// <summary>A source to store, with the segments and codings that came with it.</summary>
/// <param name="Source">The source.</param>
/// <param name="Segments">Its segments, each with codings.</param>
/// <param name="Original">The original file, when there is one besides the text.</param>
public sealed record SourceRecord(Source Source, ImmutableArray<SegmentDraft> Segments, OriginalFile? Original)
{
    /// <summary>Where each page starts in the text (UTF-16 offsets, page 1 first), for documents with pages; empty otherwise.</summary>
    public ImmutableArray<int> PageStarts { get; init; } = [];
}

/// <summary>A segment not yet stored.</summary>
/// <param name="Start">First character, inclusive.</param>
/// <param name="End">Last character, exclusive.</param>
/// <param name="Speaker">The case whose own words these are; null for narration.</param>
/// <param name="Codings">Codes applied to it.</param>
public sealed record SegmentDraft(int Start, int End, CaseId? Speaker, ImmutableArray<CodingDraft> Codings)
{
    /// <summary>Memos on the segment, stored with it once it has an id; their target id is ignored.</summary>
    public ImmutableArray<Memo> Memos { get; init; } = [];
}

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

/// <summary>How alike a duplicate is to its original.</summary>
public enum DuplicateKind
{
    /// <summary>The same text, character for character (after normalisation).</summary>
    Exact,

    /// <summary>Nearly the same text: the same story re-published with small edits.</summary>
    Near,
}

/// <summary>A source that repeats another.</summary>
/// <param name="Source">The duplicate.</param>
/// <param name="Original">The source it repeats, imported earlier.</param>
/// <param name="Kind">Exact or near.</param>
/// <param name="Similarity">Estimated Jaccard similarity of their word shingles, 0 to 1 (1 for an exact duplicate).</param>
public sealed record DuplicateLink(SourceId Source, SourceId Original, DuplicateKind Kind, double Similarity);

/// <summary>The fingerprint of a stored source, for finding duplicates of new ones.</summary>
/// <param name="Source">The source.</param>
/// <param name="TextHash">SHA-256 of its normalised text, lower-case hex.</param>
/// <param name="MinHash">The MinHash signature of its word shingles: for each of a fixed set of hash functions, the least value over the shingles.</param>
public sealed record SourceFingerprint(SourceId Source, string TextHash, ImmutableArray<ulong> MinHash);

/// <summary>What earlier imports left in the store.</summary>
/// <param name="Files">SHA-256 of every input file imported and of every source's original, lower-case hex.</param>
/// <param name="Fingerprints">The fingerprint of every source that has one.</param>
/// <param name="Duplicates">Every duplicate link.</param>
public sealed record IngestionState(IReadOnlySet<string> Files, IReadOnlyList<SourceFingerprint> Fingerprints, IReadOnlyList<DuplicateLink> Duplicates);

/// <summary>One input file's batch, with what the import found out about its sources.</summary>
/// <param name="Batch">What the file brought.</param>
/// <param name="FileHash">SHA-256 of the input file, lower-case hex, recorded so that a re-run skips it.</param>
/// <param name="Fingerprints">A fingerprint for each source of the batch.</param>
/// <param name="Duplicates">Sources of the batch that repeat a stored source or an earlier one of the batch.</param>
public sealed record IngestedFile(
    ImportBatch Batch, string FileHash, ImmutableArray<SourceFingerprint> Fingerprints, ImmutableArray<DuplicateLink> Duplicates);

/// <summary>That a source is about a case.</summary>
/// <param name="Case">The case.</param>
/// <param name="Source">The source.</param>
/// <param name="Outlet">The source's outlet, if known.</param>
/// <param name="ContentHash">The source's content hash: the same hash is the same document.</param>
/// <param name="Published">When the source was published.</param>
public sealed record CaseSource(CaseId Case, SourceId Source, string? Outlet, string ContentHash, PartialDate? Published);

/// <summary>That a coder applied a code somewhere in a source.</summary>
/// <param name="Source">The source.</param>
/// <param name="Speaker">The case whose own words were coded; null for narration, which speaks of every case of the source.</param>
/// <param name="Code">The code.</param>
/// <param name="Coder">The coder name.</param>
public sealed record SourceCode(SourceId Source, CaseId? Speaker, CodeId Code, string Coder);

/// <summary>That a coder applied a code to a segment.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Code">The code.</param>
/// <param name="Coder">The coder name.</param>
public sealed record SegmentCode(SegmentId Segment, CodeId Code, string Coder);

/// <summary>A trained model to store.</summary>
/// <param name="Trainer">Who trained it.</param>
/// <param name="Items">How many coded segments it learned from.</param>
/// <param name="MacroF1">Its cross-validated macro-F1.</param>
/// <param name="Metrics">Its figures per code, as JSON.</param>
/// <param name="Bytes">The model archive.</param>
public sealed record ModelDraft(string Trainer, int Items, double MacroF1, string Metrics, byte[] Bytes);

/// <summary>A stored model, described.</summary>
/// <param name="Version">Its version in the project: 1, 2, ...</param>
/// <param name="Trained">When it was stored.</param>
/// <param name="Trainer">Who trained it.</param>
/// <param name="Items">How many coded segments it learned from.</param>
/// <param name="MacroF1">Its cross-validated macro-F1.</param>
/// <param name="Metrics">Its figures per code, as JSON.</param>
public sealed record ModelSummary(int Version, DateTimeOffset Trained, string Trainer, int Items, double MacroF1, string Metrics);

/// <summary>A stored model with its archive.</summary>
/// <param name="Summary">What it is.</param>
/// <param name="Bytes">The model archive.</param>
public sealed record StoredModel(ModelSummary Summary, byte[] Bytes);

/// <summary>A machine coding offered to a person for review.</summary>
/// <param name="Segment">The coded segment.</param>
/// <param name="Coding">The machine's coding of it, with its coder, confidence and explanation.</param>
public sealed record MachineSuggestion(Segment Segment, Coding Coding);

/// <summary>What a reviewer decided about a machine suggestion.</summary>
public enum ReviewVerdict
{
    /// <summary>The code is right: the reviewer codes the segment with it.</summary>
    Accepted,

    /// <summary>The code is wrong: it is not proposed again and the segment counts as a negative for it in training.</summary>
    Rejected,

    /// <summary>Another code is right: the suggested one is rejected and the reviewer codes the segment with the other.</summary>
    Changed,
}

/// <summary>A review decision not yet stored.</summary>
/// <param name="Suggestion">The suggestion decided on.</param>
/// <param name="Verdict">Accepted, rejected or changed.</param>
/// <param name="Reviewer">The person deciding, to whom an accepted or changed code is attributed.</param>
/// <param name="NewCode">With <see cref="ReviewVerdict.Changed"/>: the code the reviewer gives instead; null otherwise.</param>
/// <param name="CodebookVersion">The version of the codebook the reviewer's code comes from.</param>
public sealed record ReviewDecisionDraft(MachineSuggestion Suggestion, ReviewVerdict Verdict, Coder Reviewer, CodeId? NewCode, string CodebookVersion);

/// <summary>A stored review decision, kept by source and span so that it outlives the machine's segments.</summary>
/// <param name="Source">The source.</param>
/// <param name="Start">First character of the span, inclusive.</param>
/// <param name="End">Last character of the span, exclusive.</param>
/// <param name="Code">The suggested code.</param>
/// <param name="SuggestedBy">The machine coder that suggested it.</param>
/// <param name="Confidence">The machine's confidence.</param>
/// <param name="Verdict">Accepted, rejected or changed.</param>
/// <param name="NewCode">The code given instead, for a changed suggestion.</param>
/// <param name="Reviewer">The reviewer's name.</param>
/// <param name="Decided">When.</param>
public sealed record ReviewDecision(
    SourceId Source, int Start, int End, CodeId Code, Coder SuggestedBy, double? Confidence,
    ReviewVerdict Verdict, CodeId? NewCode, string Reviewer, DateTimeOffset Decided);
