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

    /// <summary>The cached case and summary rows, read from their blobs as they are walked; null when the cache is empty or of another format.</summary>
    private static async Task<CachedRows?> ReadAnalysisCacheAsync(
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
        var cached = new CachedRows(db, ReadStarts(db, CachePart.CaseStarts), ReadStarts(db, CachePart.FactStarts));
        if (Consistent(cached.Cases) && Consistent(cached.Facts))
        {
            return cached;
        }

        cached.Dispose();
        return null;
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

    private static int[] ReadStarts(sqlite3 db, CachePart part)
    {
        using var blob = CacheBlob.Open(db, part, new Lock());
        var starts = GC.AllocateUninitializedArray<int>(blob.Length / sizeof(int));
        blob.Read(MemoryMarshal.AsBytes(starts.AsSpan()), 0);
        return starts;
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

    /// <summary>True when every row lies inside the bytes, in order: a damaged cache is then read as none instead of decoded.</summary>
    private static bool Consistent(FactRows rows)
    {
        var starts = rows.Starts;
        if (starts.Length == 0 || starts[0] != 0 || starts[^1] != rows.Length)
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

    /// <summary>The cached case and summary rows, whose blobs stay open until the rows have been read.</summary>
    private sealed class CachedRows : IDisposable
    {
        private readonly CacheBlob _caseRows;
        private readonly CacheBlob _factRows;

        public CachedRows(sqlite3 db, int[] caseStarts, int[] factStarts)
        {
            var reads = new Lock();
            _caseRows = CacheBlob.Open(db, CachePart.CaseRows, reads);
            try
            {
                _factRows = CacheBlob.Open(db, CachePart.FactRows, reads);
            }
            catch
            {
                _caseRows.Dispose();
                throw;
            }

            (Cases, Facts) = (new FactRows(_caseRows, caseStarts), new FactRows(_factRows, factStarts));
        }

        public FactRows Cases { get; }

        public FactRows Facts { get; }

        public void Dispose()
        {
            _caseRows.Dispose();
            _factRows.Dispose();
        }
    }

    /// <summary>One part of the cache, open for reading.</summary>
    /// <remarks>
    /// The cores decoding rows side by side read the blobs of one connection, which must not be used by two threads at once:
    /// every blob of a cache shares one lock, held only while bytes are copied.
    /// </remarks>
    private sealed class CacheBlob : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_blob _blob;
        private readonly Lock _reads;

        private CacheBlob(sqlite3 db, sqlite3_blob blob, Lock reads) => (_db, _blob, _reads, Length) = (db, blob, reads, raw.sqlite3_blob_bytes(blob));

        public int Length { get; }

        public static CacheBlob Open(sqlite3 db, CachePart part, Lock reads)
        {
            sqlite3_blob? blob = null;
            try
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_blob_open(db, "main", "analysis_cache", "data", (long)part, 0, out blob), db);
                var opened = new CacheBlob(db, blob, reads);
                blob = null;
                return opened;
            }
            finally
            {
                blob?.Dispose();
            }
        }

        public void Read(Span<byte> into, int offset)
        {
            lock (_reads)
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_blob_read(_blob, into, offset), _db);
            }
        }

        public void Dispose() => _blob.Dispose();
    }
}
