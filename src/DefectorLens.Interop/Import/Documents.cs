using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Import;

/// <summary>What the importers of whole documents (text, Markdown) share: ids from file names, titles, the original file.</summary>
internal static class Documents
{
    /// <summary>The longest title taken from a document's text.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Line ends as '\n' only, so that stored text and search snippets do not depend on the writer's system.</summary>
    public static string UnixLineEnds(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The text before the first line feed, or all of it.</summary>
    public static string FirstLine(string text) => text.IndexOf('\n', StringComparison.Ordinal) is var end and >= 0 ? text[..end] : text;

    /// <summary>The source id a document gets from its file name, or null with an error when none can be made.</summary>
    public static SourceId? IdFromFileName(string path, InputErrorList errors)
    {
        if (Identifiers.FromFileName(path) is { } id)
        {
            return new SourceId(id);
        }

        errors.Add(null, Messages.NoIdFromFileName(Path.GetFileName(path)));
        return null;
    }

    /// <summary>A line made into a title: trimmed and cut to <see cref="MaxTitleLength"/> characters.</summary>
    public static string Title(string line)
    {
        var title = line.Trim();
        if (title.Length <= MaxTitleLength)
        {
            return title;
        }

        // Cut between text elements so that no surrogate pair or combining mark is split.
        return title[..TextElementBoundary(title, MaxTitleLength)].TrimEnd();
    }

    /// <summary>Reports an id the project already holds.</summary>
    public static void CheckNew(SourceId id, ImportContext context, InputErrorList errors, int? line)
    {
        if (context.ExistingSources.Contains(id))
        {
            errors.Add(line, Messages.SourceAlreadyInProject(id.Value));
        }
    }

    /// <summary>The source with its original file, whose SHA-256 is also the source's content hash.</summary>
    /// <remarks>
    /// The text is normalised to NFC here, before anything counts offsets in it; the language is detected when the
    /// metadata does not give it; segments in a case's own words are found when the source names its cases.
    /// </remarks>
    public static ImportResult Accept(
        string path, byte[] bytes, SourceId id, SourceMetadata metadata, string text, IEnumerable<CaseId> cases, ImportContext context,
        ImmutableArray<int> pageStarts = default)
    {
        var record = Record(path, bytes, id, metadata, text, cases, context, pageStarts);
        return new ImportResult(new ImportBatch(path, [], [record]), []);
    }

    /// <summary>A source record with its original file, its text normalised and its own-words segments found.</summary>
    public static SourceRecord Record(
        string path, byte[] bytes, SourceId id, SourceMetadata metadata, string text, IEnumerable<CaseId> cases, ImportContext context,
        ImmutableArray<int> pageStarts = default)
    {
        var (source, segments) = Normalised(bytes, id, metadata, text, cases, context);
        var original = new OriginalFile(source.ContentHash, Path.GetFileName(path), bytes) { Packed = PackedOriginal.Pack(bytes) };
        return new SourceRecord(source, segments, original) { PageStarts = pageStarts.IsDefault ? [] : pageStarts };
    }

    /// <summary>A source record for text given inline, as in a manifest's <c>text</c> column: no original file, and the SHA-256 of the text's UTF-8 bytes as its content hash.</summary>
    public static SourceRecord Inline(SourceId id, SourceMetadata metadata, string text, IEnumerable<CaseId> cases, ImportContext context)
    {
        var (source, segments) = Normalised(Encoding.UTF8.GetBytes(text), id, metadata, text, cases, context);
        return new SourceRecord(source, segments, null);
    }

    private static (Source Source, ImmutableArray<SegmentDraft> Segments) Normalised(
        byte[] bytes, SourceId id, SourceMetadata metadata, string text, IEnumerable<CaseId> cases, ImportContext context)
    {
        var normalised = text.Normalize(NormalizationForm.FormC);
        var withLanguage = metadata.Language is null ? metadata with { Language = Languages.Detect(normalised) } : metadata;
        var source = Source.Create(id, withLanguage, normalised, Convert.ToHexStringLower(SHA256.HashData(bytes)), cases);
        return (source, OwnWords.Find(source.Text, source.Cases, context.Pseudonyms));
    }

    private static int TextElementBoundary(string text, int limit)
    {
        var boundary = 0;
        while (boundary < text.Length)
        {
            var next = boundary + StringInfo.GetNextTextElementLength(text, boundary);
            if (next > limit)
            {
                break;
            }

            boundary = next;
        }

        return boundary;
    }

    /// <summary>Reads a medium word from metadata; an unknown word is reported at its line and counts as <see cref="Medium.Other"/>.</summary>
    public static Medium MediumOf(string? text, InputErrorList errors, int line)
    {
        if (text is null)
        {
            return Medium.Other;
        }

        if (Vocabulary.TryParse(text, out Medium medium))
        {
            return medium;
        }

        errors.Add(line, Messages.WordUnknown("medium", text, Vocabulary.Media));
        return Medium.Other;
    }
}
