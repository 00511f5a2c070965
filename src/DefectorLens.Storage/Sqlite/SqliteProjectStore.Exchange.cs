using System.Collections.Immutable;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>What a whole project brought from another tool besides cases and sources: its codebook and its memos.</summary>
internal sealed partial class SqliteProjectStore
{
    private const string InsertMemo = """
        INSERT INTO memos (target, target_id, author, text, written) VALUES ($target, $targetId, $author, $text, $written)
        """;

    /// <summary>Stores the batch's codebook (making it current) and its memos, inside the import's transaction.</summary>
    private async Task InsertExchangeAsync(
        SqliteConnection connection, SqliteTransaction transaction, ImportBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Codebook is { } codebook)
        {
            EnsureValid(codebook);
            await StoreCodebookAsync(connection, transaction, codebook, cancellationToken).ConfigureAwait(false);
        }

        await InsertMemosAsync(connection, transaction, batch.Memos, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores memos; for a segment's memos, <paramref name="segment"/> is the id the segment was stored under.</summary>
    private static async Task InsertMemosAsync(
        SqliteConnection connection, SqliteTransaction transaction, ImmutableArray<Memo> memos, long? segment, CancellationToken cancellationToken)
    {
        if (memos.IsDefaultOrEmpty)
        {
            return;
        }

        await using var insert = new Statement(connection, transaction, InsertMemo, "$target", "$targetId", "$author", "$text", "$written");
        foreach (var memo in memos)
        {
            var targetId = segment is { } id ? new SegmentId(id).ToString() : memo.TargetId;
            var target = segment is null ? memo.Target : MemoTarget.Segment;
            await insert.ExecuteAsync(cancellationToken, Rows.MemoTargetWord(target), targetId, memo.Author, memo.Text, Rows.TimeText(memo.Written))
                .ConfigureAwait(false);
        }
    }
}
