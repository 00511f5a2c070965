using System.Globalization;
using System.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Qdpx;

/// <summary>Makes DefectorLens codes from another tool's codes: dotted ids from the tree, criteria from the descriptions.</summary>
internal static class CodebookBuilder
{
    /// <summary>Every code of the document, level by level (parents before children), and the id each GUID became.</summary>
    /// <remarks>
    /// An id DefectorLens wrote in the description is kept when it fits the tree; otherwise the id is the parent's id and
    /// the name made into a word (<c>leave.brutality-against-sunnis</c>), numbered when two siblings share a name.
    /// </remarks>
    public static (List<Code> Codes, Dictionary<Guid, CodeId> Ids) Codes(QdaDocument document)
    {
        var codes = new List<Code>();
        var ids = new Dictionary<Guid, CodeId>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in document.Codes)
        {
            var parts = CodeDescriptions.Read(code.Description);
            CodeId? parent = code.Parent is { } p && ids.TryGetValue(p, out var parentId) ? parentId : null;
            var id = IdFor(parts.Id, code.Name, parent, taken);
            ids[code.Guid] = id;
            var name = code.Name.Trim();
            codes.Add(new Code(
                id, name.Length > 0 ? name : id.Value, parts.Definition, parts.Include, parts.Exclude, parts.Examples, Colour(code.Colour),
                parts.Lexicon));
        }

        // Level by level, as codebooks list their codes: every category first, then the codes under each in turn.
        var depth = new Dictionary<CodeId, int>();
        foreach (var code in codes)
        {
            depth[code.Id] = code.Id.Parent is { } parent ? depth[parent] + 1 : 0;
        }

        return ([.. codes.OrderBy(code => depth[code.Id])], ids);
    }

    /// <summary>A codebook of every code of the document.</summary>
    public static Codebook FromDocument(QdaDocument document, string path, string id, string version)
    {
        var (codes, _) = Codes(document);
        var origin = document.Origin is { Length: > 0 } o ? $", written by {o}" : "";
        return new Codebook(id, version, document.Name, $"Imported from {Path.GetFileName(path)}{origin}.", [.. codes]);
    }

    /// <summary>A name made into an id word: ASCII letters and digits, lower case, other runs as one hyphen, accents dropped.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }

    private static CodeId IdFor(string? written, string name, CodeId? parent, HashSet<string> taken)
    {
        if (written is not null && CodeIds.IsWellFormed(written) && new CodeId(written).Parent == parent && taken.Add(written))
        {
            return new CodeId(written);
        }

        var word = Slug(name) is { Length: > 0 } slug ? slug : "code";
        var stem = parent is { } p ? $"{p.Value}.{word}" : word;
        var id = stem;
        for (var n = 2; !taken.Add(id); n++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
        }

        return new CodeId(id);
    }

    // REFI-QDA allows #rgb and #rrggbb in either case; a codebook holds #rrggbb in lower case.
    private static string? Colour(string? colour)
    {
        var value = colour?.Trim();
        return value switch
        {
            { Length: 7 } when value[0] == '#' => value.ToLowerInvariant(),
            { Length: 4 } when value[0] == '#' => string.Concat("#", value[1], value[1], value[2], value[2], value[3], value[3]).ToLowerInvariant(),
            _ => null,
        };
    }
}
