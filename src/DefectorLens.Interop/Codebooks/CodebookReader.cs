using System.Collections.Immutable;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Codebooks;

/// <summary>Reads a codebook from YAML or JSON text, reporting every problem with its line.</summary>
internal static class CodebookReader
{
    /// <summary>Parses the text and checks the codebook it describes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="isJson">Whether the file is JSON, so that syntax errors say so.</param>
    /// <param name="errors">Where problems go.</param>
    public static Codebook? Read(string text, bool isJson, InputErrorList errors)
    {
        // JSON is YAML too, so one parser reads both and gives lines for both.
        Func<string, string> syntaxError = isJson ? Messages.NotValidJson : Messages.NotValidYaml;
        var root = YamlTree.Load(text, firstLine: 1, errors, syntaxError);
        if (errors.Any)
        {
            return null;
        }

        if (root is not YamlMap map)
        {
            errors.Add(root?.Line ?? 1, Messages.CodebookNotMapping);
            return null;
        }

        var codebook = ReadCodebook(map, errors, out var codeLines);
        if (codebook is null)
        {
            return null;
        }

        foreach (var (line, problem) in LocateProblems(codebook, codeLines))
        {
            errors.Add(line, problem);
        }

        return errors.Any ? null : codebook;
    }

    private static Codebook? ReadCodebook(YamlMap map, InputErrorList errors, out List<int> codeLines)
    {
        codeLines = [];
        string? id = null, version = null, title = null, description = null;
        var codes = ImmutableArray.CreateBuilder<Code>();
        foreach (var entry in map.Entries)
        {
            switch (entry.Key)
            {
                case "id": id = Text(entry, errors); break;
                case "version": version = Text(entry, errors); break;
                case "title": title = Text(entry, errors); break;
                case "description": description = Text(entry, errors); break;
                case "codes":
                    if (entry.Value is YamlList list)
                    {
                        foreach (var item in list.Items)
                        {
                            if (ReadCode(item, errors) is { } code)
                            {
                                codes.Add(code);
                                codeLines.Add(item.Line);
                            }
                        }
                    }
                    else if (entry.Value is not YamlText { Value: null })
                    {
                        errors.Add(entry.Line, Messages.CodesNotList);
                    }

                    break;
                default:
                    errors.Add(entry.Line, Messages.CodebookKeyUnknown(entry.Key));
                    break;
            }
        }

        return errors.Any ? null : new Codebook(id ?? "", version ?? "", title ?? "", description ?? "", codes.ToImmutable());
    }

    private static Code? ReadCode(YamlValue item, InputErrorList errors)
    {
        if (item is not YamlMap map)
        {
            errors.Add(item.Line, Messages.CodeNotMapping);
            return null;
        }

        string? id = null, name = null, definition = null, colour = null;
        ImmutableArray<string> include = [], exclude = [], examples = [];
        ImmutableArray<LexiconRule> lexicon = [];
        foreach (var entry in map.Entries)
        {
            switch (entry.Key)
            {
                case "id": id = Text(entry, errors); break;
                case "name": name = Text(entry, errors); break;
                case "definition": definition = Text(entry, errors); break;
                case "colour": colour = Colour(entry, errors); break;
                case "include": include = TextList(entry, errors); break;
                case "exclude": exclude = TextList(entry, errors); break;
                case "examples": examples = TextList(entry, errors); break;
                case "lexicon": lexicon = Lexicon(entry, errors); break;
                default: errors.Add(entry.Line, Messages.CodeKeyUnknown(entry.Key)); break;
            }
        }

        if (id is null)
        {
            errors.Add(map.Line, Messages.CodeIdAbsent);
            return null;
        }

        return new Code(new CodeId(id), name ?? "", definition ?? "", include, exclude, examples, colour, lexicon);
    }

    /// <summary>Gives each of the codebook's problems the line of the code it is about.</summary>
    /// <remarks>
    /// <see cref="Codebook.Problems"/> speaks of the codes in order and judges each only against those before it,
    /// so the problems a longer prefix of the codes adds belong to the code that ends that prefix.
    /// Problems of the codebook itself (its id, its version) have no line.
    /// </remarks>
    private static IEnumerable<(int? Line, string Problem)> LocateProblems(Codebook codebook, List<int> codeLines)
    {
        var all = codebook.Problems();
        if (all.Count == 0 || codebook.Codes.IsEmpty)
        {
            return all.Select(problem => ((int?)null, problem));
        }

        var located = new List<(int?, string)>();
        var before = codebook with { Codes = [] };
        var seen = new List<string>(before.Problems().Where(problem => problem != Messages.CodebookHasNoCodes));
        located.AddRange(seen.Select(problem => ((int?)null, problem)));
        for (var i = 0; i < codebook.Codes.Length; i++)
        {
            var prefix = codebook with { Codes = codebook.Codes[..(i + 1)] };
            var remaining = new List<string>(seen);
            foreach (var problem in prefix.Problems())
            {
                if (!remaining.Remove(problem))
                {
                    located.Add((codeLines[i], problem));
                    seen.Add(problem);
                }
            }
        }

        return located;
    }

    private static string? Text(YamlEntry entry, InputErrorList errors)
    {
        if (entry.Value is YamlText text)
        {
            return text.Value?.Trim();
        }

        errors.Add(entry.Line, Messages.KeyNotText(entry.Key));
        return null;
    }

    private static string? Colour(YamlEntry entry, InputErrorList errors)
    {
        var colour = Text(entry, errors);
        if (colour is not null && !IsColour(colour))
        {
            errors.Add(entry.Line, Messages.ColourMalformed(colour));
        }

        return colour;
    }

    private static bool IsColour(string value) =>
        value.Length == 7 && value[0] == '#' && value[1..].All(char.IsAsciiHexDigit);

    private static ImmutableArray<string> TextList(YamlEntry entry, InputErrorList errors) =>
        Texts(entry.Value, entry.Line, entry.Key, errors);

    private static ImmutableArray<string> Texts(YamlValue value, int line, string key, InputErrorList errors)
    {
        if (value is YamlText { Value: null })
        {
            return [];
        }

        if (value is YamlList list && list.Items.All(item => item is YamlText { Value: not null }))
        {
            return [.. list.Items.Cast<YamlText>().Select(item => item.Value!.Trim())];
        }

        errors.Add(line, Messages.KeyNotTextList(key));
        return [];
    }

    private static ImmutableArray<LexiconRule> Lexicon(YamlEntry entry, InputErrorList errors)
    {
        if (entry.Value is YamlText { Value: null })
        {
            return [];
        }

        if (entry.Value is not YamlMap languages)
        {
            errors.Add(entry.Line, Messages.LexiconNotMapping);
            return [];
        }

        var rules = ImmutableArray.CreateBuilder<LexiconRule>();
        foreach (var language in languages.Entries)
        {
            if (Languages.Normalise(language.Key) is not { } code)
            {
                errors.Add(language.Line, Messages.LanguageMalformed(language.Key));
                continue;
            }

            foreach (var pattern in Texts(language.Value, language.Line, $"lexicon.{language.Key}", errors))
            {
                rules.Add(new LexiconRule(code, pattern));
            }
        }

        return rules.ToImmutable();
    }
}
