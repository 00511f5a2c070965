using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Exchange;

/// <summary>What a JSON Lines export wrote.</summary>
/// <param name="Cases">Case lines.</param>
/// <param name="Sources">Source lines.</param>
/// <param name="Segments">Coded spans.</param>
/// <param name="Codings">Codings.</param>
/// <param name="Memos">Memos, on memo lines and in segments.</param>
public sealed record JsonLinesExportSummary(int Cases, int Sources, int Segments, int Codings, int Memos);

/// <summary>Writes a project as one JSON Lines file of the interchange format (<c>docs/interchange-format.md</c>): case lines, source lines, then memo lines.</summary>
/// <remarks>
/// Another DefectorLens project imports the file as it is. Cases are named by their export id (keyed HMAC, see
/// <see cref="ExportScope.CaseRef"/>) and their pseudonym; identity fields are never read. What the <see cref="ExportScope"/> leaves
/// out is not written, every text is redacted and every segment moved with the redacted text, so that it still covers
/// the same words. A memo goes with what it is about: a segment's memos inside the segment, the others on memo lines
/// after the sources, and none about a left-out case, source or segment. Streams one source at a time.
/// </remarks>
public static class JsonLinesExporter
{
    // Arabic and other scripts stay readable in the file; it is never embedded in HTML.
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes what <paramref name="scope"/> lets out of the project to <paramref name="output"/>.</summary>
    public static async Task<JsonLinesExportSummary> WriteAsync(
        IProjectStore store, Stream output, ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(scope);
        var line = new ArrayBufferWriter<byte>(1 << 16);
        var (cases, sources, segments, codings, memoCount) = (0, 0, 0, 0, 0);
        var memos = await store.GetMemosAsync(cancellationToken).ConfigureAwait(false);
        var bySegment = memos.Where(memo => memo.Target == MemoTarget.Segment).ToLookup(memo => memo.TargetId);
        var sourcesWritten = new HashSet<string>(StringComparer.Ordinal);
        foreach (var @case in await store.GetCasesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (scope.Includes(@case.Id))
            {
                await WriteLineAsync(output, line, writer => WriteCase(writer, @case, scope), cancellationToken).ConfigureAwait(false);
                cases++;
            }
        }

        await foreach (var source in store.ReadSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!scope.IncludesSource(source.Cases))
            {
                continue;
            }

            var spans = (await store.GetSegmentsAsync(source.Id, cancellationToken).ConfigureAwait(false)).Where(scope.IncludesSegment).ToList();
            var coded = (await store.GetCodingsAsync(source.Id, cancellationToken).ConfigureAwait(false)).ToLookup(coding => coding.Segment);
            await WriteLineAsync(output, line, writer => WriteSource(writer, source, spans, coded, bySegment, scope), cancellationToken).ConfigureAwait(false);
            sourcesWritten.Add(source.Id.Value);
            sources++;
            segments += spans.Count;
            codings += spans.Sum(span => coded[span.Id].Count());
            memoCount += spans.Sum(span => bySegment[span.Id.ToString()].Count());
        }

        foreach (var memo in memos)
        {
            if (On(memo, scope, sourcesWritten) is { } on)
            {
                await WriteLineAsync(output, line, writer => WriteMemo(writer, memo, on, scope.Redactor), cancellationToken).ConfigureAwait(false);
                memoCount++;
            }
        }

