using DefectorLens.Core;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a Markdown document as one source, its metadata taken from optional YAML front matter.</summary>
/// <remarks>
/// Front matter is the block between a first line <c>---</c> and the next <c>---</c> line. Without it the id comes from
/// the file name and the title from the first heading. The body is stored as written, Markdown and all.
/// </remarks>
internal static class MarkdownImporter
{
    private const string Fence = "---";

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "source", "title", "outlet", "author", "url", "published", "language", "medium", "cases",
    };

    /// <summary>Reads a Markdown file's bytes into a source.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new InputErrorList(path);
        var decoded = TextDecoding.Decode(bytes, errors);
        if (decoded is null)
        {
            return ImportResult.Failed(errors);
        }

        // Lines are found in place: a string per line, joined again for the body, cost three copies of the document.
        var text = Documents.UnixLineEnds(decoded);
        var front = new FrontMatter();
        var body = text;
        if (IsFence(text, 0))
        {
            var close = LineEnd(text, 0) + 1;
            while (close <= text.Length && !IsFence(text, close))
            {
                close = LineEnd(text, close) + 1;
            }

            if (close > text.Length)
            {
                errors.Add(1, Messages.FrontMatterNotClosed);
                return ImportResult.Failed(errors);
            }

            var yamlStart = LineEnd(text, 0) + 1;
            front = ReadFrontMatter(close > yamlStart ? text[yamlStart..(close - 1)] : "", context, errors);
            body = LineEnd(text, close) < text.Length ? text[(LineEnd(text, close) + 1)..] : "";
        }

        body = body.Trim();
        if (body.Length == 0)
        {
            errors.Add(null, Messages.NoText);
        }

        var id = front.Id ?? Documents.IdFromFileName(path, errors);
        if (front.Id is null && id is { } fromName)
        {
            Documents.CheckNew(fromName, context, errors, line: null);
        }

        if (errors.Any || id is null)
        {
            return ImportResult.Failed(errors);
        }

        var metadata = front.Metadata with
        {
            Title = front.Metadata.Title.Length > 0 ? front.Metadata.Title : FirstHeading(body) ?? Path.GetFileNameWithoutExtension(path),
        };
        return Documents.Accept(path, bytes, id.Value, metadata, body, front.Cases, context);
    }

    private static FrontMatter ReadFrontMatter(string yaml, ImportContext context, InputErrorList errors)
    {
        // The front matter starts on the file's second line, after the opening fence.
        var root = YamlTree.Load(yaml, firstLine: 2, errors, Messages.NotValidYaml);
        var front = new FrontMatter();
        if (root is null)
        {
            return front;
        }

        if (root is not YamlMap map)
        {
            errors.Add(root.Line, Messages.FrontMatterNotMapping);
            return front;
        }

        foreach (var entry in map.Entries)
        {
            front = Read(front, entry, context, errors);
        }

        return front;
    }

    private static FrontMatter Read(FrontMatter front, YamlEntry entry, ImportContext context, InputErrorList errors)
    {
        if (!Keys.Contains(entry.Key))
        {
            errors.Add(entry.Line, Messages.FrontMatterKeyUnknown(entry.Key));
            return front;
        }

        if (entry.Key == "cases")
        {
            return front with { Cases = ReadCases(entry, context, errors) };
        }

        if (entry.Value is not YamlText { Value: var raw })
        {
            errors.Add(entry.Line, Messages.KeyNotText(entry.Key));
            return front;
        }

        var text = raw?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        var metadata = front.Metadata;
        return entry.Key switch
        {
            "source" => front with { Id = ReadSourceId(text, context, errors, entry.Line) },
            "title" => front with { Metadata = metadata with { Title = text ?? "" } },
            "outlet" => front with { Metadata = metadata with { Outlet = text } },
            "author" => front with { Metadata = metadata with { Author = text } },
            "url" => front with { Metadata = metadata with { Url = text } },
            "published" => front with { Metadata = metadata with { Published = ReadDate(text, errors, entry.Line) } },
            "language" => front with { Metadata = metadata with { Language = ReadLanguage(text, errors, entry.Line) } },
            _ => front with { Metadata = metadata with { Medium = Documents.MediumOf(text, errors, entry.Line) } },
        };
    }

    private static SourceId? ReadSourceId(string? text, ImportContext context, InputErrorList errors, int line)
    {
        if (text is null)
        {
            return null;
        }

        if (!Identifiers.IsWellFormed(text))
        {
            errors.Add(line, Messages.IdMalformed("source", text));
            return null;
        }

        var id = new SourceId(text);
        Documents.CheckNew(id, context, errors, line);
        return id;
    }

    private static List<CaseId> ReadCases(YamlEntry entry, ImportContext context, InputErrorList errors)
    {
        // One case may be written as a plain value rather than a list of one.
        var items = entry.Value switch
        {
            YamlText { Value: null } => [],
            YamlText text => [text],
            YamlList list => list.Items,
            _ => [entry.Value],
        };
        var cases = new List<CaseId>();
        foreach (var item in items)
        {
            if (item is not YamlText { Value: { } value })
            {
                errors.Add(item.Line, Messages.KeyNotTextList(entry.Key));
                continue;
            }

            var id = value.Trim();
            if (!Identifiers.IsWellFormed(id))
            {
                errors.Add(item.Line, Messages.IdMalformed("case", id));
            }
            else if (!context.ExistingCases.Contains(new CaseId(id)))
            {
                errors.Add(item.Line, Messages.CaseNotInProjectYet(id));
            }
            else
            {
                cases.Add(new CaseId(id));
            }
        }

        return cases;
    }

    private static PartialDate? ReadDate(string? text, InputErrorList errors, int line)
    {
        var date = PartialDate.TryParse(text);
        if (text is not null && date is null)
        {
            errors.Add(line, Messages.DateMalformed(text));
        }

        return date;
    }

    private static string? ReadLanguage(string? text, InputErrorList errors, int line)
    {
        var code = text is null ? null : Languages.Normalise(text);
        if (text is not null && code is null)
        {
            errors.Add(line, Messages.LanguageMalformed(text));
        }

        return code;
    }

    /// <summary>The text of the first ATX heading (<c># Title</c>), if any.</summary>
    private static string? FirstHeading(string body)
    {
        for (var start = 0; start < body.Length; start = LineEnd(body, start) + 1)
        {
            var line = body.AsSpan(start, LineEnd(body, start) - start);
            var level = line.IndexOfAnyExcept('#') is var after and >= 0 ? after : line.Length;
            if (level is >= 1 and <= 6 && line.Length > level && line[level] is ' ' or '\t')
            {
                var title = line[level..].Trim().TrimEnd('#').Trim();
                if (title.Length > 0)
                {
                    return Documents.Title(title.ToString());
                }
            }
        }

        return null;
    }

    private static bool IsFence(string text, int lineStart) => text.AsSpan(lineStart, LineEnd(text, lineStart) - lineStart).TrimEnd().SequenceEqual(Fence);

    // Where the line starting at lineStart ends: its line feed, or the end of the text.
    private static int LineEnd(string text, int lineStart) => text.IndexOf('\n', lineStart) is var end and >= 0 ? end : text.Length;

    /// <summary>What the front matter said; empty when there is none.</summary>
    private sealed record FrontMatter
    {
        public SourceId? Id { get; init; }

        public SourceMetadata Metadata { get; init; } = new() { Title = "" };

        public IReadOnlyList<CaseId> Cases { get; init; } = [];
    }
}
