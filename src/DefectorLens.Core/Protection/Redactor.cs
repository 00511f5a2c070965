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
    private const string Letter = @"\p{L}\p{N}";

    // Between the words of a name: spaces, hyphens, and the commas and dots of a written-out address or title.
    private const string Separator = "[ ,.-]*";

    // A character not folded yet. Folding a character normalises it, which costs a call into ICU: the table fills as
    // characters are met instead of for all 65,536 at once, which took a command's redactor longer than all its names.
    private const char Unfolded = '\uFFFF';

    private static readonly char[] FoldTable = NewFoldTable();

    // Spellings that stand for the same sound in English, French and German transliterations of Arabic names, longest first
    // where one begins another.
    private static readonly (string Spelling, string Pattern)[] SpellingVariants =
    [
        ("sch", "(?:sh|ch|sch)"), ("sh", "(?:sh|ch|sch)"), ("ch", "(?:sh|ch|sch|kh)"), ("kh", "(?:kh|ch|h|k)"),
        ("dj", "(?:dj|j|g)"), ("ph", "(?:ph|f)"), ("ck", "(?:ck|k|q|c)"), ("ou", "(?:ou|u|o|oo|w)"), ("oo", "(?:ou|u|o|oo)"),
        ("ee", "(?:ee|i|e|ie|y)"), ("ie", "(?:ee|i|ie|y)"), ("ai", "(?:ai|ay|ei|ey)"), ("ay", "(?:ai|ay|ei|ey)"),
        ("ei", "(?:ai|ay|ei|ey)"), ("ey", "(?:ai|ay|ei|ey)"), ("aa", "(?:aa|a)"),
        ("a", "(?:a|e)"), ("e", "(?:e|a|i)"), ("i", "(?:i|e|ee|y)"), ("o", "(?:o|u|ou|oo)"), ("u", "(?:u|ou|o|oo)"),
        ("y", "(?:y|i|ee)"), ("q", "(?:q|k|c|ck)"), ("k", "(?:k|q|c|ck)"), ("c", "(?:c|k|q)"), ("j", "(?:j|dj|g)"),
        ("w", "(?:w|ou|v)"), ("v", "(?:v|w)"), ("f", "(?:f|ph)"),
    ];

    private static readonly char[] NameSeparators = [' ', '-', '\t', '\n', '.', ','];

    private static readonly string[] Articles = ["al", "el", "ul", "il", "ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an", "en", "ath", "adh"];

    private readonly Task<Names?> _names;

    private Redactor(Task<Names?> names) => _names = names;

    /// <summary>A redactor that applies the patterns only, for text about nobody known.</summary>
    public static Redactor PatternsOnly { get; } = new(Task.FromResult<Names?>(null));

    /// <summary>A redactor for the given people, on top of the patterns.</summary>
    /// <remarks>
    /// The names of a large project take a fifth of a second or more to become one regex, so it is built on another thread
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

    /// <summary>One regex over folded text for every name, or null when no name is left to match.</summary>
    private static Names? NamesOf(List<RedactionSubject> subjects)
    {
        // Names are grouped by what replaces them, not by subject: the 50,000 cases of a large project that withheld public
        // consent all become the name marker, and one group for them keeps the regex from holding 50,000 groups.
        // Each name's pattern, on every core: null for a blank or repeated name, or one with nothing left to match.
        var patterns = new string?[subjects.Count][];
        Parallel.For(0, subjects.Count, () => new StringBuilder(), (s, _, pattern) =>
        {
            var names = subjects[s].Names;
            patterns[s] = new string?[names.Count];
            for (var n = 0; n < names.Count; n++)
            {
                var name = names[n];
                var kept = !string.IsNullOrWhiteSpace(name) && FirstIndex(names, name) == n && AppendNamePattern(pattern.Clear(), name);
                patterns[s][n] = kept ? pattern.ToString() : null;
            }

            return pattern;
        }, _ => { });

        var alternatives = new List<(string Pattern, int Length, int Group)>();
        var replacements = new List<string>();
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < subjects.Count; s++)
        {
            for (var n = 0; n < patterns[s].Length; n++)
            {
                if (patterns[s][n] is not { } pattern)
                {
                    continue;
                }

                if (!groups.TryGetValue(subjects[s].Replacement, out var group))
                {
                    group = groups[subjects[s].Replacement] = replacements.Count;
                    replacements.Add(subjects[s].Replacement);
                }

                alternatives.Add((pattern, subjects[s].Names[n].Length, group));
            }
        }

        if (alternatives.Count == 0)
        {
            return null;
        }

        // Longest first, in the given order among names of one length: a full name wins over the surname inside it. Names in a
        // row with one replacement share one group, which keeps the order of the alternatives and so what matches.
        var order = new int[alternatives.Count];
        var keys = new long[alternatives.Count];
        for (var i = 0; i < order.Length; i++)
        {
            (order[i], keys[i]) = (i, ((long)(int.MaxValue - alternatives[i].Length) << 32) | (uint)i);
        }

        Array.Sort(keys, order);
        var body = new StringBuilder();
        var open = -1;
        foreach (var index in order)
        {
            var (alternative, _, group) = alternatives[index];
            if (group != open)
            {
                body.Append(open < 0 ? "" : ")|").Append("(?<s").Append(group.ToString(CultureInfo.InvariantCulture)).Append('>');
                open = group;
            }
            else
            {
                body.Append('|');
            }

            body.Append(alternative);
        }

        var regex = new Regex(
            $@"(?<=^|[^{Letter}]|(?:^|[^{Letter}])[ld])(?:{body}))(?![{Letter}])",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(5));
        return new Names(regex, [.. replacements]);
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

    private static void ReplaceNames(RedactedText text, Names names)
    {
        var current = text.Text;
        var offsets = new List<int>(current.Length);
        var folded = Fold(current, offsets);
        var edits = new List<(int Start, int End, string Replacement)>();
        for (var match = names.Regex.Match(folded); match.Success; match = match.NextMatch())
        {
            var start = offsets[match.Index];
            var end = match.Index + match.Length < folded.Length ? offsets[match.Index + match.Length] : current.Length;
            if (end > start)
            {
                var group = Enumerable.Range(0, names.Replacements.Length).First(i => match.Groups[$"s{i}"].Success);
                edits.Add((start, end, names.Replacements[group]));
            }
        }

        text.Apply(edits);
    }

    private static int Digits(string text) => text.Count(char.IsDigit);

    /// <summary>The regex of every name, with a group <c>s</c>N for each replacement N.</summary>
    private sealed record Names(Regex Regex, string[] Replacements);

    private static int FirstIndex(IReadOnlyList<string> names, string name)
    {
        var i = 0;
        while (!string.Equals(names[i], name, StringComparison.Ordinal))
        {
            i++;
        }

        return i;
    }

    /// <summary>Appends a regex over folded text matching a name and its spelling variants; false when nothing is left to match.</summary>
    private static bool AppendNamePattern(StringBuilder pattern, string name)
    {
        var matchesSomething = false;
        foreach (var token in Fold(name, null).Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Articles.Contains(token))
            {
                // An article is optional and spelled in any of its forms: al-, el-, al , el, ad-, as-...
                pattern.Append(@"(?:(?:a|e|u|i)(?:l|d|r|s|sh|t|z|n|th|dh)").Append(Separator).Append(")?");
                continue;
            }

            AppendTokenPattern(pattern, token);
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

    private static void AppendTokenPattern(StringBuilder pattern, string token)
    {
        if (!token.AsSpan().ContainsAnyExceptInRange('a', 'z'))
        {
            // A final h after a vowel or l is often dropped or added: Hamza/Hamzah, Abdullah/Abdulla.
            var finalH = token.Length > 2 && token[^1] == 'h' && "aeiouyl".Contains(token[^2], StringComparison.Ordinal);
            var stem = finalH ? token.TrimEnd('h') : token;
            var i = 0;
            while (i < stem.Length)
            {
                var (length, alternatives) = Variant(stem, i);
                if (alternatives is null)
                {
                    // Any other consonant, single or doubled (Mohamed/Mohammed, Hasan/Hassan).
                    pattern.Append(stem[i]).Append("{1,2}");
                }
                else
                {
                    pattern.Append(alternatives);
                }

                i += length;
            }

            if (finalH || "aeiouy".Contains(stem[^1], StringComparison.Ordinal))
            {
                pattern.Append("h{0,2}");
            }

            return;
        }

        // Arabic and other scripts: folding already merged letter variants; the article is written joined.
        var arabicArticle = token.StartsWith("\u0627\u0644", StringComparison.Ordinal) && token.Length > 3;
        pattern.Append(arabicArticle ? "(?:\u0627\u0644)?" + Regex.Escape(token[2..]) : Regex.Escape(token));
    }

    /// <summary>The spelling variants of the sound at <paramref name="at"/>, or a null pattern for a letter that has none.</summary>
    private static (int Length, string? Pattern) Variant(string token, int at)
    {
        var rest = token.AsSpan(at);
        foreach (var (spelling, pattern) in SpellingVariants)
        {
            if (rest.StartsWith(spelling, StringComparison.Ordinal))
            {
                return (spelling.Length, pattern);
            }
        }

        return (rest.Length > 1 && rest[1] == rest[0] ? 2 : 1, null);
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
