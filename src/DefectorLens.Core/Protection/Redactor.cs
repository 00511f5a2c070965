using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Protection;

/// <summary>What one person is called, and what to write in their place.</summary>
/// <param name="Replacement">The text that replaces a match: a pseudonym or a marker such as <c>[name]</c>.</param>
/// <param name="Names">Names and aliases, matched with their spelling and transliteration variants.</param>
public sealed record RedactionSubject(string Replacement, IReadOnlyList<string> Names)
{
    /// <summary>The subjects an identity gives: its names shown as <paramref name="replacement"/>, its contact and location as markers.</summary>
    /// <remarks>The surname alone is a name too; given names alone are not, because they are common and often part of pseudonyms.</remarks>
    public static IReadOnlyList<RedactionSubject> From(CaseIdentity identity, string replacement)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrWhiteSpace(replacement);
        var names = new List<string>();
        if (identity.RealName is { } realName)
        {
            names.Add(realName);
            if (Redactor.Surname(realName) is { } surname)
            {
                names.Add(surname);
            }
        }

        names.AddRange(identity.Aliases.IsDefault ? [] : identity.Aliases);
        var subjects = new List<RedactionSubject> { new(replacement, names) };
        if (identity.Contact is { } contact)
        {
            subjects.Add(new RedactionSubject(Redactor.ContactMarker, [contact]));
        }

        if (identity.ExactLocation is { } location)
        {
            subjects.Add(new RedactionSubject(Redactor.LocationMarker, [location]));
        }

        return subjects;
    }
}

/// <summary>Removes what could identify a person from text before it leaves the project: names, contacts, accounts, places.</summary>
/// <remarks>
/// Two passes. Patterns first, on the text as written: e-mail addresses, URLs of personal accounts and handles, phone
/// numbers, GPS coordinates and street addresses (English, French, German and Arabic forms). Then the names of every
/// subject, matched on folded text (case, diacritics and Arabic letter variants ignored) with spelling variants
/// (Abu/Abou/Abū, al-/el-/al /el, Mohammed/Muhammad/Mohamed, doubled letters, q/k, ou/u, sh/ch, j/dj...), replaced by
/// the subject's replacement. Over-redaction is preferred to a leak: a variant pattern may also hide a similar word.
/// </remarks>
public sealed partial class Redactor
{
    /// <summary>Replaces an e-mail address.</summary>
    public const string EmailMarker = "[e-mail]";

    /// <summary>Replaces a phone number.</summary>
    public const string PhoneMarker = "[phone]";

    /// <summary>Replaces a personal account URL or handle.</summary>
    public const string AccountMarker = "[account]";

    /// <summary>Replaces coordinates, a street address or a known exact location.</summary>
    public const string LocationMarker = "[location]";

    /// <summary>Replaces a known contact.</summary>
    public const string ContactMarker = "[contact]";

    /// <summary>Replaces the name of a person who must not be named, even by pseudonym.</summary>
    public const string NameMarker = "[name]";

    private const char Dropped = '\0';

    // Between the words of a name: spaces, hyphens, and the commas and dots of a written-out address or title.
    private const string Separator = "[ ,.-]*";

    // A character not folded yet. Folding a character normalises it, which costs a call into ICU: the table fills as
    // characters are met instead of for all 65,536 at once, which took a command's redactor longer than all its names.
    private const char Unfolded = '\uFFFF';

    private static readonly char[] FoldTable = NewFoldTable();

