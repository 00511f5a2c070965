using System.Collections.Immutable;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Codebooks;

/// <summary>A versioned, hierarchical set of codes; hierarchy follows the dotted ids.</summary>
/// <param name="Id">The codebook's identifier (<c>icsr-2015</c>).</param>
/// <param name="Version">Its version; a project records which version coded what.</param>
/// <param name="Title">A human title.</param>
/// <param name="Description">What the codebook is for.</param>
/// <param name="Codes">Every code, parents before children.</param>
public sealed record Codebook(string Id, string Version, string Title, string Description, ImmutableArray<Code> Codes)
{
    /// <summary>The codes that have no children: the ones applied to segments and counted.</summary>
    public IEnumerable<Code> Leaves => Codes.Where(code => !Codes.Any(other => other.Id.Parent == code.Id));

    /// <summary>Finds a code by id.</summary>
    public Code? Find(CodeId id) => Codes.FirstOrDefault(code => code.Id == id);

    /// <summary>Finds a code by its full id or, when unambiguous, by the part after the last dot (<c>brutality</c>).</summary>
    public Code? FindByIdOrSuffix(string idOrSuffix)
    {
        var exact = Find(new CodeId(idOrSuffix));
        if (exact is not null)
        {
            return exact;
        }

        var matches = Codes.Where(code => code.Id.Value.EndsWith("." + idOrSuffix, StringComparison.Ordinal)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>Everything wrong with the codebook, as messages; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add(Messages.CodebookFieldMissing("id"));
        }

        if (string.IsNullOrWhiteSpace(Version))
        {
            problems.Add(Messages.CodebookFieldMissing("version"));
        }

        if (Codes.IsDefaultOrEmpty)
        {
            problems.Add(Messages.CodebookHasNoCodes);
            return problems;
        }

        var seen = new HashSet<CodeId>();
        foreach (var code in Codes)
        {
            if (!CodeIds.IsWellFormed(code.Id.Value))
            {
                problems.Add(Messages.CodeIdMalformed(code.Id.Value));
            }
            else if (!seen.Add(code.Id))
            {
                problems.Add(Messages.CodeIdDuplicate(code.Id.Value));
            }
            else if (code.Id.Parent is { } parent && !seen.Contains(parent))
            {
                problems.Add(Messages.CodeParentMissing(code.Id.Value, parent.Value));
            }

            if (string.IsNullOrWhiteSpace(code.Name))
            {
                problems.Add(Messages.CodeFieldMissing(code.Id.Value, "name"));
            }
        }

        return problems;
    }
}

/// <summary>One code of a codebook.</summary>
/// <param name="Id">Stable dotted id.</param>
/// <param name="Name">Short name.</param>
/// <param name="Definition">What the code covers.</param>
/// <param name="Include">When to apply it.</param>
/// <param name="Exclude">When not to apply it.</param>
/// <param name="Examples">Statements that would be coded with it.</param>
/// <param name="Colour">Display colour, <c>#rrggbb</c>.</param>
/// <param name="Lexicon">Phrases that signal the code, by language.</param>
public sealed record Code(
    CodeId Id,
    string Name,
    string Definition,
    ImmutableArray<string> Include,
    ImmutableArray<string> Exclude,
    ImmutableArray<string> Examples,
    string? Colour,
    ImmutableArray<LexiconRule> Lexicon);

/// <summary>A phrase that signals a code in one language.</summary>
/// <param name="Language">ISO 639-1 code of the language the phrase is written in.</param>
/// <param name="Pattern">Words to match after normalisation; a word ending in <c>*</c> matches any word starting so.</param>
public sealed record LexiconRule(string Language, string Pattern)
{
    /// <summary>How the rule is named in explanations: <c>en:"execut*"</c>.</summary>
    public override string ToString() => $"{Language}:\"{Pattern}\"";
}

/// <summary>The shape of code ids.</summary>
public static class CodeIds
{
    /// <summary>True for lower-case words of letters, digits and hyphens joined by dots (<c>join.faith-ideology</c>).</summary>
    public static bool IsWellFormed(string id) =>
        !string.IsNullOrEmpty(id)
        && id.Split('.').All(part => part.Length > 0 && part.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'));
}
