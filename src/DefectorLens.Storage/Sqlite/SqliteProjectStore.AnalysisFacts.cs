using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DefectorLens.Storage.Sqlite;

/// <summary>The analysis summary: one compact row per source, rebuilt for the sources each write touched, and read whole by the statistics.</summary>
/// <remarks>
/// A row's <c>facts</c> blob holds unsigned LEB128 numbers and texts (UTF-8 length plus one, then the bytes; 0 for none):
/// a format byte; the source's id and outlet; its date as precision (0 for none), year, month and day; its document number (the smallest
/// source key with the same content hash); its case count and case keys in position order; its coded segment count, and
/// per segment the segment id, the speaker's case key (0 for narration), its start and end, the coding count and per coding
/// the coder id, the code's number in <c>analysis_codes</c>, a flags number (1: a person's coding, 2: a confidence follows)
/// and the confidence as 8 little-endian bytes. Reading 300,000 such rows costs a fraction of joining 3 million codings.
/// </remarks>
internal sealed partial class SqliteProjectStore
{
    private const byte FactsFormat = 2;

    // Sources are rebuilt in ranges of keys, so that a backfill of a large project holds one range in memory at a time.
    private const int FactsRange = 20_000;

    // The columns of a case that ReadCase reads.
    private const int CaseColumnCount = 15;

