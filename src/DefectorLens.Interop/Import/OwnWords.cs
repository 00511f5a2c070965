using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Interop.Import;

/// <summary>Finds the spans of a source that are a case's own words: transcript turns and attributed quotes.</summary>
/// <remarks>
/// A transcript is a text with at least two turn lines (<c>Q: ...</c>, <c>A: ...</c>, <c>Abu Tariq: ...</c>). A turn is
/// the case's when its label is the case's pseudonym, or an answer label (<c>A</c>, <c>Answer</c>, <c>R</c>) in a source
/// about one case only. In other text, a direct quotation (<c>"..."</c>, <c>“...”</c>, <c>« ... »</c>, <c>„...“</c>)
/// is the case's when the words around it hold a verb of saying and name the case's pseudonym, or, in a source about
/// one case only, a pronoun (<c>he said</c>, <c>a-t-il dit</c>, <c>sagte er</c>). Anything less certain stays narration.
/// </remarks>
public static partial class OwnWords
{
    // How far from a quotation its attribution may stand, in characters, within the same sentence.
    private const int AttributionReach = 90;

    // Shorter quotations are scare quotes or single words ("caliphate"), not testimony.
    private const int ShortestQuote = 12;

    private static readonly string[] AnswerLabels = ["a", "answer", "r", "reply", "respondent", "réponse", "antwort", "ج", "الجواب"];

    private static readonly string[] SpeechVerbs =
    [
        "said", "says", "told", "tells", "added", "recalled", "recalls", "explained", "explains", "continued", "remembered", "insisted",
        "a dit", "dit", "a-t-il", "a-t-elle", "raconte", "racontait", "explique", "ajoute", "a ajouté", "affirme", "confie",
        "sagte", "sagt", "erzählte", "erzählt", "erklärte", "berichtete", "fügte",
        "قال", "قالت", "يقول", "تقول", "أضاف", "روى",
    ];

    private static readonly string[] Pronouns = ["he", "she", "il", "elle", "er", "sie", "-t-il", "-t-elle", "dit-il", "dit-elle"];

    /// <summary>The segments in the own words of one of the source's cases, by start offset.</summary>
    /// <param name="text">The source's stored (NFC) text.</param>
    /// <param name="cases">The cases the source is about.</param>
    /// <param name="pseudonyms">The pseudonym of each case of the project.</param>
    public static ImmutableArray<SegmentDraft> Find(string text, IReadOnlyList<CaseId> cases, IReadOnlyDictionary<CaseId, string> pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(pseudonyms);
        if (cases.Count == 0)
        {
            return [];
        }

        var named = cases.Where(pseudonyms.ContainsKey).Select(id => (Id: id, Pseudonym: pseudonyms[id])).ToList();
        CaseId? onlyCase = cases.Count == 1 ? cases[0] : null;
        var turns = Turns().Matches(text);
        var segments = IsTranscript(turns) ? FromTurns(text, turns, named, onlyCase) : FromQuotes(text, named, onlyCase);
        return [.. segments.OrderBy(segment => segment.Start)];
    }

    // Speakers in an interview take turns: a label used twice or more tells a transcript from prose with a colon in it.
    private static bool IsTranscript(MatchCollection turns) =>
        turns.Count >= 2 && turns.GroupBy(turn => turn.Groups["label"].Value.Trim(), StringComparer.OrdinalIgnoreCase).Any(label => label.Count() >= 2);

    private static List<SegmentDraft> FromTurns(string text, MatchCollection turns, List<(CaseId Id, string Pseudonym)> named, CaseId? onlyCase)
    {
        var segments = new List<SegmentDraft>();
        for (var i = 0; i < turns.Count; i++)
        {
            var label = turns[i].Groups["label"].Value.Trim();
            var speaker = named.FirstOrDefault(c => Same(c.Pseudonym, label)).Id is { Value: not null } byName
                ? byName
                : onlyCase is { } only && AnswerLabels.Contains(label.ToLower(CultureInfo.InvariantCulture), StringComparer.Ordinal) ? only : (CaseId?)null;
            if (speaker is not { } caseId)
            {
                continue;
            }

            var said = turns[i].Groups["said"];
            var end = i + 1 < turns.Count ? turns[i + 1].Index : text.Length;
            var (start, stop) = Trim(text, said.Index, end);
            if (stop > start)
            {
                segments.Add(new SegmentDraft(start, stop, caseId, []));
            }
        }

        return segments;
    }