    // Spellings that stand for the same sound in English, French and German transliterations of Arabic names, longest first
    // where one begins another.
    private static readonly SpellingVariant[] SpellingVariants =
    [
        new("sch", "sh", "ch", "sch"), new("sh", "sh", "ch", "sch"), new("ch", "sh", "ch", "sch", "kh"), new("kh", "kh", "ch", "h", "k"),
        new("dj", "dj", "j", "g"), new("ph", "ph", "f"), new("ck", "ck", "k", "q", "c"), new("ou", "ou", "u", "o", "oo", "w"),
        new("oo", "ou", "u", "o", "oo"), new("ee", "ee", "i", "e", "ie", "y"), new("ie", "ee", "i", "ie", "y"),
        new("ai", "ai", "ay", "ei", "ey"), new("ay", "ai", "ay", "ei", "ey"), new("ei", "ai", "ay", "ei", "ey"),
        new("ey", "ai", "ay", "ei", "ey"), new("aa", "aa", "a"),
        new("a", "a", "e"), new("e", "e", "a", "i"), new("i", "i", "e", "ee", "y"), new("o", "o", "u", "ou", "oo"),
        new("u", "u", "ou", "o", "oo"), new("y", "y", "i", "ee"), new("q", "q", "k", "c", "ck"), new("k", "k", "q", "c", "ck"),
        new("c", "c", "k", "q"), new("j", "j", "dj", "g"), new("w", "w", "ou", "v"), new("v", "v", "w"), new("f", "f", "ph"),
    ];

    private static readonly string? FinalHSkeleton = NamePieces.SkeletonOf(["", "h", "hh"]);

    private static readonly char[] NameSeparators = [' ', '-', '\t', '\n', '.', ','];

    private static readonly string[] Articles = ["al", "el", "ul", "il", "ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an", "en", "ath", "adh"];

    private readonly Task<NameIndex?> _names;

    private Redactor(Task<NameIndex?> names) => _names = names;

    /// <summary>A redactor that applies the patterns only, for text about nobody known.</summary>
    public static Redactor PatternsOnly { get; } = new(Task.FromResult<NameIndex?>(null));

    /// <summary>A redactor for the given people, on top of the patterns.</summary>
    /// <remarks>
    /// The names of a large project take a fifth of a second or more to index, so the index is built on another thread
    /// while the caller goes on (choosing the quotes to redact, say); the first redaction waits for it.
    /// </remarks>
    public static Redactor For(IEnumerable<RedactionSubject> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var given = subjects.ToList();
        return new Redactor(Task.Run(() => NamesOf(given)));
    }

    /// <summary>The text with every match replaced.</summary>
    public string Redact(string text) => RedactMapped(text).Text;

    /// <summary>The text with every match replaced, and where each span of the original text went.</summary>
    /// <remarks>Use it when offsets into the text (coded segments, selections) must follow the text through redaction.</remarks>
    public RedactedText RedactMapped(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rewrite = new RedactedText(text);
        ApplyPatterns(rewrite);
        if (_names.GetAwaiter().GetResult() is { } names)
        {
            ReplaceNames(rewrite, names);
        }

        return rewrite;
    }

    /// <summary>The index of every name, or null when no name is left to match.</summary>
    private static NameIndex? NamesOf(List<RedactionSubject> subjects)
    {
        // Names are grouped by what replaces them, not by subject: the 50,000 cases of a large project that withheld public
        // consent all become the name marker, and one group for them keeps a regex of many of them from holding many groups.
        // Each name's pattern and pieces, on every core: null for a blank or repeated name, or one with nothing left to match.
        var written = new (string Pattern, IReadOnlyList<string> Pieces)?[subjects.Count][];
        Parallel.For(0, subjects.Count, () => new StringBuilder(), (s, _, pattern) =>
        {
            var names = subjects[s].Names;
            written[s] = new (string, IReadOnlyList<string>)?[names.Count];
            for (var n = 0; n < names.Count; n++)
            {
                var name = names[n];
                var pieces = new NamePieces();
                var kept = !string.IsNullOrWhiteSpace(name) && FirstIndex(names, name) == n && AppendNamePattern(pattern.Clear(), pieces, name);
                written[s][n] = kept ? (pattern.ToString(), pieces.Pieces) : null;
            }

            return pattern;
        }, _ => { });

        var alternatives = new List<(string Pattern, IReadOnlyList<string> Pieces, int Length, int Group)>();
        var replacements = new List<string>();
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < subjects.Count; s++)
        {
            for (var n = 0; n < written[s].Length; n++)
            {
                if (written[s][n] is not var (pattern, pieces))
                {
                    continue;
                }

                if (!groups.TryGetValue(subjects[s].Replacement, out var group))
                {
                    group = groups[subjects[s].Replacement] = replacements.Count;
                    replacements.Add(subjects[s].Replacement);
                }

                alternatives.Add((pattern, pieces, subjects[s].Names[n].Length, group));
            }
        }

