using System.Collections.Immutable;

namespace DefectorLens.Core.Model;

/// <summary>What is known about a source besides its text.</summary>
public sealed record SourceMetadata
{
    /// <summary>Title or headline.</summary>
    public required string Title { get; init; }

    /// <summary>The outlet that published it (newspaper, broadcaster, court, NGO).</summary>
    public string? Outlet { get; init; }

    /// <summary>Author or interviewer.</summary>
    public string? Author { get; init; }

    /// <summary>Where it was found.</summary>
    public string? Url { get; init; }

    /// <summary>When it was published.</summary>
    public PartialDate? Published { get; init; }

    /// <summary>ISO 639-1 language code of the text (<c>en</c>, <c>ar</c>, <c>fr</c>, <c>de</c>...).</summary>
    public string? Language { get; init; }

    /// <summary>What kind of document it is.</summary>
    public Medium Medium { get; init; }
}

/// <summary>A document about one or more cases, its text stored normalised.</summary>
public sealed record Source
{
    private Source(SourceId id, SourceMetadata metadata, string text, string contentHash, ImmutableArray<CaseId> cases) =>
        (Id, Metadata, Text, ContentHash, Cases) = (id, metadata, text, contentHash, cases);

    /// <summary>The project's identifier of the source.</summary>
    public SourceId Id { get; }

    /// <summary>Title, outlet, date and the rest.</summary>
    public SourceMetadata Metadata { get; init; }

    /// <summary>The normalised (NFC) text; segment offsets count UTF-16 code units into it.</summary>
    public string Text { get; }

    /// <summary>SHA-256 of the original file (or of the text when there is no file), lower-case hex.</summary>
    public string ContentHash { get; }

    /// <summary>The cases the source is about.</summary>
    public ImmutableArray<CaseId> Cases { get; init; }

    /// <summary>Makes a source; the text is normalised to NFC.</summary>
    public static Source Create(SourceId id, SourceMetadata metadata, string text, string contentHash, IEnumerable<CaseId> cases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id.Value, nameof(id));
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentHash);
        ArgumentNullException.ThrowIfNull(cases);
        return new Source(id, metadata, text.Normalize(System.Text.NormalizationForm.FormC), contentHash, [.. cases.Distinct()]);
    }
}

/// <summary>A source as listed, without its text.</summary>
/// <param name="Id">The source.</param>
/// <param name="Metadata">Its metadata.</param>
/// <param name="Length">Length of its text in characters.</param>
/// <param name="Cases">The cases it is about.</param>
/// <param name="Segments">How many segments it has.</param>
/// <param name="Codings">How many codings its segments carry.</param>
public sealed record SourceSummary(SourceId Id, SourceMetadata Metadata, int Length, ImmutableArray<CaseId> Cases, int Segments, int Codings)
{
    /// <summary>The source this one repeats (the same text, or a near-duplicate of it); null for an original.</summary>
    /// <remarks>A duplicate counts once in statistics through its original; its outlet still counts for corroboration.</remarks>
    public SourceId? DuplicateOf { get; init; }
}

/// <summary>An original file kept by content hash so that a source can be traced to what was imported.</summary>
/// <param name="ContentHash">SHA-256 of <paramref name="Bytes"/>, lower-case hex.</param>
/// <param name="FileName">The file's name when imported.</param>
/// <param name="Bytes">The file's bytes.</param>
public sealed record OriginalFile(string ContentHash, string FileName, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The bytes packed for keeping, when the importer packed them; a store packs the others itself.</summary>
    /// <remarks>Importers pack each file on the core that parsed it, so that a store's single writer never waits for it.</remarks>
    public PackedOriginal? Packed { get; init; }
}
