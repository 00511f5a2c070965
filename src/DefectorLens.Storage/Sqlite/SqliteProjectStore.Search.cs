using DefectorLens.Core;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Full-text search over source titles and text.</summary>
internal sealed partial class SqliteProjectStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The query is read by <see cref="FullTextQuery"/>: words (all must occur), <c>"quoted phrases"</c>, <c>word*</c> for
    /// prefixes, and <c>AND</c>, <c>OR</c>, <c>NOT</c> between terms. Every word is quoted before it reaches FTS5, so
    /// punctuation such as <c>al-Raqqa</c> or <c>didn't</c> never breaks the query. A query that still cannot be read
    /// (an operator with nothing on one side) is a <see cref="UserErrorException"/> of kind
    /// <see cref="UserErrorKind.InvalidInput"/>, as is an empty one. Hits come best first; in the snippet the matched
    /// words are wrapped in <c>[</c> and <c>]</c> and cut text is marked <c>…</c>.
    /// </remarks>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var match = FullTextQuery.Translate(query);
        if (match.Length == 0)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.SearchQueryEmpty);
        }

        const string sql = """
            SELECT s.id, s.title, snippet(source_text, -1, '[', ']', '…', 24)
            FROM source_text
            JOIN sources s ON s.key = source_text.rowid
            WHERE source_text MATCH $query
            ORDER BY rank, s.id
            LIMIT $limit
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$query", "$limit");
        try
        {
            await using var reader = await statement.ReadAsync(cancellationToken, match, limit).ConfigureAwait(false);
            var hits = new List<SearchHit>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                hits.Add(new SearchHit(new Core.Model.SourceId(reader.GetString(0)), reader.GetString(1), reader.GetString(2)));
            }

            return hits;
        }
        catch (SqliteException exception) when (exception.IsFullTextQueryError())
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.SearchQueryInvalid(query.Trim()), exception);
        }
    }
}
