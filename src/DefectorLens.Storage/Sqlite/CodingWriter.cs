using System.Collections.Immutable;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Writes segments, coders and codings inside one transaction with statements prepared once.</summary>
/// <remarks>Shared by import and coding replacement, so that both reuse segments and coders the same way.</remarks>
internal sealed class CodingWriter : IAsyncDisposable
{
    /// <summary>A segment that came with its source; never removed as an orphan.</summary>
    public const string ImportOrigin = "import";

    /// <summary>A segment a coder created; removed when no coding is left on it.</summary>
    public const string CoderOrigin = "coder";

    // The upsert returns the id of the new or the existing segment in one step. 'import' sorts after 'coder',
    // so max() keeps 'import' once a segment came with its source.
    private const string UpsertSegment = """
        INSERT INTO segments (source_id, start_offset, end_offset, speaker_case_id, origin)
        VALUES ($source, $start, $end, $speaker, $origin)
        ON CONFLICT (source_id, start_offset, end_offset, coalesce(speaker_case_id, ''))
        DO UPDATE SET origin = max(origin, excluded.origin)
        RETURNING id
        """;

    // DO UPDATE (a no-op) rather than DO NOTHING so that RETURNING yields the id of an existing coder too.
    private const string UpsertCoder = """
        INSERT INTO coders (name, kind, version) VALUES ($name, $kind, $version)
        ON CONFLICT (name, kind, version) DO UPDATE SET name = excluded.name
        RETURNING id
        """;

    private const string InsertCoding = """
        INSERT INTO codings (segment_id, code_id, coder_id, codebook_version, confidence, explanation)
        VALUES ($segment, $code, $coder, $codebookVersion, $confidence, $explanation)
        ON CONFLICT (segment_id, code_id, coder_id) DO NOTHING
        """;

    private readonly Statement _segment;
    private readonly Statement _coder;
    private readonly Statement _coding;
    private readonly Dictionary<Coder, long> _coderIds = [];

    public CodingWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _segment = new Statement(connection, transaction, UpsertSegment, "$source", "$start", "$end", "$speaker", "$origin");
        _coder = new Statement(connection, transaction, UpsertCoder, "$name", "$kind", "$version");
        _coding = new Statement(
            connection, transaction, InsertCoding, "$segment", "$code", "$coder", "$codebookVersion", "$confidence", "$explanation");
    }

    /// <summary>Throws when a draft could not be stored as it is: a span outside the text or a confidence outside 0 to 1.</summary>
    public static void Validate(string place, SourceId source, int textLength, SegmentDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!Segment.IsValidSpan(draft.Start, draft.End, textLength))
        {
            throw new UserErrorException(
                UserErrorKind.InvalidInput, Messages.SegmentOutsideText(place, source.Value, draft.Start, draft.End, textLength));
        }

        foreach (var coding in draft.Codings.IsDefault ? [] : draft.Codings)
        {
            ArgumentNullException.ThrowIfNull(coding);
            ArgumentNullException.ThrowIfNull(coding.Coder);
            ArgumentException.ThrowIfNullOrWhiteSpace(coding.Code.Value, nameof(draft));
            if (coding.Confidence is { } confidence && !(confidence is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(draft), confidence, "a confidence lies between 0 and 1");
            }
        }
    }

    /// <summary>Stores a segment, or finds the one with the same source, span and speaker, and returns its id.</summary>
    /// <exception cref="UserErrorException">The speaker is not a case of the project.</exception>
    public async Task<long> SegmentAsync(string place, SourceId source, SegmentDraft draft, string origin, CancellationToken cancellationToken)
    {
        try
        {
            var id = await _segment.ScalarAsync(
                cancellationToken, source.Value, draft.Start, draft.End, draft.Speaker?.Value, origin).ConfigureAwait(false);
            return (long)id!;
        }
        catch (SqliteException exception) when (exception.IsMissingReference() && draft.Speaker is { } speaker)
        {
            throw new UserErrorException(
                UserErrorKind.InvalidInput, Messages.CaseReferenceUnknown(place, source.Value, speaker.Value), exception);
        }
    }

    /// <summary>Stores the codings of a stored segment and returns how many were new.</summary>
    public async Task<int> CodingsAsync(long segmentId, ImmutableArray<CodingDraft> codings, CancellationToken cancellationToken)
    {
        var stored = 0;
        foreach (var coding in codings.IsDefault ? [] : codings)
        {
            var coderId = await CoderIdAsync(coding.Coder, cancellationToken).ConfigureAwait(false);
            stored += await _coding.ExecuteAsync(
                cancellationToken, segmentId, coding.Code.Value, coderId, coding.CodebookVersion, coding.Confidence, coding.Explanation)
                .ConfigureAwait(false);
        }

        return stored;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _segment.DisposeAsync().ConfigureAwait(false);
        await _coder.DisposeAsync().ConfigureAwait(false);
        await _coding.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<long> CoderIdAsync(Coder coder, CancellationToken cancellationToken)
    {
        if (!_coderIds.TryGetValue(coder, out var id))
        {
            id = (long)(await _coder.ScalarAsync(cancellationToken, coder.Name, Vocabulary.Name(coder.Kind), coder.Version)
                .ConfigureAwait(false))!;
            _coderIds[coder] = id;
        }

        return id;
    }
}
