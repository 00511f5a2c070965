using System.Collections.Immutable;
using CsvHelper;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a CSV or TSV manifest: one source per row, its metadata in columns, its text inline or in a file beside the manifest.</summary>
/// <remarks>
/// Columns: <c>source</c>, <c>title</c>, <c>text</c> or <c>file</c>, <c>outlet</c>, <c>author</c>, <c>url</c>,
/// <c>published</c>, <c>language</c>, <c>medium</c>, <c>cases</c> (case ids separated by <c>;</c>). A <c>file</c> is a
/// path relative to the manifest's folder and may not leave it; it is read by the importer of its type and the row's
/// values override what the document says of itself (see <see cref="ManifestFiles"/>; a manifest inside an archive names
/// entries of the same archive). Like every file, a manifest is stored whole or not at all.
/// </remarks>
internal static class ManifestImporter
{
    private static readonly string[] Columns = ["source", "title", "text", "file", "outlet", "author", "url", "published", "language", "medium", "cases"];

    /// <summary>Reads a manifest's bytes into sources.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        var errors = new InputErrorList(path);
        var text = TextDecoding.Decode(bytes, errors);
        if (text is null)
        {
            return ImportResult.Failed(errors);
        }

        var separator = Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        // Values stay out of exception messages: a manifest's cells may hold testimony or names.
        var options = new CsvReaderOptions
        {
            Separator = separator, TrackLineNumbers = true, IncludeValuesInExceptions = false, MalformedData = CsvMalformedDataHandling.Throw,
        };
        var sources = new List<SourceRecord>();
        var lines = new Dictionary<SourceId, int>();
        using var csv = CsvReader.FromText(text, options);
        try
        {
            var header = csv.Headers.Select(column => column.Trim()).ToArray();
            if (header.Length == 0 || header.All(column => column.Length == 0))
            {
                errors.Add(1, Messages.ManifestNoHeader);
                return ImportResult.Failed(errors);
            }

            foreach (var column in header.Where(column => !Columns.Contains(column, StringComparer.Ordinal)))
            {
                errors.Add(1, Messages.ManifestColumnUnknown(column, Columns));
            }

            while (csv.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = new Row(csv, header, errors);
                if (ReadRow(path, row, context, errors) is { } record)
                {
                    if (lines.TryGetValue(record.Source.Id, out var first))
                    {
                        errors.Add(row.Line, Messages.ManifestSourceRepeated(record.Source.Id.Value, first));
                    }
                    else if (!errors.Any)
                    {
                        lines.Add(record.Source.Id, row.Line);
                        sources.Add(record);
                    }
                }
            }
        }
        catch (CsvFormatException invalid)
        {
            errors.Add(invalid.LineNumber > 0 ? (int)invalid.LineNumber : null, Messages.NotValidCsv(CsvReason(invalid)));
        }

