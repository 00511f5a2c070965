using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DefectorLens.Core.Model;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Reading cases, sources, segments, codings and coders.</summary>
internal sealed partial class SqliteProjectStore
{
    private const string MetadataColumns = "s.title, s.outlet, s.author, s.url, s.published, s.published_precision, s.language, s.medium";

    private const string SummaryColumns = "SELECT s.id, " + MetadataColumns + """
        , s.length,
               (SELECT count(*) FROM segments g WHERE g.source_id = s.id),
               (SELECT count(*) FROM codings k JOIN segments g ON g.id = k.segment_id WHERE g.source_id = s.id)
        FROM sources s
        """;

    private const string AllSummaries = SummaryColumns + " ORDER BY s.id";

    private const string SomeSummaries = SummaryColumns + " WHERE s.id IN (SELECT value FROM json_each($ids)) ORDER BY s.id";

    private const string AllSourceCases = "SELECT source_id, case_id FROM source_cases ORDER BY source_id, position";

    private const string SomeSourceCases = """
        SELECT source_id, case_id FROM source_cases WHERE source_id IN (SELECT value FROM json_each($ids)) ORDER BY source_id, position
        """;

    /// <inheritdoc />
    public async Task<IReadOnlySet<CaseId>> FindCasesAsync(IEnumerable<CaseId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        const string sql = "SELECT id FROM cases WHERE id IN (SELECT value FROM json_each($ids))";
        var found = await FindIdsAsync(sql, ids.Select(id => id.Value), cancellationToken).ConfigureAwait(false);
        return found.Select(id => new CaseId(id)).ToHashSet();
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<SourceId>> FindSourcesAsync(IEnumerable<SourceId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        const string sql = "SELECT id FROM sources WHERE id IN (SELECT value FROM json_each($ids))";
        var found = await FindIdsAsync(sql, ids.Select(id => id.Value), cancellationToken).ConfigureAwait(false);
        return found.Select(id => new SourceId(id)).ToHashSet();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Case>> GetCasesAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, pseudonym, gender, age_at_joining, nationality, country_of_residence, group_name, role,
                   joined, joined_precision, defected, defected_precision, legal_status, consent, extra
            FROM cases ORDER BY id
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var cases = new List<Case>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            cases.Add(ReadCase(reader));
        }

        return cases;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        var summaries = await ReadSummariesAsync(connection, snapshot, null, cancellationToken).ConfigureAwait(false);
        return await WithDuplicatesAsync(connection, snapshot, summaries, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Source?> GetSourceAsync(SourceId id, CancellationToken cancellationToken)
    {
        const string sql = "SELECT s.id, " + MetadataColumns + ", s.text, s.content_hash FROM sources s WHERE s.id = $id";
        const string cases = "SELECT case_id FROM source_cases WHERE source_id = $id ORDER BY position";
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        var caseIds = new List<CaseId>();
        await using (var select = new Statement(connection, snapshot, cases, "$id"))
        await using (var reader = await select.ReadAsync(cancellationToken, id.Value).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                caseIds.Add(new CaseId(reader.GetString(0)));
            }
        }

        await using (var select = new Statement(connection, snapshot, sql, "$id"))
        await using (var reader = await select.ReadAsync(cancellationToken, id.Value).ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSource(reader, caseIds) : null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Texts are read row by row from one open query, so memory holds one text at a time, plus every source's case ids.</remarks>
    public async IAsyncEnumerable<Source> ReadSourcesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string sql = "SELECT s.id, " + MetadataColumns + ", s.text, s.content_hash FROM sources s ORDER BY s.id";
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        var cases = await ReadSourceCasesAsync(connection, snapshot, null, cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, snapshot, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadSource(reader, cases.GetValueOrDefault(reader.GetString(0), []));
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Segment>> GetSegmentsAsync(SourceId source, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT g.id, g.start_offset, g.end_offset, g.speaker_case_id, s.length
            FROM segments g JOIN sources s ON s.id = g.source_id
            WHERE g.source_id = $source
            ORDER BY g.start_offset, g.end_offset, g.id
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$source");
        await using var reader = await statement.ReadAsync(cancellationToken, source.Value).ConfigureAwait(false);
        var segments = new List<Segment>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            segments.Add(ReadSegment(reader, source));
        }

        return segments;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Coding>> GetCodingsAsync(SourceId source, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT k.segment_id, k.code_id, c.name, c.kind, c.version, k.codebook_version, k.confidence, k.explanation
            FROM codings k
            JOIN segments g ON g.id = k.segment_id
            JOIN coders c ON c.id = k.coder_id
            WHERE g.source_id = $source
            ORDER BY g.start_offset, g.end_offset, g.id, k.code_id, c.name, k.id
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$source");
        await using var reader = await statement.ReadAsync(cancellationToken, source.Value).ConfigureAwait(false);
        var codings = new List<Coding>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            codings.Add(ReadCoding(reader));
        }

        return codings;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Coder>> GetCodersAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT name, kind, version FROM coders c
            WHERE EXISTS (SELECT 1 FROM codings k WHERE k.coder_id = c.id)
            ORDER BY name, kind, version
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var coders = new List<Coder>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            coders.Add(new Coder(reader.GetString(0), reader.ReadCoderKind(1), reader.GetString(2)));
        }

        return coders;
    }

    /// <summary>Summaries of every source, or of the given ones only.</summary>
    private static async Task<List<SourceSummary>> ReadSummariesAsync(
        SqliteConnection connection, SqliteTransaction snapshot, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        var cases = await ReadSourceCasesAsync(connection, snapshot, ids, cancellationToken).ConfigureAwait(false);
        await using var statement = ids is null
            ? new Statement(connection, snapshot, AllSummaries)
            : new Statement(connection, snapshot, SomeSummaries, "$ids");
        await using var reader = ids is null
            ? await statement.ReadAsync(cancellationToken).ConfigureAwait(false)
            : await statement.ReadAsync(cancellationToken, IdList(ids)).ConfigureAwait(false);
        var summaries = new List<SourceSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            summaries.Add(ReadSummary(reader, cases));
        }

        return summaries;
    }

    /// <summary>The case ids of every source, or of the given ones only, in the order they were stored.</summary>
    private static async Task<Dictionary<string, ImmutableArray<CaseId>>> ReadSourceCasesAsync(
        SqliteConnection connection, SqliteTransaction snapshot, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        await using var statement = ids is null
            ? new Statement(connection, snapshot, AllSourceCases)
            : new Statement(connection, snapshot, SomeSourceCases, "$ids");
        await using var reader = ids is null
            ? await statement.ReadAsync(cancellationToken).ConfigureAwait(false)
            : await statement.ReadAsync(cancellationToken, IdList(ids)).ConfigureAwait(false);
        var cases = new Dictionary<string, List<CaseId>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var source = reader.GetString(0);
            if (!cases.TryGetValue(source, out var list))
            {
                cases[source] = list = [];
            }

            list.Add(new CaseId(reader.GetString(1)));
        }

        return cases.ToDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private async Task<List<string>> FindIdsAsync(string sql, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$ids");
        await using var reader = await statement.ReadAsync(cancellationToken, IdList(wanted)).ConfigureAwait(false);
        var found = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    // Ids travel as one JSON array parameter, unpacked by json_each: any number of ids, no SQL built from values.
    private static string IdList(IEnumerable<string> ids) => JsonSerializer.Serialize([.. ids], StoreJsonContext.Default.StringArray);

    // Columns: id, pseudonym, gender, age_at_joining, nationality, country_of_residence, group_name, role, joined, joined_precision,
    // defected, defected_precision, legal_status, consent, extra.
    private static Case ReadCase(SqliteDataReader reader) => CaseFrom(new ReaderColumns(reader));

    /// <summary>A case from its columns, in the order <see cref="ReadCase"/> reads them, however the row was fetched.</summary>
    private static Case CaseFrom<TColumns>(TColumns row)
        where TColumns : ICaseColumns => Case.Create(
        new CaseId(row.Text(0)!),
        row.Text(1)!,
        new CaseAttributes
        {
            Gender = row.Text(2),
            AgeAtJoining = row.Integer(3),
            Nationality = row.Text(4),
            CountryOfResidence = row.Text(5),
            Group = row.Text(6),
            Role = row.Text(7),
            Joined = Rows.ParseDate(row.Text(8), row.Text(9)),
            Defected = Rows.ParseDate(row.Text(10), row.Text(11)),
            LegalStatus = Rows.ParseLegalStatus(row.Text(12)!),
            Consent = Rows.ParseConsent(row.Text(13)!),
            Extra = StoreJson.DeserializeExtra(row.Text(14)),
        });

    // Columns: id, the eight metadata columns, text, content_hash.
    private static Source ReadSource(SqliteDataReader reader, IEnumerable<CaseId> cases) =>
        Source.Create(new SourceId(reader.GetString(0)), reader.ReadMetadata(1), reader.GetString(9), reader.GetString(10), cases);

    // Columns: id, the eight metadata columns, length, segment count, coding count.
    private static SourceSummary ReadSummary(SqliteDataReader reader, Dictionary<string, ImmutableArray<CaseId>> cases)
    {
        var id = reader.GetString(0);
        return new SourceSummary(
            new SourceId(id), reader.ReadMetadata(1), reader.GetInt32(9), cases.GetValueOrDefault(id, []), reader.GetInt32(10),
            reader.GetInt32(11));
    }

    private static Segment ReadSegment(SqliteDataReader reader, SourceId source)
    {
        var speaker = reader.NullableString(3);
        return Segment.Create(
            new SegmentId(reader.GetInt64(0)), source, reader.GetInt32(1), reader.GetInt32(2),
            speaker is null ? null : new CaseId(speaker), reader.GetInt32(4));
    }

    private static Coding ReadCoding(SqliteDataReader reader) => new(
        new SegmentId(reader.GetInt64(0)),
        new CodeId(reader.GetString(1)),
        new Coder(reader.GetString(2), reader.ReadCoderKind(3), reader.GetString(4)),
        reader.GetString(5),
        reader.NullableDouble(6),
        reader.NullableString(7));

    /// <summary>The columns of one case row: texts, and the one integer (age at joining).</summary>
    private interface ICaseColumns
    {
        string? Text(int ordinal);

        int? Integer(int ordinal);
    }

    private readonly struct ReaderColumns(SqliteDataReader reader) : ICaseColumns
    {
        public string? Text(int ordinal) => reader.NullableString(ordinal);

        public int? Integer(int ordinal) => reader.NullableInt(ordinal);
    }
}
