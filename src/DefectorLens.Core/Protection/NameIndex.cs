using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DefectorLens.Core.Protection;

/// <summary>The names a redactor hides, each found only in the texts that hold what every spelling of it must contain.</summary>
/// <remarks>
/// One regex of 50,000 names took seconds to build, and matching it tried every name at every place of a text: about
/// 0.2 s per paragraph. Here each name keeps the pieces of its skeleton, which every text its pattern matches holds too
/// (see <see cref="Skeleton"/> and <see cref="NamePieces"/>). A text is searched with a regex of only the names whose
/// pieces its own skeleton holds, in the order and groups the regex of every name would have: no other name could match
/// it, so the matches are the same.
/// </remarks>
internal sealed class NameIndex
{
    // Pieces are indexed by their first symbols: long enough to be rare in ordinary text, short enough to keep few lengths.
    private const int KeyLength = 6;

    // Regexes built for a set of names are kept for texts that hold the same set; past this many they are dropped, and built
    // again as texts need them.
    private const int RegexesKept = 512;

    // What a letter with no sound of its own in a skeleton (h) becomes.
    private const char Dropped = '\0';

    private readonly string[] _patterns;
    private readonly int[] _groups;
    private readonly string[] _replacements;
    private readonly string[][] _pieces;

    // The first name with each key, and after each name the next one with its key (-1 for none).
    private readonly Dictionary<string, int> _firstWithKey;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _firstWithKeySpan;
    private readonly int[] _nextWithKey;
    private readonly int[] _keyLengths;
    private readonly int[] _unkeyed;
    private readonly ConcurrentDictionary<string, NamesRegex> _regexes = new(StringComparer.Ordinal);

    /// <param name="names">Every name in match order (longest first): its regex over folded text, its pieces and its replacement's number.</param>
    /// <param name="replacements">What replaces a name, by number.</param>
    public NameIndex(IReadOnlyList<(string Pattern, IReadOnlyList<string> Pieces, int Group)> names, string[] replacements)
    {
        _replacements = replacements;
        _patterns = new string[names.Count];
        _groups = new int[names.Count];
        _pieces = new string[names.Count][];
        _firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        _nextWithKey = new int[names.Count];
        var unkeyed = new List<int>();
        var keyLengths = new SortedSet<int>();
        for (var i = names.Count - 1; i >= 0; i--)
        {
            (_patterns[i], _groups[i], _pieces[i]) = (names[i].Pattern, names[i].Group, [.. names[i].Pieces]);
            if (_pieces[i].Length == 0)
            {
                unkeyed.Add(i);
                continue;
            }

            var longest = _pieces[i].MaxBy(piece => piece.Length)!;
            var key = longest.Length > KeyLength ? longest[..KeyLength] : longest;
            _nextWithKey[i] = _firstWithKey.TryGetValue(key, out var next) ? next : -1;
            _firstWithKey[key] = i;
            keyLengths.Add(key.Length);
        }

        _firstWithKeySpan = _firstWithKey.GetAlternateLookup<ReadOnlySpan<char>>();
        _keyLengths = [.. keyLengths];
        unkeyed.Reverse();
        _unkeyed = [.. unkeyed];
    }

    /// <summary>Every name found in folded text, leftmost first and without overlap, as the regex of every name finds them.</summary>
    public IEnumerable<(int Index, int Length, string Replacement)> Matches(string folded)
    {
        var candidates = Candidates(Skeleton(folded));
        if (candidates.Count == 0)
        {
            yield break;
        }

        var signature = string.Join(',', candidates);
        if (!_regexes.TryGetValue(signature, out var names))
        {
            if (_regexes.Count >= RegexesKept)
            {
                _regexes.Clear();
            }

            names = _regexes.GetOrAdd(signature, _ => NamesRegex.Of(candidates, _patterns, _groups, _replacements));
        }

        for (var match = names.Regex.Match(folded); match.Success; match = match.NextMatch())
        {
            yield return (match.Index, match.Length, names.ReplacementOf(match));
        }
    }

    /// <summary>Folded text as its skeleton: each letter as the class all its spelling variants share, repeats merged.</summary>
    /// <remarks>
    /// Vowels, y, w and v are one class (a/e, ou/u/w, w/v, i/y/ee); s, c, k and q another (sh/ch/sch, k/q/c/ck); p and f a
    /// third (ph/f); h is dropped (kh/h, a final h). Other characters stand for themselves. A run of one class is one
    /// symbol, as a doubled letter or a long vowel is one sound.
    /// </remarks>
    public static string Skeleton(ReadOnlySpan<char> folded)
    {
        var skeleton = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var symbol = SymbolOf(c);
            if (symbol != Dropped && (skeleton.Length == 0 || skeleton[^1] != symbol))
            {
                skeleton.Append(symbol);
            }
        }