    private static List<SegmentDraft> FromQuotes(string text, List<(CaseId Id, string Pseudonym)> named, CaseId? onlyCase)
    {
        var segments = new List<SegmentDraft>();
        foreach (Match quote in Quotes().Matches(text))
        {
            var said = quote.Groups["said"];
            if (said.Length < ShortestQuote)
            {
                continue;
            }

            var before = Sentence(text, Math.Max(0, quote.Index - AttributionReach), quote.Index, keepEnd: true);
            var after = Sentence(text, quote.Index + quote.Length, Math.Min(text.Length, quote.Index + quote.Length + AttributionReach), keepEnd: false);
            var around = string.Concat(before, " ", after);
            if (!SpeechVerbs.Any(verb => ContainsWord(around, verb)))
            {
                continue;
            }

            var byName = named.Where(c => ContainsWord(around, c.Pseudonym)).Select(c => (CaseId?)c.Id).FirstOrDefault();
            var speaker = byName ?? (onlyCase is { } only && Pronouns.Any(pronoun => ContainsWord(around, pronoun)) && !NamesSomeoneElse(after) ? only : null);
            if (speaker is { } caseId)
            {
                segments.Add(new SegmentDraft(said.Index, said.Index + said.Length, caseId, []));
            }
        }

        return segments;
    }

    // "…," said Abu Bakr — a capitalised name right after the verb, that is not the case's, is someone else speaking.
    private static bool NamesSomeoneElse(string after) => OtherSpeaker().IsMatch(after);

    /// <summary>The part of a window that lies in the quotation's own sentence.</summary>
    private static string Sentence(string text, int from, int to, bool keepEnd)
    {
        var window = text[from..to];
        if (keepEnd)
        {
            var stop = window.LastIndexOfAny(['.', '!', '?', '\n']);
            return stop >= 0 ? window[(stop + 1)..] : window;
        }

        var end = window.IndexOfAny(['.', '!', '?', '\n']);
        return end >= 0 ? window[..end] : window;
    }

    private static bool ContainsWord(string haystack, string word)
    {
        var at = 0;
        while ((at = haystack.IndexOf(word, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var startOk = at == 0 || !char.IsLetter(haystack[at - 1]) || word[0] == '-';
            var end = at + word.Length;
            var endOk = end == haystack.Length || !char.IsLetter(haystack[end]);
            if (startOk && endOk)
            {
                return true;
            }

            at++;
        }

        return false;
    }

    private static bool Same(string pseudonym, string label) =>
        string.Equals(pseudonym.Trim(), label, StringComparison.OrdinalIgnoreCase);

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    // A turn: a line starting with a short label (a letter, a word, a name of up to five words) and a colon.
    [GeneratedRegex(@"^[ \t]*(?<label>\p{L}[\p{L}\p{Mn}'’.-]*(?: [\p{L}\p{Mn}'’.-]+){0,3})[ \t]*[:：][ \t]*(?<said>\S.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Turns();

    // Straight and typographic double quotes, guillemets either way, German low-high quotes.
    [GeneratedRegex("\"(?<said>[^\"\\n]+)\"|“(?<said>[^”“\\n]+)”|«\\s*(?<said>[^»\\n]+?)\\s*»|»(?<said>[^«\\n]+)«|„(?<said>[^“”\\n]+)[“”]", RegexOptions.CultureInvariant)]
    private static partial Regex Quotes();

    [GeneratedRegex(@"^\W*(said|says|told|added|sagte|sagt|a dit|dit|explained|recalled)\s+(?!he\b|she\b|er\b|sie\b|il\b|elle\b)\p{Lu}", RegexOptions.CultureInvariant)]
    private static partial Regex OtherSpeaker();
}
