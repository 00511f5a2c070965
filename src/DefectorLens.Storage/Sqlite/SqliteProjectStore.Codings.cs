using System.Diagnostics;
using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Replacing a coder's codings and reading what they add up to.</summary>
internal sealed partial class SqliteProjectStore
{
    /// <summary>How long a quote reads best, in characters: a sentence or two.</summary>
    private const int PreferredQuoteLength = 200;

    /// <inheritdoc />
    /// <remarks>
    /// Every coding made by any coder of that name goes (whatever its kind or version), then the given codings are stored.
    /// Segments a coder created and that no coding or memo uses any more are removed; segments that came with their source
    /// always stay. Every draft's coder must carry <paramref name="coderName"/>.
    /// </remarks>
    /// <exception cref="UserErrorException">
    /// A source is not in the project (<see cref="UserErrorKind.NotFound"/>); a span lies outside its text, or a speaker is
    /// not a case of the project (<see cref="UserErrorKind.InvalidInput"/>).
    /// </exception>
    public async Task<int> ReplaceCodingsAsync(string coderName, IReadOnlyList<SourceCodings> codings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(coderName);
        ArgumentNullException.ThrowIfNull(codings);
        EnsureOneCoder(coderName, codings);
        var clock = Stopwatch.StartNew();
        var (removed, stored) = await WriteAsync("codings.replace", async (connection, transaction) =>
        {
            var removed = await DeleteCodingsAsync(connection, transaction, coderName, cancellationToken).ConfigureAwait(false);
            var stored = await InsertCodingsAsync(connection, transaction, coderName, codings, cancellationToken).ConfigureAwait(false);
            await DeleteOrphanSegmentsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var subject = string.Create(
                CultureInfo.InvariantCulture,
                $"coder {coderName}: removed {removed}, stored {stored}, sources {codings.Select(c => c.Source).Distinct().Count()}");
            await AppendAuditAsync(connection, transaction, "codings.replace", subject, cancellationToken).ConfigureAwait(false);
            return (removed, stored);
        }, cancellationToken).ConfigureAwait(false);
        Log.CodingsReplaced(_logger, coderName, removed, stored, clock.ElapsedMilliseconds);
        return stored;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseCode>> GetCaseCodesAsync(CodingFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // UNION (not UNION ALL) makes the rows distinct: a case has a code once per coder name, however often it was coded.
        const string sql = """
            SELECT g.speaker_case_id, k.code_id, c.name
            FROM codings k
            JOIN segments g ON g.id = k.segment_id
            JOIN coders c ON c.id = k.coder_id
            WHERE g.speaker_case_id IS NOT NULL AND ($coder IS NULL OR c.name = $coder)
            UNION
            SELECT sc.case_id, k.code_id, c.name
            FROM codings k
            JOIN segments g ON g.id = k.segment_id
            JOIN coders c ON c.id = k.coder_id
            JOIN source_cases sc ON sc.source_id = g.source_id
            WHERE g.speaker_case_id IS NULL AND $ownWordsOnly = 0 AND ($coder IS NULL OR c.name = $coder)
            ORDER BY 1, 2, 3
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$coder", "$ownWordsOnly");
        await using var reader = await statement.ReadAsync(cancellationToken, filter.Coder, filter.OwnWordsOnly ? 1 : 0)
            .ConfigureAwait(false);
        var rows = new List<CaseCode>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new CaseCode(new CaseId(reader.GetString(0)), new CodeId(reader.GetString(1)), reader.GetString(2)));
        }

        return rows;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One candidate per segment. Segments a person coded come first (their confidence is null), then by the highest
    /// machine confidence, then by how close their length is to about 200 characters. The text is cut from the source in
    /// UTF-16 offsets, as segments count them.
    /// </remarks>
    public async Task<IReadOnlyList<QuoteCandidate>> GetQuoteCandidatesAsync(CodeId code, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code.Value, nameof(code));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        const string sql = """
            SELECT g.source_id, g.start_offset, g.end_offset, g.speaker_case_id,
                   CASE WHEN max(c.kind = 'person') THEN NULL ELSE max(k.confidence) END AS confidence
            FROM codings k
            JOIN segments g ON g.id = k.segment_id
            JOIN coders c ON c.id = k.coder_id
            WHERE k.code_id = $code AND g.speaker_case_id IS NOT NULL
            GROUP BY g.id
            ORDER BY max(c.kind = 'person') DESC, confidence DESC,
                     abs(g.end_offset - g.start_offset - $preferredLength), g.source_id, g.start_offset, g.id
            LIMIT $limit
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        var spans = new List<(string Source, int Start, int End, string Speaker, double? Confidence)>();
        await using (var statement = new Statement(connection, snapshot, sql, "$code", "$preferredLength", "$limit"))
        await using (var reader = await statement.ReadAsync(cancellationToken, code.Value, PreferredQuoteLength, limit).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                spans.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.NullableDouble(4)));
            }
        }

        var sourceIds = spans.Select(span => span.Source).Distinct(StringComparer.Ordinal).ToList();
        var summaries = (await ReadSummariesAsync(connection, snapshot, sourceIds, cancellationToken).ConfigureAwait(false))
            .ToDictionary(summary => summary.Id.Value, StringComparer.Ordinal);
        var texts = await ReadTextsAsync(connection, snapshot, sourceIds, cancellationToken).ConfigureAwait(false);
        return [.. spans.Select(span => new QuoteCandidate(
            new CaseId(span.Speaker), code, summaries[span.Source], texts[span.Source][span.Start..span.End], span.Confidence))];
    }

    private static void EnsureOneCoder(string coderName, IReadOnlyList<SourceCodings> codings)
    {
        foreach (var draft in codings.SelectMany(source => source.Segments.IsDefault ? [] : source.Segments))
        {
            ArgumentNullException.ThrowIfNull(draft);
            if (!draft.Codings.IsDefault && draft.Codings.Any(coding => coding?.Coder?.Name != coderName))
            {
                throw new ArgumentException($"every coding must be by coder '{coderName}'", nameof(codings));
            }
        }
    }

    private static async Task<int> DeleteCodingsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string coderName, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM codings WHERE coder_id IN (SELECT id FROM coders WHERE name = $name)";
        await using var delete = new Statement(connection, transaction, sql, "$name");
        return await delete.ExecuteAsync(cancellationToken, coderName).ConfigureAwait(false);
    }

    private static async Task<int> InsertCodingsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string coderName, IReadOnlyList<SourceCodings> codings,
        CancellationToken cancellationToken)
    {
        const string length = "SELECT length FROM sources WHERE id = $id";
        var place = Messages.CoderPlace(coderName);
        await using var selectLength = new Statement(connection, transaction, length, "$id");
        await using var writer = new CodingWriter(connection, transaction);
        var stored = 0;
        foreach (var source in codings)
        {
            ArgumentNullException.ThrowIfNull(source);
            var textLength = await selectLength.ScalarAsync(cancellationToken, source.Source.Value).ConfigureAwait(false) as long?
                ?? throw new UserErrorException(UserErrorKind.NotFound, Messages.SourceNotInProject(place, source.Source.Value));
            foreach (var draft in source.Segments.IsDefault ? [] : source.Segments)
            {
                CodingWriter.Validate(place, source.Source, (int)textLength, draft);
                var segmentId = await writer.SegmentAsync(place, source.Source, draft, CodingWriter.CoderOrigin, cancellationToken)
                    .ConfigureAwait(false);
                stored += await writer.CodingsAsync(segmentId, draft.Codings, cancellationToken).ConfigureAwait(false);
            }
        }

        return stored;
    }

    // A memo on a segment keeps it: deleting the segment would leave the memo pointing nowhere.
    private static async Task DeleteOrphanSegmentsAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        const string sql = """
            DELETE FROM segments
            WHERE origin = 'coder'
              AND NOT EXISTS (SELECT 1 FROM codings k WHERE k.segment_id = segments.id)
              AND NOT EXISTS (SELECT 1 FROM memos m WHERE m.target = 'segment' AND m.target_id = CAST(segments.id AS TEXT))
            """;
        await using var delete = new Statement(connection, transaction, sql);
        await delete.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, string>> ReadTextsAsync(
        SqliteConnection connection, SqliteTransaction snapshot, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        const string sql = "SELECT id, text FROM sources WHERE id IN (SELECT value FROM json_each($ids))";
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return texts;
        }

        await using var statement = new Statement(connection, snapshot, sql, "$ids");
        await using var reader = await statement.ReadAsync(cancellationToken, IdList(ids)).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            texts[reader.GetString(0)] = reader.GetString(1);
        }

        return texts;
    }
}
