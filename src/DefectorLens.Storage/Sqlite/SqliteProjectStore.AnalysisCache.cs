using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DefectorLens.Storage.Sqlite;

/// <summary>The analysis cache (migration 10): the case rows and summary rows of <see cref="GetAnalysisFactsAsync"/>, each kept as one blob.</summary>
/// <remarks>
/// The first read after a change writes the cache in its own snapshot, so the copy is of exactly what that read saw; triggers
/// delete it with any later change to cases, case keys or summary rows. Only the reading is saved: the rows are decoded as
/// they would be from the tables. A cache that cannot be written (another writer busy, a read-only or full disk) is simply
/// not written, and the next read tries again.
/// </remarks>
internal sealed partial class SqliteProjectStore
{
    // Changes with the case query of ReadCaseRows and with the layout of the parts: a cache of another format counts as none.
    private const int CacheFormat = 1;

    private enum CachePart
    {
        CaseRows = 1,
        CaseStarts = 2,
        FactRows = 3,
        FactStarts = 4,
    }

    /// <summary>The cached case and summary rows, or null when the cache is empty or of another format.</summary>
    private static async Task<(FactRows Cases, FactRows Facts)?> ReadAnalysisCacheAsync(
        SqliteConnection connection, SqliteTransaction snapshot, CancellationToken cancellationToken)
    {
        // Row starts are stored as the machine's ints, little-endian on every platform dlens is published for; a big-endian
        // machine goes without the cache rather than misread it.
        if (!BitConverter.IsLittleEndian)
        {
            return null;
        }

        await using (var count = new Statement(connection, snapshot, "SELECT count(*) FROM analysis_cache WHERE format = $format", "$format"))
        {
            if (Convert.ToInt32(await count.ScalarAsync(cancellationToken, CacheFormat).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 4)
            {
                return null;
            }
        }

        var db = connection.Handle!;
        var cases = new FactRows(ReadPart<byte>(db, CachePart.CaseRows), ReadPart<int>(db, CachePart.CaseStarts));
        var facts = new FactRows(ReadPart<byte>(db, CachePart.FactRows), ReadPart<int>(db, CachePart.FactStarts));
        return Consistent(cases) && Consistent(facts) ? (cases, facts) : null;
    }

    /// <summary>Stores the rows just read as the cache, in the read's own transaction; a write that cannot happen at once is skipped.</summary>
    private async Task WriteAnalysisCacheAsync(
        SqliteConnection connection, SqliteTransaction snapshot, FactRows cases, FactRows facts, CancellationToken cancellationToken)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return;
        }

        try
        {
            // Through SQLite's own API, with no busy timeout: a read must not wait for an import to finish only to save the next
            // read some time (SqliteCommand would retry for as long as its command timeout).
            var db = connection.Handle!;
            raw.sqlite3_busy_timeout(db, 0);
            foreach (var (part, bytes) in Parts(cases, facts))
            {
                cancellationToken.ThrowIfCancellationRequested();
                InsertPart(db, part, bytes.Length);
                WritePart(db, part, bytes.Span);
            }

            await snapshot.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            Log.AnalysisCacheSkipped(_logger, exception.SqliteErrorCode);
        }
    }

    private static (CachePart Part, ReadOnlyMemory<byte> Bytes)[] Parts(FactRows cases, FactRows facts) =>
    [
        (CachePart.CaseRows, cases.Bytes),
        (CachePart.CaseStarts, MemoryMarshal.AsBytes(cases.Starts.AsSpan()).ToArray()),
        (CachePart.FactRows, facts.Bytes),
        (CachePart.FactStarts, MemoryMarshal.AsBytes(facts.Starts.AsSpan()).ToArray()),
    ];

    private static T[] ReadPart<T>(sqlite3 db, CachePart part)
        where T : unmanaged
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_blob_open(db, "main", "analysis_cache", "data", (long)part, 0, out var blob), db);
        using (blob)
        {
            var values = GC.AllocateUninitializedArray<T>(raw.sqlite3_blob_bytes(blob) / Marshal.SizeOf<T>());
            SqliteException.ThrowExceptionForRC(raw.sqlite3_blob_read(blob, MemoryMarshal.AsBytes(values.AsSpan()), 0), db);
            return values;
        }
    }

    private static void InsertPart(sqlite3 db, CachePart part, int length)
    {
        const string sql = "INSERT OR REPLACE INTO analysis_cache (part, format, data) VALUES (?1, ?2, zeroblob(?3))";
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            raw.sqlite3_bind_int(statement, 1, (int)part);
            raw.sqlite3_bind_int(statement, 2, CacheFormat);
            raw.sqlite3_bind_int(statement, 3, length);
            var result = raw.sqlite3_step(statement);
            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, db);
            }
        }
    }

    private static void WritePart(sqlite3 db, CachePart part, ReadOnlySpan<byte> bytes)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_blob_open(db, "main", "analysis_cache", "data", (long)part, 1, out var blob), db);
        using (blob)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_blob_write(blob, bytes, 0), db);
        }
    }

    /// <summary>True when every row lies inside the buffer, in order: a damaged cache is then read as none instead of decoded.</summary>
    private static bool Consistent(FactRows rows)
    {
        var starts = rows.Starts;
        if (starts.Length == 0 || starts[0] != 0 || starts[^1] != rows.Bytes.Length)
        {
            return false;
        }

        for (var i = 1; i < starts.Length; i++)
        {
            if (starts[i] < starts[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
