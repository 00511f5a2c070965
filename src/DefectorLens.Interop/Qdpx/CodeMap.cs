using System.Collections.Immutable;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Qdpx;

/// <summary>Which of this project's codes each code of another tool's project stands for: <c>their name or guid: our.code.id</c>.</summary>
/// <remarks>Keys are matched first as GUIDs (any case, with or without braces), then as code names, exactly.</remarks>
public sealed record CodeMap
{
    private CodeMap(ImmutableDictionary<string, CodeId> byName, ImmutableDictionary<Guid, CodeId> byGuid, string file) =>
        (ByName, ByGuid, File) = (byName, byGuid, file);

    /// <summary>Entries keyed by code name.</summary>
    public ImmutableDictionary<string, CodeId> ByName { get; }

    /// <summary>Entries keyed by code GUID.</summary>
    public ImmutableDictionary<Guid, CodeId> ByGuid { get; }

    /// <summary>The map file, for messages.</summary>
    public string File { get; }

    /// <summary>The project code a code of the file is mapped to, if any.</summary>
    public CodeId? Find(Guid guid, string name) =>
        ByGuid.TryGetValue(guid, out var byGuid) ? byGuid : ByName.TryGetValue(name, out var byName) ? byName : null;

    /// <summary>Makes a map from pairs of names or GUIDs and code ids.</summary>
    public static CodeMap Of(IEnumerable<KeyValuePair<string, string>> entries, string file = "map")
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byName = ImmutableDictionary.CreateBuilder<string, CodeId>(StringComparer.Ordinal);
        var byGuid = ImmutableDictionary.CreateBuilder<Guid, CodeId>();
        foreach (var (key, value) in entries)
        {
            if (QdaGuids.Parse(key) is { } guid)
            {
                byGuid[guid] = new CodeId(value.Trim());
            }
            else
            {
                byName[key.Trim()] = new CodeId(value.Trim());
            }
        }

        return new CodeMap(byName.ToImmutable(), byGuid.ToImmutable(), file);
    }

    /// <summary>Reads a YAML map file; null with errors (file and line) when it is not one.</summary>
    public static (CodeMap? Map, IReadOnlyList<InputError> Errors) Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var errors = new InputErrorList(path);
        var bytes = SourceFiles.ReadBytes(path, errors);
        var text = bytes is null ? null : TextDecoding.Decode(bytes, errors);
        if (text is null)
        {
            return (null, errors.ToList());
        }

        var tree = YamlTree.Load(text, 1, errors, Messages.NotValidYaml);
        if (errors.Any)
        {
            return (null, errors.ToList());
        }

        if (tree is not YamlMap map)
        {
            errors.Add(tree?.Line, Messages.CodeMapNotMapping);
            return (null, errors.ToList());
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var entry in map.Entries)
        {
            if (entry.Value is YamlText { Value: { Length: > 0 } value })
            {
                pairs.Add(new(entry.Key, value));
            }
            else
            {
                errors.Add(entry.Line, Messages.CodeMapValueNotText(entry.Key));
            }
        }

        return errors.Any ? (null, errors.ToList()) : (Of(pairs, path), []);
    }
}
