namespace DefectorLens.Core.Model;

/// <summary>A span of a source's text, optionally in a case's own words.</summary>
public sealed record Segment
{
    private Segment(SegmentId id, SourceId source, int start, int end, CaseId? speaker) =>
        (Id, Source, Start, End, Speaker) = (id, source, start, end, speaker);

    /// <summary>The store's identifier.</summary>
    public SegmentId Id { get; }

    /// <summary>The source the span belongs to.</summary>
    public SourceId Source { get; }

    /// <summary>Offset of the first character, inclusive.</summary>
    public int Start { get; }

    /// <summary>Offset after the last character, exclusive.</summary>
    public int End { get; }

    /// <summary>The case whose own words these are; null for narration.</summary>
    public CaseId? Speaker { get; }

    /// <summary>Length in characters.</summary>
    public int Length => End - Start;

    /// <summary>Makes a segment; the span must be non-empty and within a text of <paramref name="textLength"/> characters.</summary>
    public static Segment Create(SegmentId id, SourceId source, int start, int end, CaseId? speaker, int textLength)
    {
        if (!IsValidSpan(start, end, textLength))
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"span [{start}, {end}) is not within a text of {textLength} characters");
        }

        return new Segment(id, source, start, end, speaker);
    }

    /// <summary>True when <c>[start, end)</c> is a non-empty span of a text of the given length.</summary>
    public static bool IsValidSpan(int start, int end, int textLength) => start >= 0 && end > start && end <= textLength;
}
