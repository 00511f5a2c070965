using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Storage.Sqlite;

/// <summary>The reads the statistics need, each one pass over its table with the grouping done by SQLite.</summary>
internal sealed partial class SqliteProjectStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseSource>> GetCaseSourcesAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT sc.case_id, s.id, s.outlet, s.content_hash, s.published, s.published_precision
            FROM source_cases sc
            JOIN sources s ON s.id = sc.source_id
            ORDER BY sc.case_id, s.id
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<CaseSource>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new CaseSource(
                new CaseId(reader.GetString(0)), new SourceId(reader.GetString(1)), reader.NullableString(2), reader.GetString(3), reader.ReadDate(4, 5)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SourceCode>> GetSourceCodesAsync(CodingFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        const string sql = """
            SELECT DISTINCT g.source_id, g.speaker_case_id, k.code_id, c.name
            FROM codings k
            JOIN segments g ON g.id = k.segment_id
            JOIN coders c ON c.id = k.coder_id
            WHERE ($coder IS NULL OR c.name = $coder) AND ($ownWordsOnly = 0 OR g.speaker_case_id IS NOT NULL)
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$coder", "$ownWordsOnly");
        await using var reader = await statement.ReadAsync(cancellationToken, filter.Coder, filter.OwnWordsOnly ? 1 : 0).ConfigureAwait(false);
        var rows = new List<SourceCode>();
        var names = new TextPool();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var speaker = reader.NullableString(1);
            rows.Add(new SourceCode(
                new SourceId(reader.GetString(0)), speaker is null ? null : new CaseId(speaker), new CodeId(names.Get(reader.GetString(2))), names.Get(reader.GetString(3))));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SegmentCode>> GetSharedSegmentCodesAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            WITH shared AS (
                SELECT k.segment_id
                FROM codings k JOIN coders c ON c.id = k.coder_id
                GROUP BY k.segment_id
                HAVING count(DISTINCT c.name) >= 2
            )
            SELECT k.segment_id, k.code_id, c.name
            FROM shared s
            JOIN codings k ON k.segment_id = s.segment_id
            JOIN coders c ON c.id = k.coder_id
            ORDER BY k.segment_id
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<SegmentCode>();
        var names = new TextPool();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new SegmentCode(new SegmentId(reader.GetInt64(0)), new CodeId(names.Get(reader.GetString(1))), names.Get(reader.GetString(2))));
        }

        return rows;
    }
}