        return errors.Any ? ImportResult.Failed(errors) : new ImportResult(new ImportBatch(path, [], [.. sources]), []);
    }

    private static SourceRecord? ReadRow(string manifest, Row row, ImportContext context, InputErrorList errors)
    {
        var line = row.Line;
        var (inline, file) = (row["text"], row["file"]);
        if (inline is null == file is null)
        {
            errors.Add(line, inline is null ? Messages.ManifestNoTextOrFile : Messages.ManifestTextAndFile);
            return null;
        }

        var id = row["source"] is { } idText ? SourceIdOf(idText, errors, line) : null;
        var cases = CasesOf(row["cases"], context, errors, line);
        var metadata = new SourceMetadata
        {
            Title = row["title"] ?? "",
            Outlet = row["outlet"],
            Author = row["author"],
            Url = row["url"],
            Published = Parse(row["published"], PartialDate.TryParse, Messages.DateMalformed, errors, line),
            Language = Parse(row["language"], Languages.Normalise, Messages.LanguageMalformed, errors, line),
            Medium = Documents.MediumOf(row["medium"], errors, line),
        };
        if (id is { } given && context.ExistingSources.Contains(given))
        {
            errors.Add(line, Messages.SourceAlreadyInProject(given.Value));
        }

        if (inline is not null)
        {
            if (id is null)
            {
                errors.Add(line, Messages.FieldAbsent("column", "source"));
                return null;
            }

            var body = Documents.UnixLineEnds(inline).Trim();
            var titled = metadata.Title.Length > 0 ? metadata : metadata with { Title = Documents.Title(body.Split('\n')[0]) };
            return errors.Any ? null : Documents.Inline(id.Value, titled, body, cases, context);
        }

        return FromFile(manifest, file!, id, metadata, cases, context, errors, line);
    }

    private static SourceRecord? FromFile(
        string manifest, string file, SourceId? id, SourceMetadata metadata, IReadOnlyList<CaseId> cases, ImportContext context,
        InputErrorList errors, int line)
    {
        if (ManifestFiles.Read(manifest, file, context, reason => errors.Add(line, reason)) is not { } document)
        {
            return null;
        }

        var sourceId = id ?? document.Read.Source.Id;
        if (id is null && context.ExistingSources.Contains(sourceId))
        {
            errors.Add(line, Messages.SourceAlreadyInProject(sourceId.Value));
        }

        return errors.Any
            ? null
            : Documents.Record(document.Name, document.Bytes, sourceId, document.Merge(metadata), document.Read.Source.Text, cases, context, document.Read.PageStarts);
    }

    private static SourceId? SourceIdOf(string text, InputErrorList errors, int line)
    {
        if (Identifiers.IsWellFormed(text))
        {
            return new SourceId(text);
        }

        errors.Add(line, Messages.IdMalformed("source", text));
        return null;
    }

    private static ImmutableArray<CaseId> CasesOf(string? text, ImportContext context, InputErrorList errors, int line)
    {
        var cases = ImmutableArray.CreateBuilder<CaseId>();
        foreach (var item in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Identifiers.IsWellFormed(item))
            {
                errors.Add(line, Messages.IdMalformed("case", item));
            }
            else if (!context.ExistingCases.Contains(new CaseId(item)))
            {
                errors.Add(line, Messages.CaseNotInProjectYet(item));
            }
            else if (!cases.Contains(new CaseId(item)))
            {
                cases.Add(new CaseId(item));
            }
        }

        return cases.ToImmutable();
    }

    private static T? Parse<T>(string? text, Func<string, T?> parse, Func<string, string> message, InputErrorList errors, int line)
        where T : class
    {
        if (text is null)
        {
            return null;
        }

        var value = parse(text);
        if (value is null)
        {
            errors.Add(line, message(text));
        }

        return value;
    }

    private static PartialDate? Parse(string? text, Func<string?, PartialDate?> parse, Func<string, string> message, InputErrorList errors, int line)
    {
        var value = parse(text);
        if (text is not null && value is null)
        {
            errors.Add(line, message(text));
        }

        return value;
    }

    // "Malformed CSV in record 3 (line 4): text after the closing quote of a quoted field (byte offset 19)." → the reason alone.
    private static string CsvReason(CsvFormatException invalid)
    {
        var message = invalid.Message;
        var colon = message.IndexOf("): ", StringComparison.Ordinal);
        var reason = colon >= 0 ? message[(colon + 3)..] : message;
        var offset = reason.IndexOf(" (byte offset", StringComparison.Ordinal);
        return (offset >= 0 ? reason[..offset] : reason).TrimEnd('.');
    }

    /// <summary>One row's cells by column name, trimmed, blank as null, with the file line it starts on.</summary>
    private sealed class Row
    {
        private readonly Dictionary<string, string> _cells = new(StringComparer.Ordinal);

        public Row(CsvReader csv, string[] header, InputErrorList errors)
        {
            Line = (int)csv.LineNumber;
            for (var i = 0; i < Math.Min(header.Length, csv.FieldCount); i++)
            {
                if (csv.GetStringOrNull(i)?.Trim() is { Length: > 0 } value)
                {
                    _cells[header[i]] = value;
                }
            }

            if (csv.FieldCount > header.Length)
            {
                errors.Add(Line, Messages.ManifestTooManyCells(csv.FieldCount, header.Length));
            }
        }

        public int Line { get; }

        public string? this[string column] => _cells.GetValueOrDefault(column);
    }
}