    /// <inheritdoc />
    /// <remarks>
    /// The case rows and summary rows come from the analysis cache when it holds them, from the tables otherwise (and then
    /// fill the cache). The cases are parsed while the summary rows are decoded, both on every core. Decoding measures the
    /// rows before filling arrays of the exact size, so that 3 million codings cost no growing and copying of arrays.
    /// </remarks>
    public async Task<AnalysisFacts> GetAnalysisFactsAsync(bool withSegmentDetails, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Every page is read once: SQLite's default cache of 2 MB reuses its memory, where the 32 MB an import wants takes a
        // fresh page of memory for each page read, which made the read of the summary four times slower.
        await using (var pragma = new Statement(connection, null, "PRAGMA cache_size = -2000"))
        {
            await pragma.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var snapshot = BeginSnapshot(connection);
        var (coders, coderOrdinals) = await ReadFactCodersAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
        var (codes, codeOrdinals) = await ReadFactCodesAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
        using var cached = await ReadAnalysisCacheAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
        var caseRows = cached?.Cases ?? ReadCaseRows(connection, cancellationToken);
        var casesRead = Task.Run(() => CasesFrom(caseRows), cancellationToken);

        // Sources come in key order: sorting 300,000 ids would cost more than the readers that need an order spend on it.
        var rows = cached?.Facts ?? await ReadFactRowsAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
        var decoded = DecodedFacts.Decode(rows, coderOrdinals, codeOrdinals, withSegmentDetails);
        var (cases, caseKeys) = await casesRead.ConfigureAwait(false);
        if (cached is null)
        {
            await WriteAnalysisCacheAsync(connection, snapshot, caseRows, rows, cancellationToken).ConfigureAwait(false);
        }

        // Keys are dense small integers: arrays indexed by key look up faster than dictionaries over millions of references.
        var caseIndex = new int[caseKeys.Length == 0 ? 1 : caseKeys.Max() + 1];
        for (var i = 0; i < caseKeys.Length; i++)
        {
            caseIndex[caseKeys[i]] = i;
        }

        return decoded.Build(cases, caseIndex, coders, codes);
    }

    /// <summary>Every summary row, copied into one buffer.</summary>
    /// <remarks>
    /// The rows are stepped through SQLite's own API, which lends each blob without copying it into an array of its own
    /// (<see cref="SqliteDataReader"/> would make 300,000 arrays, one per row). The statement runs on the connection's
    /// handle, so it reads inside <paramref name="snapshot"/> as the other reads do.
    /// </remarks>
    private static async Task<FactRows> ReadFactRowsAsync(SqliteConnection connection, SqliteTransaction snapshot, CancellationToken cancellationToken)
    {
        // length() of a blob reads the row's header only, so measuring costs little beside the copy it saves.
        int count;
        long bytes;
        await using (var statement = new Statement(connection, snapshot, "SELECT count(*), coalesce(sum(length(facts)), 0) FROM source_facts"))
        await using (var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (count, bytes) = (reader.GetInt32(0), reader.GetInt64(1));
        }

        var buffer = GC.AllocateUninitializedArray<byte>(checked((int)bytes));
        var starts = new int[count + 1];
        var (row, end) = (0, 0);
        ForEachBlob(connection, "SELECT facts FROM source_facts", cancellationToken, blob =>
        {
            blob.CopyTo(buffer.AsSpan(end));
            end += blob.Length;
            starts[++row] = end;
        });
        return new FactRows(buffer, starts);
    }

    /// <summary>Steps a statement's rows through SQLite's own API, lending each row's first column to <paramref name="read"/> without copying it.</summary>
    /// <remarks>The statement runs on the connection's handle, so it reads inside the snapshot the connection's other reads share.</remarks>
    private static void ForEachBlob(SqliteConnection connection, string sql, CancellationToken cancellationToken, Action<ReadOnlySpan<byte>> read)
    {
        var db = connection.Handle;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            int result;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                cancellationToken.ThrowIfCancellationRequested();
                read(raw.sqlite3_column_blob(statement, 0));
            }

            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, db);
            }
        }
    }

    private static async Task<(ImmutableArray<CodeId> Codes, int[] Ordinals)> ReadFactCodesAsync(
        SqliteConnection connection, SqliteTransaction snapshot, CancellationToken cancellationToken)
    {
        var codes = ImmutableArray.CreateBuilder<CodeId>();
        var ords = new List<long>();
        await using (var statement = new Statement(connection, snapshot, "SELECT ord, code_id FROM analysis_codes ORDER BY ord"))
        await using (var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ords.Add(reader.GetInt64(0));
                codes.Add(new CodeId(reader.GetString(1)));
            }
        }

        var ordinals = new int[ords.Count == 0 ? 1 : ords.Max() + 1];
        for (var j = 0; j < ords.Count; j++)
        {
            ordinals[ords[j]] = j;
        }

        return (codes.DrainToImmutable(), ordinals);
    }

    /// <summary>Every case with its key, by id, as rows for <see cref="CasesFrom"/>: each row one JSON array of the case's columns and its key.</summary>
    /// <remarks>
    /// SQLite packs each case's columns into one JSON array, stepped through SQLite's own API as the summary rows are: one
    /// value per row instead of sixteen, each of which cost calls into SQLite through <see cref="SqliteDataReader"/>.
    /// </remarks>
    private static FactRows ReadCaseRows(SqliteConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT json_array(c.id, c.pseudonym, c.gender, c.age_at_joining, c.nationality, c.country_of_residence, c.group_name, c.role,
                   c.joined, c.joined_precision, c.defected, c.defected_precision, c.legal_status, c.consent, c.extra, k.key)
            FROM cases c JOIN case_keys k ON k.case_id = c.id
            ORDER BY c.id
            """;
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var starts = new List<int> { 0 };
        ForEachBlob(connection, sql, cancellationToken, row =>
        {
            buffer.Write(row);
            starts.Add(buffer.WrittenCount);
        });
        return new FactRows(buffer.WrittenMemory, [.. starts]);
    }

    /// <summary>The cases and their keys of rows read by <see cref="ReadCaseRows"/>.</summary>
    /// <remarks>
    /// Attribute values repeat across cases (a few genders and nationalities, a few thousand dates), so each distinct value
    /// is decoded and allocated once per core: 100,000 cases then hold thousands of strings instead of a million.
    /// </remarks>
    private static (Case[] Cases, long[] Keys) CasesFrom(FactRows rows)
    {
        // The id, the pseudonym and the extra attributes are each case's own; every other column repeats across cases.
        const int pseudonymColumn = 1;
        const int extraColumn = 14;
        var cases = new Case[rows.Count];
        var keys = new long[rows.Count];

        // Each core parses a range of rows with a pool of its own, so that no pool is shared between threads.
        var parts = Math.Clamp(Environment.ProcessorCount, 1, 8);
        Parallel.For(0, parts, p =>
        {
            var columns = new JsonCaseColumns(new string?[CaseColumnCount]);
            var attributes = new TextPool();
            var first = (int)((long)rows.Count * p / parts);
            var cursor = rows.Read(first, (int)((long)rows.Count * (p + 1) / parts));
            for (var r = first; cursor.Next(out var row); r++)
            {
                var json = new Utf8JsonReader(row);
                json.Read();
                for (var i = 0; i < CaseColumnCount; i++)
                {
                    json.Read();
                    columns.Values[i] = json.TokenType switch
                    {
                        JsonTokenType.Null => null,
                        _ when i <= pseudonymColumn || i == extraColumn || json.ValueIsEscaped => json.TokenType == JsonTokenType.Number
                            ? Encoding.UTF8.GetString(json.ValueSpan) : json.GetString(),
                        _ => attributes.Get(json.ValueSpan),
                    };
                }

                json.Read();
                keys[r] = json.GetInt64();
                cases[r] = CaseFrom(columns);
            }
        });

        return (cases, keys);
    }

    /// <summary>Rebuilds the summary rows of the sources the write marked stale, inside the write's transaction.</summary>
    /// <remarks>Does nothing on a file older than the summary (a migration in progress runs it once the tables exist).</remarks>
    private static async Task RefreshAnalysisFactsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        const string exists = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'source_facts_stale'";
        await using (var probe = new Statement(connection, transaction, exists))
        {
            if (await probe.ScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return;
            }
        }

        var stale = new List<long>();
        await using (var select = new Statement(connection, transaction, "SELECT source_key FROM source_facts_stale ORDER BY source_key"))
        await using (var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stale.Add(reader.GetInt64(0));
            }
        }

        if (stale.Count == 0)
        {
            return;
        }

        var codes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var select = new Statement(connection, transaction, "SELECT ord, code_id FROM analysis_codes"))
        await using (var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                codes[reader.GetString(1)] = reader.GetInt64(0);
            }
        }

        await using var insertCode = new Statement(connection, transaction, "INSERT INTO analysis_codes (ord, code_id) VALUES ($ord, $code)", "$ord", "$code");
        await using var upsert = new Statement(
            connection, transaction, "INSERT OR REPLACE INTO source_facts (source_key, facts) VALUES ($key, $facts)", "$key", "$facts");
        await using var delete = new Statement(connection, transaction, "DELETE FROM source_facts WHERE source_key = $key", "$key");
        for (var first = 0; first < stale.Count; first += FactsRange)
        {
            var (low, high) = (stale[first], stale[Math.Min(stale.Count, first + FactsRange) - 1]);
            var rows = await ReadStaleSourcesAsync(connection, transaction, low, high, codes, insertCode, cancellationToken).ConfigureAwait(false);
            for (var i = first; i < Math.Min(stale.Count, first + FactsRange); i++)
            {
                if (rows.TryGetValue(stale[i], out var row))
                {
                    await upsert.ExecuteAsync(cancellationToken, stale[i], row.Encode()).ConfigureAwait(false);
                }
                else
                {
                    await delete.ExecuteAsync(cancellationToken, stale[i]).ConfigureAwait(false);
                }
            }
        }

        // Before the bulk version, triggers on source_facts empty the analysis cache; from it, this one statement does.
        var clear = await SqliteSchema.GetUserVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) >= SqliteSchema.FactsInBulkVersion
            ? "DELETE FROM source_facts_stale; DELETE FROM analysis_cache"
            : "DELETE FROM source_facts_stale";
        await using var statement = new Statement(connection, transaction, clear);
        await statement.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    // Three ordered passes over the stale sources of one key range: the sources themselves, their cases, their codings.
    private static async Task<Dictionary<long, SourceFactsRow>> ReadStaleSourcesAsync(
        SqliteConnection connection, SqliteTransaction transaction, long low, long high, Dictionary<string, long> codes, Statement insertCode,
        CancellationToken cancellationToken)
    {
        const string sourcesSql = """
            SELECT s.key, (SELECT min(o.key) FROM sources o WHERE o.content_hash = s.content_hash), s.id, s.outlet, s.published, s.published_precision
            FROM source_facts_stale d JOIN sources s ON s.key = d.source_key
            WHERE d.source_key BETWEEN $low AND $high
            """;
        const string casesSql = """
            SELECT s.key, k.key
            FROM source_facts_stale d
            JOIN sources s ON s.key = d.source_key
            JOIN source_cases sc ON sc.source_id = s.id
            JOIN case_keys k ON k.case_id = sc.case_id
            WHERE d.source_key BETWEEN $low AND $high
            ORDER BY s.key, sc.position
            """;
        const string codingsSql = """
            SELECT s.key, g.id, coalesce(sk.key, 0), k.coder_id, k.code_id, g.start_offset, g.end_offset, c.kind = 'person', k.confidence
            FROM source_facts_stale d
            JOIN sources s ON s.key = d.source_key
            JOIN segments g ON g.source_id = s.id
            JOIN codings k ON k.segment_id = g.id
            JOIN coders c ON c.id = k.coder_id
            LEFT JOIN case_keys sk ON sk.case_id = g.speaker_case_id
            WHERE d.source_key BETWEEN $low AND $high
            ORDER BY s.key, g.id, k.id
            """;
        var rows = new Dictionary<long, SourceFactsRow>();
        await using (var select = new Statement(connection, transaction, sourcesSql, "$low", "$high"))
        await using (var reader = await select.ReadAsync(cancellationToken, low, high).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetInt64(0)] = new SourceFactsRow(reader.GetInt64(1), reader.GetString(2), reader.NullableString(3), reader.ReadDate(4, 5));
            }
        }

        await using (var select = new Statement(connection, transaction, casesSql, "$low", "$high"))
        await using (var reader = await select.ReadAsync(cancellationToken, low, high).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetInt64(0)].Cases.Add(reader.GetInt64(1));
            }
        }

        await using (var select = new Statement(connection, transaction, codingsSql, "$low", "$high"))
        await using (var reader = await select.ReadAsync(cancellationToken, low, high).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var code = reader.GetString(4);
                if (!codes.TryGetValue(code, out var ord))
                {
                    ord = codes.Count;
                    codes[code] = ord;
                    await insertCode.ExecuteAsync(cancellationToken, ord, code).ConfigureAwait(false);
                }

                rows[reader.GetInt64(0)].AddCoding(
                    new FactSegment(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(5), reader.GetInt32(6)),
                    new FactCoding(reader.GetInt64(3), ord, reader.GetBoolean(7), reader.NullableDouble(8)));
            }
        }

        return rows;
    }

    private static async Task<(ImmutableArray<string> Names, int[] Ordinals)> ReadFactCodersAsync(
        SqliteConnection connection, SqliteTransaction snapshot, CancellationToken cancellationToken)
    {
        var ids = new List<(long Id, string Name)>();
        await using (var statement = new Statement(connection, snapshot, "SELECT id, name FROM coders"))
        await using (var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        // Coders are compared by name: two versions of one rule coder are one coder to the statistics.
        var names = ids.Select(c => c.Name).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var ordinals = new int[ids.Count == 0 ? 1 : ids.Max(c => c.Id) + 1];
        foreach (var (id, name) in ids)
        {
            ordinals[id] = names.IndexOf(name, StringComparer.Ordinal);
        }

        return (names, ordinals);
    }

    /// <summary>A coded segment as the summary keeps it: its id, its speaker's case key (0 for narration) and its span.</summary>
    private readonly record struct FactSegment(long Id, long Speaker, int Start, int End);

    /// <summary>A coding as the summary keeps it: coder id, code number, whether a person made it, and its confidence.</summary>
    private readonly record struct FactCoding(long Coder, long Code, bool ByPerson, double? Confidence);

    /// <summary>One source's summary row while it is rebuilt.</summary>
    private sealed class SourceFactsRow(long document, string id, string? outlet, PartialDate? published)
    {
        private readonly List<(FactSegment Segment, List<FactCoding> Codings)> _segments = [];

        public List<long> Cases { get; } = [];

        public void AddCoding(FactSegment segment, FactCoding coding)
        {
            if (_segments.Count == 0 || _segments[^1].Segment.Id != segment.Id)
            {
                _segments.Add((segment, []));
            }

            _segments[^1].Codings.Add(coding);
        }

        public byte[] Encode()
        {
            var writer = new ArrayBufferWriter<byte>(16 + (_segments.Count * 12));
            writer.Write([FactsFormat]);
            WriteText(writer, id);
            WriteText(writer, outlet);
            Write(writer, published is { } date ? (int)date.Precision + 1 : 0);
            Write(writer, published?.Year ?? 0);
            Write(writer, published?.Month ?? 0);
            Write(writer, published?.Date.Day ?? 0);
            Write(writer, document);
            Write(writer, Cases.Count);
            foreach (var key in Cases)
            {
                Write(writer, key);
            }

            Write(writer, _segments.Count);
            foreach (var (segment, codings) in _segments)
            {
                Write(writer, segment.Id);
                Write(writer, segment.Speaker);
                Write(writer, segment.Start);
                Write(writer, segment.End);
                Write(writer, codings.Count);
                foreach (var coding in codings)
                {
                    Write(writer, coding.Coder);
                    Write(writer, coding.Code);
                    Write(writer, (coding.ByPerson ? 1 : 0) | (coding.Confidence is null ? 0 : 2));
                    if (coding.Confidence is { } confidence)
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), confidence);
                        writer.Advance(8);
                    }
                }
            }

            return writer.WrittenSpan.ToArray();
        }

        // A text is its UTF-8 length plus one, then its bytes; 0 stands for null.
        private static void WriteText(ArrayBufferWriter<byte> writer, string? text)
        {
            if (text is null)
            {
                Write(writer, 0);
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            Write(writer, bytes.Length + 1);
            writer.Write(bytes);
        }

        private static void Write(ArrayBufferWriter<byte> writer, long value)
        {
            var span = writer.GetSpan(10);
            var length = 0;
            var rest = (ulong)value;
            while (rest >= 0x80)
            {
                span[length++] = (byte)(rest | 0x80);
                rest >>= 7;
            }

            span[length++] = (byte)rest;
            writer.Advance(length);
        }
    }

    /// <summary>Decoded rows as the flat arrays of <see cref="AnalysisFacts"/>, with cases still named by their keys.</summary>
    private sealed class DecodedFacts
    {
        private readonly SourceId[] _ids;
        private readonly string?[] _outlets;
        private readonly PartialDate?[] _published;
        private readonly long[] _documents;
        private readonly int[] _caseStart;
        private readonly int[] _cases;
        private readonly int[] _segmentStart;
        private readonly long[] _segmentIds;
        private readonly int[] _speakers;
        private readonly int[] _starts;
        private readonly int[] _ends;
        private readonly int[] _codingStart;
        private readonly int[] _coders;
        private readonly int[] _codes;
        private readonly bool[] _people;
        private readonly double?[] _confidences;
        private readonly bool _withSegmentDetails;

        private DecodedFacts(int sources, int links, int segments, int codings, bool withSegmentDetails)
        {
            _withSegmentDetails = withSegmentDetails;
            var (detailSegments, detailCodings) = withSegmentDetails ? (segments, codings) : (0, 0);
            // Decode writes every element, so the arrays of values need no zeroing first.
            (_ids, _outlets, _published, _documents) = (new SourceId[sources], new string?[sources], new PartialDate?[sources], Uninitialized<long>(sources));
            (_caseStart, _cases, _segmentStart) = (Uninitialized<int>(sources + 1), Uninitialized<int>(links), Uninitialized<int>(sources + 1));
            (_segmentIds, _speakers, _starts, _ends, _codingStart) = (Uninitialized<long>(detailSegments), Uninitialized<int>(segments), Uninitialized<int>(detailSegments), Uninitialized<int>(detailSegments), Uninitialized<int>(segments + 1));
            (_coders, _codes, _people, _confidences) = (Uninitialized<int>(codings), Uninitialized<int>(codings), Uninitialized<bool>(detailCodings), Uninitialized<double?>(detailCodings));
        }

        /// <summary>Decodes every row; case keys stay keys until <see cref="Build"/>, so that the cases need not be read first.</summary>
        /// <remarks>
        /// The rows are split into one part per core, decoded side by side: each part is measured, then filled from where the
        /// parts before it end, so that the arrays come out exactly as one pass in row order would fill them.
        /// </remarks>
        public static DecodedFacts Decode(FactRows rows, int[] coderOrdinals, int[] codeOrdinals, bool withSegmentDetails)
        {
            var parts = Math.Clamp(Environment.ProcessorCount, 1, 8);
            var firstRows = Enumerable.Range(0, parts + 1).Select(p => (int)((long)rows.Count * p / parts)).ToArray();
            var sizes = new (int Links, int Segments, int Codings)[parts + 1];
            Parallel.For(0, parts, p =>
            {
                var (links, segments, codings) = (0, 0, 0);
                var cursor = rows.Read(firstRows[p], firstRows[p + 1]);
                while (cursor.Next(out var row))
                {
                    var (rowLinks, rowSegments, rowCodings) = Measure(row);
                    (links, segments, codings) = (links + rowLinks, segments + rowSegments, codings + rowCodings);
                }

                sizes[p + 1] = (links, segments, codings);
            });
            for (var p = 1; p <= parts; p++)
            {
                sizes[p] = (sizes[p - 1].Links + sizes[p].Links, sizes[p - 1].Segments + sizes[p].Segments, sizes[p - 1].Codings + sizes[p].Codings);
            }

            var (totalLinks, totalSegments, totalCodings) = sizes[parts];
            var facts = new DecodedFacts(rows.Count, totalLinks, totalSegments, totalCodings, withSegmentDetails);
            Parallel.For(0, parts, p => facts.Fill(rows, firstRows[p], firstRows[p + 1], sizes[p], coderOrdinals, codeOrdinals));
            (facts._caseStart[rows.Count], facts._segmentStart[rows.Count], facts._codingStart[totalSegments]) = (totalLinks, totalSegments, totalCodings);
            return facts;
        }

        // Decodes rows first..end-1, whose links, segments and codings start at the given places.
        private void Fill(FactRows rows, int first, int end, (int Links, int Segments, int Codings) start, int[] coderOrdinals, int[] codeOrdinals)
        {
            var (link, segment, coding) = start;
            var outletNames = new TextPool();
            var cursor = rows.Read(first, end);
            for (var s = first; cursor.Next(out var row); s++)
            {
                var reader = new FactsReader(row);
                _ids[s] = new SourceId(reader.Text()!);
                _outlets[s] = reader.Text(outletNames);
                var precision = reader.Number();
                var (year, month, day) = ((int)reader.Number(), (int)reader.Number(), (int)reader.Number());
                _published[s] = precision switch
                {
                    0 => null,
                    1 + (int)DatePrecision.Year => PartialDate.Of(year),
                    1 + (int)DatePrecision.Month => PartialDate.Of(year, month),
                    _ => PartialDate.Of(year, month, day),
                };
                _documents[s] = reader.Number();
                _caseStart[s] = link;
                for (var i = reader.Number(); i > 0; i--)
                {
                    _cases[link++] = (int)reader.Number();
                }

                _segmentStart[s] = segment;
                for (var g = reader.Number(); g > 0; g--)
                {
                    if (!_withSegmentDetails)
                    {
                        reader.Skip(1);
                        _speakers[segment] = (int)reader.Number();
                        reader.Skip(2);
                    }
                    else
                    {
                        _segmentIds[segment] = reader.Number();
                        _speakers[segment] = (int)reader.Number();
                        _starts[segment] = (int)reader.Number();
                        _ends[segment] = (int)reader.Number();
                    }

                    _codingStart[segment++] = coding;
                    for (var k = reader.Number(); k > 0; k--)
                    {
                        _coders[coding] = coderOrdinals[reader.Number()];
                        _codes[coding] = codeOrdinals[reader.Number()];
                        var flags = reader.Number();
                        var confidence = (flags & 2) != 0 ? reader.Confidence() : (double?)null;
                        if (_withSegmentDetails)
                        {
                            (_people[coding], _confidences[coding]) = ((flags & 1) != 0, confidence);
                        }

                        coding++;
                    }
                }
            }
        }

        /// <summary>The facts, with case keys turned into places among <paramref name="cases"/> (narration stays -1).</summary>
        public AnalysisFacts Build(IReadOnlyList<Case> cases, int[] caseIndex, ImmutableArray<string> coders, ImmutableArray<CodeId> codes)
        {
            for (var i = 0; i < _cases.Length; i++)
            {
                _cases[i] = caseIndex[_cases[i]];
            }

            for (var g = 0; g < _speakers.Length; g++)
            {
                _speakers[g] = _speakers[g] == 0 ? -1 : caseIndex[_speakers[g]];
            }

            // The arrays were filled here and are handed over whole: no one else holds them, so wrapping them keeps them immutable.
            return new AnalysisFacts(
                cases, coders, codes, Wrap(_ids), Wrap(_outlets), Wrap(_published), Wrap(_documents), Wrap(_caseStart), Wrap(_cases),
                Wrap(_segmentStart), Wrap(_segmentIds), Wrap(_speakers), Wrap(_codingStart), Wrap(_coders), Wrap(_codes))
            {
                SegmentStarts = Wrap(_starts),
                SegmentEnds = Wrap(_ends),
                CodingPeople = Wrap(_people),
                CodingConfidences = Wrap(_confidences),
            };
        }

        private static T[] Uninitialized<T>(int length) => GC.AllocateUninitializedArray<T>(length);

        private static ImmutableArray<T> Wrap<T>(T[] array) => ImmutableCollectionsMarshal.AsImmutableArray(array);

        // Walks a row as Decode does, counting its case links, segments and codings.
        private static (int Links, int Segments, int Codings) Measure(ReadOnlySpan<byte> row)
        {
            var reader = new FactsReader(row);
            reader.SkipText();
            reader.SkipText();
            reader.Skip(5);
            var links = (int)reader.Number();
            reader.Skip(links);
            var segments = (int)reader.Number();
            var codings = 0;
            for (var g = 0; g < segments; g++)
            {
                reader.Skip(4);
                var count = (int)reader.Number();
                codings += count;
                for (var k = 0; k < count; k++)
                {
                    reader.Skip(2);
                    if ((reader.Number() & 2) != 0)
                    {
                        _ = reader.Confidence();
                    }
                }
            }

            return (links, segments, codings);
        }
    }

    /// <summary>A case row's columns as texts (a number as its digits), as <see cref="CasesFrom"/> unpacks them.</summary>
    private readonly record struct JsonCaseColumns(string?[] Values) : ICaseColumns
    {
        public string? Text(int ordinal) => Values[ordinal];

        public int? Integer(int ordinal) => Values[ordinal] is { } digits ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Rows in one run of bytes, row <c>i</c> being bytes <c>Starts[i]..Starts[i + 1]</c>, held in memory or read from a cache blob.</summary>
    private sealed class FactRows
    {
        private readonly ReadOnlyMemory<byte> _bytes;
        private readonly CacheBlob? _blob;

        public FactRows(ReadOnlyMemory<byte> bytes, int[] starts) => (_bytes, Starts) = (bytes, starts);

        public FactRows(CacheBlob blob, int[] starts) => (_blob, Starts) = (blob, starts);

        public int[] Starts { get; }

        public int Count => Starts.Length - 1;

        /// <summary>The bytes of rows held in memory (rows read from the cache are never written back to it).</summary>
        public ReadOnlyMemory<byte> Bytes => _blob is null ? _bytes : throw new InvalidOperationException("rows read from the cache are not in memory");

        /// <summary>The length of all rows' bytes.</summary>
        public int Length => _blob?.Length ?? _bytes.Length;

        /// <summary>Rows <paramref name="first"/>..<paramref name="end"/>-1, in order.</summary>
        public RowCursor Read(int first, int end) => new(this, first, end);

        /// <summary>Walks rows in order; a row lent by <see cref="Next"/> stays valid until the next call.</summary>
        /// <remarks>
        /// Rows from the cache are read a chunk at a time into one small buffer: a project's 45 MB of rows would otherwise be
        /// copied whole into fresh memory, whose every page costs a fault when first written.
        /// </remarks>
        public sealed class RowCursor(FactRows rows, int first, int end)
        {
            private const int ChunkSize = 256 * 1024;

            private byte[] _buffer = [];
            private int _bufferStart;
            private int _bufferLength;
            private int _row = first;

            public bool Next(out ReadOnlySpan<byte> row)
            {
                if (_row >= end)
                {
                    row = default;
                    return false;
                }

                var (start, length) = (rows.Starts[_row], rows.Starts[_row + 1] - rows.Starts[_row]);
                _row++;
                if (rows._blob is not { } blob)
                {
                    row = rows._bytes.Span.Slice(start, length);
                    return true;
                }

                if (start < _bufferStart || start + length > _bufferStart + _bufferLength)
                {
                    // From this row on, as much of the cursor's rows as a chunk holds, and at least the whole row.
                    _bufferLength = Math.Max(length, Math.Min(ChunkSize, rows.Starts[end] - start));
                    if (_buffer.Length < _bufferLength)
                    {
                        _buffer = GC.AllocateUninitializedArray<byte>(_bufferLength);
                    }

                    _bufferStart = start;
                    blob.Read(_buffer.AsSpan(0, _bufferLength), start);
                }

                row = _buffer.AsSpan(start - _bufferStart, length);
                return true;
            }
        }
    }

    /// <summary>Reads the numbers and texts of one summary row in order.</summary>
    private ref struct FactsReader
    {
        private readonly ReadOnlySpan<byte> _row;
        private int _position;

        public FactsReader(ReadOnlySpan<byte> row)
        {
            if (row.Length == 0 || row[0] != FactsFormat)
            {
                throw new InvalidDataException("the project file holds an analysis summary row of an unknown format");
            }

            _row = row;
            _position = 1;
        }

        public long Number()
        {
            ulong value = 0;
            var shift = 0;
            byte current;
            do
            {
                current = _row[_position++];
                value |= (ulong)(current & 0x7F) << shift;
                shift += 7;
            }
            while (current >= 0x80);
            return (long)value;
        }

        public void Skip(int numbers)
        {
            for (var i = 0; i < numbers; i++)
            {
                while (_row[_position++] >= 0x80)
                {
                }
            }
        }

        public string? Text()
        {
            var length = (int)Number() - 1;
            if (length < 0)
            {
                return null;
            }

            var text = Encoding.UTF8.GetString(_row.Slice(_position, length));
            _position += length;
            return text;
        }

        /// <summary>A text as <see cref="Text()"/> reads it, taken from <paramref name="pool"/> when the pool already holds it.</summary>
        public string? Text(TextPool pool)
        {
            var length = (int)Number() - 1;
            if (length < 0)
            {
                return null;
            }

            var text = pool.Get(_row.Slice(_position, length));
            _position += length;
            return text;
        }

        public void SkipText()
        {
            var length = Math.Max(0, (int)Number() - 1);
            _position += length;
        }

        public double Confidence()
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(_row.Slice(_position, 8));
            _position += 8;
            return value;
        }
    }
}