        return skeleton.ToString();
    }

    private static char SymbolOf(char c) => c switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'w' or 'v' => 'V',
        's' or 'c' or 'k' or 'q' => 'K',
        'p' or 'f' => 'F',
        'h' => Dropped,
        _ => c,
    };

    // The names whose every piece the text's skeleton holds, in match order.
    private List<int> Candidates(string skeleton)
    {
        var found = new List<int>(_unkeyed);
        var tried = new HashSet<int>();
        var span = skeleton.AsSpan();
        for (var at = 0; at < span.Length; at++)
        {
            foreach (var length in _keyLengths)
            {
                if (at + length > span.Length)
                {
                    break;
                }

                if (!_firstWithKeySpan.TryGetValue(span.Slice(at, length), out var first))
                {
                    continue;
                }

                for (var name = first; name >= 0; name = _nextWithKey[name])
                {
                    if (tried.Add(name) && Array.TrueForAll(_pieces[name], piece => skeleton.Contains(piece, StringComparison.Ordinal)))
                    {
                        found.Add(name);
                    }
                }
            }
        }

        found.Sort();
        return found;
    }

    /// <summary>A regex of some names, and the replacement each of its groups stands for.</summary>
    private sealed record NamesRegex(Regex Regex, string?[] ReplacementByGroup)
    {
        private const string Letter = @"\p{L}\p{N}";

        public static NamesRegex Of(List<int> names, string[] patterns, int[] groups, string[] replacements)
        {
            // Names in a row with one replacement share one group, which keeps the order of the alternatives and so what matches.
            var body = new StringBuilder();
            var open = -1;
            foreach (var name in names)
            {
                if (groups[name] != open)
                {
                    open = groups[name];
                    body.Append(body.Length == 0 ? "" : ")|").Append("(?<s").Append(open.ToString(CultureInfo.InvariantCulture)).Append('>');
                }
                else
                {
                    body.Append('|');
                }

                body.Append(patterns[name]);
            }

            var regex = new Regex(
                $@"(?<=^|[^{Letter}]|(?:^|[^{Letter}])[ld])(?:{body}))(?![{Letter}])",
                RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(5));
            var byGroup = new string?[regex.GetGroupNumbers().Max() + 1];
            foreach (var group in names.Select(name => groups[name]).Distinct())
            {
                byGroup[regex.GroupNumberFromName("s" + group.ToString(CultureInfo.InvariantCulture))] = replacements[group];
            }

            return new NamesRegex(regex, byGroup);
        }

        public string ReplacementOf(Match match)
        {
            for (var group = 1; group < ReplacementByGroup.Length; group++)
            {
                if (ReplacementByGroup[group] is { } replacement && match.Groups[group].Success)
                {
                    return replacement;
                }
            }

            throw new InvalidOperationException("a name matched outside every group");
        }
    }
}

/// <summary>Collects the pieces of a name's skeleton while its pattern is written: what every text the pattern matches holds.</summary>
/// <remarks>
/// A unit whose spellings all have one skeleton adds it to the current piece; a unit spelled in ways that differ (kh/h,
/// j/dj/g, an optional article, the space between words) ends the piece, because a text may hold anything there.
/// </remarks>
internal sealed class NamePieces
{
    private readonly List<string> _pieces = [];
    private readonly StringBuilder _piece = new();

    /// <summary>The pieces, once the whole name is written.</summary>
    public IReadOnlyList<string> Pieces
    {
        get
        {
            Break();
            return _pieces;
        }
    }

    /// <summary>The skeleton every one of <paramref name="spellings"/> has, or null when they differ.</summary>
    public static string? SkeletonOf(IReadOnlyList<string> spellings)
    {
        var skeleton = NameIndex.Skeleton(spellings[0]);
        return spellings.All(spelling => NameIndex.Skeleton(spelling) == skeleton) ? skeleton : null;
    }

    /// <summary>A unit whose every spelling has <paramref name="skeleton"/>, or null when they differ.</summary>
    public void Unit(string? skeleton)
    {
        if (skeleton is null)
        {
            Break();
            return;
        }

        // Skeletons merge repeats: a unit that begins with the symbol the piece ends with continues that symbol.
        var start = skeleton.Length > 0 && _piece.Length > 0 && _piece[^1] == skeleton[0] ? 1 : 0;
        _piece.Append(skeleton, start, skeleton.Length - start);
    }

    /// <summary>Ends the current piece: a part of the name that may be written in ways with different skeletons.</summary>
    public void Break()
    {
        if (_piece.Length > 0)
        {
            _pieces.Add(_piece.ToString());
            _piece.Clear();
        }
    }
}