        return new JsonLinesExportSummary(cases, sources, segments, codings, memoCount);
    }

    /// <summary>What a memo line says the memo is on; null for a segment's memo (written inside it) or a memo on what was left out.</summary>
    private static string? On(Memo memo, ExportScope scope, HashSet<string> sourcesWritten) => memo.Target switch
    {
        MemoTarget.Project => "project",
        MemoTarget.Code => "code:" + memo.TargetId,
        MemoTarget.Case when scope.Includes(new CaseId(memo.TargetId)) => "case:" + scope.CaseRef(new CaseId(memo.TargetId)),
        MemoTarget.Source when sourcesWritten.Contains(memo.TargetId) => "source:" + memo.TargetId,
        _ => null,
    };

    private static void WriteMemo(Utf8JsonWriter writer, Memo memo, string? on, Redactor redactor)
    {
        writer.WriteStartObject();
        writer.WriteString("memo", redactor.Redact(memo.Text));
        WriteOptional(writer, "on", on);
        writer.WriteString("author", memo.Author);
        writer.WriteString("written", memo.Written);
        writer.WriteEndObject();
    }

    private static async Task WriteLineAsync(Stream output, ArrayBufferWriter<byte> line, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        line.ResetWrittenCount();
        await using (var writer = new Utf8JsonWriter(line, LineOptions))
        {
            write(writer);
        }

        line.Write("\n"u8);
        await output.WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteCase(Utf8JsonWriter writer, Case @case, ExportScope scope)
    {
        var attributes = @case.Attributes;
        writer.WriteStartObject();
        writer.WriteString("case", scope.CaseRef(@case.Id));
        writer.WriteString("pseudonym", @case.Pseudonym);
        writer.WriteStartObject("attributes");
        WriteOptional(writer, "gender", attributes.Gender);
        if (attributes.AgeAtJoining is { } age)
        {
            writer.WriteNumber("age_at_joining", age);
        }

        WriteOptional(writer, "nationality", attributes.Nationality);
        WriteOptional(writer, "residence", attributes.CountryOfResidence);
        WriteOptional(writer, "group", attributes.Group);
        WriteOptional(writer, "role", attributes.Role);
        WriteOptional(writer, "joined", attributes.Joined?.ToString());
        WriteOptional(writer, "defected", attributes.Defected?.ToString());
        writer.WriteString("legal_status", Vocabulary.Name(attributes.LegalStatus));
        writer.WriteString("consent", Vocabulary.Name(attributes.Consent));
        foreach (var (key, value) in attributes.Extra)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSource(
        Utf8JsonWriter writer, Source source, IReadOnlyList<Segment> segments, ILookup<SegmentId, Coding> codings, ILookup<string, Memo> memos, ExportScope scope)
    {
        var metadata = source.Metadata;
        var redactor = scope.Redactor;
        var text = redactor.RedactMapped(source.Text);
        writer.WriteStartObject();
        writer.WriteString("source", source.Id.Value);
        writer.WriteString("title", redactor.Redact(metadata.Title));
        WriteOptional(writer, "outlet", metadata.Outlet is null ? null : redactor.Redact(metadata.Outlet));
        WriteOptional(writer, "author", metadata.Author is null ? null : redactor.Redact(metadata.Author));
        WriteOptional(writer, "url", metadata.Url is null ? null : redactor.Redact(metadata.Url));
        WriteOptional(writer, "published", metadata.Published?.ToString());
        WriteOptional(writer, "language", metadata.Language);
        writer.WriteString("medium", Vocabulary.Name(metadata.Medium));
        writer.WriteStartArray("cases");
        foreach (var @case in scope.Carried(source.Cases))
        {
            writer.WriteStringValue(scope.CaseRef(@case));
        }

        writer.WriteEndArray();
        writer.WriteString("text", text.Text);
        writer.WriteStartArray("segments");
        foreach (var segment in segments)
        {
            var (start, end) = text.Map(segment.Start, segment.End);
            writer.WriteStartObject();
            writer.WriteNumber("start", start);
            writer.WriteNumber("end", end);
            if (segment.Speaker is { } speaker)
            {
                writer.WriteString("speaker", scope.CaseRef(speaker));
            }

            writer.WriteStartArray("codings");
            foreach (var coding in codings[segment.Id])
            {
                WriteCoding(writer, coding, redactor);
            }

            writer.WriteEndArray();
            if (memos[segment.Id.ToString()].Any())
            {
                writer.WriteStartArray("memos");
                foreach (var memo in memos[segment.Id.ToString()])
                {
                    WriteMemo(writer, memo, on: null, redactor);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCoding(Utf8JsonWriter writer, Coding coding, Redactor redactor)
    {
        writer.WriteStartObject();
        writer.WriteString("code", coding.Code.Value);
        writer.WriteString("coder", coding.Coder.Name);
        writer.WriteString("coder_kind", Vocabulary.Name(coding.Coder.Kind));
        writer.WriteString("coder_version", coding.Coder.Version);
        if (coding.Confidence is { } confidence)
        {
            writer.WriteNumber("confidence", confidence);
        }

        // An explanation may quote the words that triggered a rule.
        WriteOptional(writer, "explanation", coding.Explanation is null ? null : redactor.Redact(coding.Explanation));
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
