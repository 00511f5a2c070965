namespace DefectorLens.Core.Model;

/// <summary>Who or what coded: a person, a rule set or a model, each with a version.</summary>
/// <param name="Name">The coder's name (<c>analyst-a</c>, <c>lexicon</c>).</param>
/// <param name="Kind">Person, rules or model.</param>
/// <param name="Version">The version of the rules or model; for a person, the round of coding.</param>
public sealed record Coder(string Name, CoderKind Kind, string Version)
{
    /// <summary>A person coder, version 1.</summary>
    public static Coder Person(string name) => new(name, CoderKind.Person, "1");

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Vocabulary.Name(Kind)} {Version})";
}

/// <summary>A code applied to a segment by a coder.</summary>
/// <param name="Segment">The coded segment.</param>
/// <param name="Code">The code applied.</param>
/// <param name="Coder">Who applied it.</param>
/// <param name="CodebookVersion">The codebook version the code was taken from.</param>
/// <param name="Confidence">For machine codings, how sure the coder was (0 to 1).</param>
/// <param name="Explanation">For machine codings, which rule or features fired.</param>
public sealed record Coding(SegmentId Segment, CodeId Code, Coder Coder, string CodebookVersion, double? Confidence, string? Explanation);

/// <summary>That a case has a code, through at least one coded segment attributed to it.</summary>
/// <param name="Case">The case.</param>
/// <param name="Code">The code.</param>
/// <param name="Coder">The coder name.</param>
public sealed record CaseCode(CaseId Case, CodeId Code, string Coder);

/// <summary>A segment in a case's own words, coded with a code, as a candidate quote.</summary>
/// <param name="Case">The speaker.</param>
/// <param name="Code">The code.</param>
/// <param name="Source">Where it was said.</param>
/// <param name="Text">The words.</param>
/// <param name="Confidence">The coder's confidence; null for a person's coding.</param>
public sealed record QuoteCandidate(CaseId Case, CodeId Code, SourceSummary Source, string Text, double? Confidence);