        if (alternatives.Count == 0)
        {
            return null;
        }

        // Longest first, in the given order among names of one length: a full name wins over the surname inside it.
        var order = new int[alternatives.Count];
        var keys = new long[alternatives.Count];
        for (var i = 0; i < order.Length; i++)
        {
            (order[i], keys[i]) = (i, ((long)(int.MaxValue - alternatives[i].Length) << 32) | (uint)i);
        }

        Array.Sort(keys, order);
        return new NameIndex([.. order.Select(i => (alternatives[i].Pattern, alternatives[i].Pieces, alternatives[i].Group))], [.. replacements]);
    }

    /// <summary>The last word of a full name when it is distinctive enough to be redacted alone.</summary>
    internal static string? Surname(string realName)
    {
        var words = realName.Split([' ', '-', '\u2010'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length >= 2 && words[^1].Length >= 4 && !Articles.Contains(Fold(words[^1], null)) ? words[^1] : null;
    }

    private static void ApplyPatterns(RedactedText text)
    {
        Replace(text, EmailPattern(), _ => EmailMarker);
        Replace(text, AccountUrlPattern(), _ => AccountMarker);
        Replace(text, HandlePattern(), _ => AccountMarker);
        Replace(text, DecimalCoordinatesPattern(), _ => LocationMarker);
        Replace(text, DegreeCoordinatesPattern(), _ => LocationMarker);
        Replace(text, EnglishAddressPattern(), _ => LocationMarker);
        Replace(text, FrenchAddressPattern(), _ => LocationMarker);
        Replace(text, GermanAddressPattern(), _ => LocationMarker);
        Replace(text, ArabicAddressPattern(), _ => LocationMarker);
        Replace(text, InternationalPhonePattern(), match => Digits(match.Value) is >= 8 and <= 15 ? PhoneMarker : null);
        Replace(text, LocalPhonePattern(), match => Digits(match.Value) is >= 9 and <= 12 ? PhoneMarker : null);
    }

    /// <summary>Replaces the pattern's matches for which <paramref name="replacement"/> gives a text; a null keeps the match.</summary>
    private static void Replace(RedactedText text, Regex pattern, Func<Match, string?> replacement)
    {
        var edits = new List<(int Start, int End, string Replacement)>();
        for (var match = pattern.Match(text.Text); match.Success; match = match.NextMatch())
        {
            if (match.Length > 0 && replacement(match) is { } replaced)
            {
                edits.Add((match.Index, match.Index + match.Length, replaced));
            }
        }

        text.Apply(edits);
    }

    private static void ReplaceNames(RedactedText text, NameIndex names)
    {
        var current = text.Text;
        var offsets = new List<int>(current.Length);
        var folded = Fold(current, offsets);
        var edits = new List<(int Start, int End, string Replacement)>();
        foreach (var (index, length, replacement) in names.Matches(folded))
        {
            var start = offsets[index];
            var end = index + length < folded.Length ? offsets[index + length] : current.Length;
            if (end > start)
            {
                edits.Add((start, end, replacement));
            }
        }

        text.Apply(edits);
    }

    private static int Digits(string text) => text.Count(char.IsDigit);

    private static int FirstIndex(IReadOnlyList<string> names, string name)
    {
        var i = 0;
        while (!string.Equals(names[i], name, StringComparison.Ordinal))
        {
            i++;
        }

        return i;
    }

    /// <summary>Appends a regex over folded text matching a name and its spelling variants, and gives <paramref name="pieces"/> what
    /// every match holds; false when nothing is left to match.</summary>
    private static bool AppendNamePattern(StringBuilder pattern, NamePieces pieces, string name)
    {
        var matchesSomething = false;
        foreach (var token in Fold(name, null).Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            // Between words a text may hold any separator or none, and an article is optional and spelled in any of its
            // forms (al-, el-, al , el, ad-, as-...): pieces end at both.
            pieces.Break();
            if (Articles.Contains(token))
            {
                pattern.Append(@"(?:(?:a|e|u|i)(?:l|d|r|s|sh|t|z|n|th|dh)").Append(Separator).Append(")?");
                continue;
            }

            AppendTokenPattern(pattern, pieces, token);
            pattern.Append(Separator);
            matchesSomething = true;
        }

        // No trailing separator inside the match: the name ends at its last letter.
        if (pattern.Length >= Separator.Length && pattern.ToString(pattern.Length - Separator.Length, Separator.Length) == Separator)
        {
            pattern.Length -= Separator.Length;
        }

        return matchesSomething;
    }

    private static void AppendTokenPattern(StringBuilder pattern, NamePieces pieces, string token)
    {
        if (!token.AsSpan().ContainsAnyExceptInRange('a', 'z'))
        {
            // A final h after a vowel or l is often dropped or added: Hamza/Hamzah, Abdullah/Abdulla.
            var finalH = token.Length > 2 && token[^1] == 'h' && "aeiouyl".Contains(token[^2], StringComparison.Ordinal);
            var stem = finalH ? token.TrimEnd('h') : token;
            var i = 0;
            while (i < stem.Length)
            {
                if (Variant(stem, i) is { } variant)
                {
                    pattern.Append(variant.Pattern);
                    pieces.Unit(variant.Skeleton);
                    i += variant.Spelling.Length;
                    continue;
                }

                // Any other consonant, single or doubled (Mohamed/Mohammed, Hasan/Hassan).
                pattern.Append(stem[i]).Append("{1,2}");
                pieces.Unit(NameIndex.Skeleton([stem[i]]));
                i += i + 1 < stem.Length && stem[i + 1] == stem[i] ? 2 : 1;
            }

            if (finalH || "aeiouy".Contains(stem[^1], StringComparison.Ordinal))
            {
                pattern.Append("h{0,2}");
                pieces.Unit(FinalHSkeleton);
            }

            return;
        }

        // Arabic and other scripts: folding already merged letter variants; the article is written joined.
        var arabicArticle = token.StartsWith("\u0627\u0644", StringComparison.Ordinal) && token.Length > 3;
        var word = arabicArticle ? token[2..] : token;
        if (arabicArticle)
        {
            pattern.Append("(?:\u0627\u0644)?");
            pieces.Break();
        }

        pattern.Append(Regex.Escape(word));
        pieces.Unit(NameIndex.Skeleton(word));
    }

    /// <summary>The spelling variants of the sound at <paramref name="at"/>, or null for a letter that has none.</summary>
    private static SpellingVariant? Variant(string token, int at)
    {
        var rest = token.AsSpan(at);
        foreach (var variant in SpellingVariants)
        {
            if (rest.StartsWith(variant.Spelling, StringComparison.Ordinal))
            {
                return variant;
            }
        }

        return null;
    }

    /// <summary>A sound as written in a name, and every spelling that matches it.</summary>
    private sealed record SpellingVariant(string Spelling, params string[] Spellings)
    {
        public string Pattern { get; } = "(?:" + string.Join('|', Spellings) + ")";

        /// <summary>The skeleton all the spellings share, or null when they differ.</summary>
        public string? Skeleton { get; } = NamePieces.SkeletonOf(Spellings);
    }

    /// <summary>Text folded for matching, one character per kept character; <paramref name="offsets"/>, when given, gets where each came from.</summary>
    private static string Fold(string text, List<int>? offsets)
    {
        var folded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = Folded(text[i]);
            if (c != Dropped)
            {
                folded.Append(c);
                offsets?.Add(i);
            }
        }

        return folded.ToString();
    }

    private static char[] NewFoldTable()
    {
        var table = new char[char.MaxValue + 1];
        table.AsSpan().Fill(Unfolded);
        return table;
    }

    /// <summary>What a character folds to, from the table once it has been folded once (writes of the same value may race harmlessly).</summary>
    private static char Folded(char c)
    {
        var folded = FoldTable[c];
        return folded != Unfolded ? folded : FoldTable[c] = FoldChar(c);
    }

    private static char FoldChar(char c)
    {
        switch (c)
        {
            case '\'' or '`' or '\u2018' or '\u2019' or '\u02BC' or '\u02BB' or '\u02BE' or '\u02BF' or '\u2032':
                return ' ';
            case '\u2010' or '\u2011' or '\u2012' or '\u2013':
                return '-';
            case '\u0640':
                return Dropped; // tatweel
            case '\u0623' or '\u0625' or '\u0622' or '\u0671':
                return '\u0627';
            case '\u0649' or '\u0626' or '\u06CC':
                return '\u064A';
            case '\u0629':
                return '\u0647';
            case '\u0624':
                return '\u0648';
            case '\u06A9':
                return '\u0643';
            case '\u0131':
                return 'i';
            case '\u00F8' or '\u00D8':
                return 'o';
            case '\u0142' or '\u0141':
                return 'l';
            case '\u0111' or '\u0110':
                return 'd';
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
        {
            // Nothing to normalise: unassigned code points cannot be normalised at all.
            return c;
        }

        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
        {
            return Dropped;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return char.ToLowerInvariant(decomposed[0]);
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(
        @"(?:https?://)?(?:www\.|m\.|mobile\.)?(?:facebook\.com|fb\.com|fb\.me|twitter\.com|x\.com|instagram\.com|t\.me|telegram\.me|tiktok\.com|youtube\.com|youtu\.be|vk\.com|linkedin\.com/in|snapchat\.com|threads\.net|ask\.fm|wa\.me|bsky\.app/profile)/[^\s<>""')\]]+",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AccountUrlPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_@./])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}[A-Za-z0-9_]", RegexOptions.CultureInvariant)]
    private static partial Regex HandlePattern();

    [GeneratedRegex(@"(?<![\d.])[-+]?\d{1,2}[.,]\d{3,}(?:\s*°)?(?:\s*[NSns](?!\p{L}))?\s*[,;/]?\s+[-+]?\d{1,3}[.,]\d{3,}(?:\s*°)?(?:\s*[EWOewo](?!\p{L}))?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalCoordinatesPattern();

    [GeneratedRegex(@"\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:[.,]\d+)?\s*(?:""|″|'')\s*)?[NSEWO](?:[\s,]+\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:[.,]\d+)?\s*(?:""|″|'')\s*)?[NSEWO])?", RegexOptions.CultureInvariant)]
    private static partial Regex DegreeCoordinatesPattern();

    [GeneratedRegex(@"\b\d{1,5}[A-Za-z]?,?\s+(?:\p{Lu}[\p{L}'’.-]*\s+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Close|Court|Crescent|Terrace|Place|Way|Gardens|Square)\b\.?", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishAddressPattern();

    [GeneratedRegex(@"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|place|allée|allee|impasse|quai|cours|route)\s+(?:(?:de|du|des|la|le)\s+|[ld]['’]\s*)*[\p{L}'’-]+(?-i:\s+\p{Lu}[\p{L}'’-]*){0,3}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FrenchAddressPattern();

    [GeneratedRegex(@"\b(?:\p{Lu}[\p{L}-]*\s)?(?:\p{Lu}[\p{L}-]*(?i:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer)|Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz)\s+\d{1,4}(?:\s?[a-z](?!\p{L}))?(?!\p{N})", RegexOptions.CultureInvariant)]
    private static partial Regex GermanAddressPattern();

    [GeneratedRegex(@"(?:شارع|بناية|عمارة|شقة)\s+[\p{L}\p{N}]+(?:[\s،,]+(?:رقم\s*)?[\d٠-٩]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex ArabicAddressPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:\+|00)\d[\d\s().\-/]{6,20}\d(?!\p{N})", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPhonePattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}+])0\d{1,4}(?:[\s.\-/]?\d{2,4}){2,5}(?!\p{N})", RegexOptions.CultureInvariant)]
    private static partial Regex LocalPhonePattern();
}
