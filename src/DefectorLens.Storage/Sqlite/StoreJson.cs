using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Storage.Sqlite;

/// <summary>The JSON kept in the store: codebooks, alias lists and extra attributes.</summary>
/// <remarks>
/// Codebooks go through plain documents rather than the domain records so that computed members
/// (<see cref="Codebook.Leaves"/>) and the shape of <see cref="CodeId"/> never leak into the file format.
/// </remarks>
internal static class StoreJson
{
    public static string Serialize(Codebook codebook)
    {
        var document = new CodebookDocument(
            codebook.Id, codebook.Version, codebook.Title, codebook.Description,
            [.. OrEmpty(codebook.Codes).Select(ToDocument)]);
        return JsonSerializer.Serialize(document, StoreJsonContext.Default.CodebookDocument);
    }

    public static Codebook DeserializeCodebook(string json)
    {
        var document = JsonSerializer.Deserialize(json, StoreJsonContext.Default.CodebookDocument)
            ?? throw new InvalidDataException("the stored codebook is empty");
        return new Codebook(
            document.Id, document.Version, document.Title, document.Description,
            [.. (document.Codes ?? []).Select(FromDocument)]);
    }

    public static string? Serialize(ImmutableArray<string> values) =>
        values.IsDefaultOrEmpty ? null : JsonSerializer.Serialize([.. values], StoreJsonContext.Default.StringArray);

    public static ImmutableArray<string> DeserializeStrings(string? json) =>
        json is null ? [] : [.. JsonSerializer.Deserialize(json, StoreJsonContext.Default.StringArray) ?? []];

    // Shared by every case without extra attributes: the dictionary is immutable, and 100,000 cases need not make one each.
    private static readonly ImmutableSortedDictionary<string, string> NoExtra = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    public static string? Serialize(ImmutableSortedDictionary<string, string> values) =>
        values.IsEmpty ? null : JsonSerializer.Serialize(new SortedDictionary<string, string>(values, StringComparer.Ordinal),
            StoreJsonContext.Default.SortedDictionaryStringString);

    public static ImmutableSortedDictionary<string, string> DeserializeExtra(string? json) =>
        json is null
            ? NoExtra
            : NoExtra.AddRange(JsonSerializer.Deserialize(json, StoreJsonContext.Default.SortedDictionaryStringString) ?? []);

    private static CodeDocument ToDocument(Code code) => new(
        code.Id.Value, code.Name, code.Definition,
        [.. OrEmpty(code.Include)], [.. OrEmpty(code.Exclude)], [.. OrEmpty(code.Examples)], code.Colour,
        [.. OrEmpty(code.Lexicon).Select(rule => new LexiconDocument(rule.Language, rule.Pattern))]);

    private static Code FromDocument(CodeDocument document) => new(
        new CodeId(document.Id), document.Name, document.Definition,
        [.. document.Include ?? []], [.. document.Exclude ?? []], [.. document.Examples ?? []], document.Colour,
        [.. (document.Lexicon ?? []).Select(rule => new LexiconRule(rule.Language, rule.Pattern))]);

    private static ImmutableArray<T> OrEmpty<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;
}

/// <summary>A codebook as stored.</summary>
internal sealed record CodebookDocument(string Id, string Version, string Title, string Description, IReadOnlyList<CodeDocument>? Codes);

/// <summary>A code as stored.</summary>
internal sealed record CodeDocument(
    string Id,
    string Name,
    string Definition,
    IReadOnlyList<string>? Include,
    IReadOnlyList<string>? Exclude,
    IReadOnlyList<string>? Examples,
    string? Colour,
    IReadOnlyList<LexiconDocument>? Lexicon);

/// <summary>A lexicon rule as stored.</summary>
internal sealed record LexiconDocument(string Language, string Pattern);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CodebookDocument))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
