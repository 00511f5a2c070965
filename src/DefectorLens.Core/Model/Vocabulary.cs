namespace DefectorLens.Core.Model;

/// <summary>What became of a person after leaving, as far as the sources tell.</summary>
public enum LegalStatus
{
    /// <summary>Nothing is known.</summary>
    Unknown,
    /// <summary>Free, not detained or charged.</summary>
    AtLarge,
    /// <summary>Held by a state or another group.</summary>
    Detained,
    /// <summary>Charged or on trial.</summary>
    Prosecuted,
    /// <summary>Convicted.</summary>
    Convicted,
    /// <summary>Resettled, for example through an exit programme.</summary>
    Resettled,
    /// <summary>Dead.</summary>
    Deceased,
}

/// <summary>What the person agreed their testimony may be used for.</summary>
/// <remarks>Ordered from least to most permissive, so levels can be compared.</remarks>
public enum ConsentLevel
{
    /// <summary>No consent recorded: counted in statistics, never quoted.</summary>
    None,
    /// <summary>May be quoted inside the research team only.</summary>
    ResearchOnly,
    /// <summary>May be quoted publicly under a pseudonym.</summary>
    PublicAnonymous,
    /// <summary>May be quoted publicly with their name.</summary>
    PublicNamed,
}

/// <summary>The kind of document a source is.</summary>
public enum Medium
{
    /// <summary>Anything else.</summary>
    Other,
    /// <summary>A news or magazine article.</summary>
    News,
    /// <summary>An interview transcript.</summary>
    Interview,
    /// <summary>The transcript of a video.</summary>
    Video,
    /// <summary>The transcript of an audio recording.</summary>
    Audio,
    /// <summary>A court record or judgment.</summary>
    CourtRecord,
    /// <summary>A post on social media.</summary>
    SocialMedia,
    /// <summary>A report by an NGO, a government or a research centre.</summary>
    Report,
}

/// <summary>Who or what applied a coding.</summary>
public enum CoderKind
{
    /// <summary>A person.</summary>
    Person,
    /// <summary>A rule set such as the codebook lexicon.</summary>
    Rules,
    /// <summary>A trained model.</summary>
    Model,
}

/// <summary>The words each vocabulary value is written as in files, JSON and the command line.</summary>
public static class Vocabulary
{
    private static readonly Dictionary<LegalStatus, string> LegalStatusNames = new()
    {
        [LegalStatus.Unknown] = "unknown", [LegalStatus.AtLarge] = "at_large", [LegalStatus.Detained] = "detained",
        [LegalStatus.Prosecuted] = "prosecuted", [LegalStatus.Convicted] = "convicted",
        [LegalStatus.Resettled] = "resettled", [LegalStatus.Deceased] = "deceased",
    };

    private static readonly Dictionary<ConsentLevel, string> ConsentNames = new()
    {
        [ConsentLevel.None] = "none", [ConsentLevel.ResearchOnly] = "research_only",
        [ConsentLevel.PublicAnonymous] = "public_anonymous", [ConsentLevel.PublicNamed] = "public_named",
    };

    private static readonly Dictionary<Medium, string> MediumNames = new()
    {
        [Medium.Other] = "other", [Medium.News] = "news", [Medium.Interview] = "interview", [Medium.Video] = "video",
        [Medium.Audio] = "audio", [Medium.CourtRecord] = "court_record", [Medium.SocialMedia] = "social_media",
        [Medium.Report] = "report",
    };

    private static readonly Dictionary<CoderKind, string> CoderKindNames = new()
    {
        [CoderKind.Person] = "person", [CoderKind.Rules] = "rules", [CoderKind.Model] = "model",
    };

    /// <summary>The word for a legal status.</summary>
    public static string Name(LegalStatus value) => LegalStatusNames[value];

    /// <summary>The word for a consent level.</summary>
    public static string Name(ConsentLevel value) => ConsentNames[value];

    /// <summary>The word for a medium.</summary>
    public static string Name(Medium value) => MediumNames[value];

    /// <summary>The word for a coder kind.</summary>
    public static string Name(CoderKind value) => CoderKindNames[value];

    /// <summary>All words accepted for legal status, for error messages and help.</summary>
    public static IEnumerable<string> LegalStatuses => LegalStatusNames.Values;

    /// <summary>All words accepted for consent, for error messages and help.</summary>
    public static IEnumerable<string> ConsentLevels => ConsentNames.Values;

    /// <summary>All words accepted for medium, for error messages and help.</summary>
    public static IEnumerable<string> Media => MediumNames.Values;

    /// <summary>All words accepted for coder kinds.</summary>
    public static IEnumerable<string> CoderKinds => CoderKindNames.Values;

    /// <summary>Reads a legal status word.</summary>
    public static bool TryParse(string? text, out LegalStatus value) => TryFind(LegalStatusNames, text, out value);

    /// <summary>Reads a consent word.</summary>
    public static bool TryParse(string? text, out ConsentLevel value) => TryFind(ConsentNames, text, out value);

    /// <summary>Reads a medium word.</summary>
    public static bool TryParse(string? text, out Medium value) => TryFind(MediumNames, text, out value);

    /// <summary>Reads a coder kind word.</summary>
    public static bool TryParse(string? text, out CoderKind value) => TryFind(CoderKindNames, text, out value);

    private static bool TryFind<T>(Dictionary<T, string> names, string? text, out T value)
        where T : struct, Enum
    {
        // Trimmed once: a store reads these words for each of 100,000 cases.
        var word = text?.Trim();
        foreach (var (key, name) in names)
        {
            if (string.Equals(name, word, StringComparison.OrdinalIgnoreCase))
            {
                value = key;
                return true;
            }
        }

        value = default;
        return false;
    }
}
