using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DefectorLens.Core.Codebooks;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DefectorLens.Interop.Codebooks;

/// <summary>Writes a codebook in the shape of <c>docs/codebook-format.md</c>, as YAML or JSON.</summary>
/// <remarks>
/// Lexicon rules are written grouped by language, languages in the order they first appear; a codebook read from a
/// file is always in that order, so writing it and reading it back gives it again.
/// </remarks>
internal static class CodebookWriter
{
    // Longer texts go on a line of their own after >-, as paragraphs do in the documented format.
    private const int FoldAbove = 80;

    // No wrapping: the emitter would break quoted lexicon phrases across lines, which reads as two phrases.
    private static readonly EmitterSettings YamlSettings = new(
        bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, skipAnchorName: false,
        indentSequences: true, newLine: "\n", useUtf16SurrogatePairs: false);

    private static readonly JsonWriterOptions JsonSettings = new()
    {
        Indented = true,
        NewLine = "\n",

        // The file is read by people and tools, never embedded in HTML: keep Arabic and quotes as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The codebook as YAML.</summary>
    public static string ToYaml(Codebook codebook)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(output, YamlSettings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        Key(emitter, "id", codebook.Id);
        emitter.Emit(new Scalar("version"));
        emitter.Emit(Quoted(codebook.Version));
        Key(emitter, "title", codebook.Title);
        Key(emitter, "description", codebook.Description);
        emitter.Emit(new Scalar("codes"));
        emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
        foreach (var code in codebook.Codes)
        {
            emitter.Emit(new MappingStart());
            Key(emitter, "id", code.Id.Value);
            Key(emitter, "name", code.Name);
            if (code.Colour is not null)
            {
                emitter.Emit(new Scalar("colour"));
                emitter.Emit(Quoted(code.Colour));
            }

            if (code.Definition.Length > 0)
            {
                Key(emitter, "definition", code.Definition);
            }

            List(emitter, "include", code.Include, ScalarStyle.Any);
            List(emitter, "exclude", code.Exclude, ScalarStyle.Any);
            List(emitter, "examples", code.Examples, ScalarStyle.DoubleQuoted);
            if (!code.Lexicon.IsDefaultOrEmpty)
            {
                emitter.Emit(new Scalar("lexicon"));
                emitter.Emit(new MappingStart());
                foreach (var (language, patterns) in Lexicon(code))
                {
                    emitter.Emit(new Scalar(language));
                    emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Flow));
                    foreach (var pattern in patterns)
                    {
                        emitter.Emit(Quoted(pattern));
                    }

                    emitter.Emit(new SequenceEnd());
                }

                emitter.Emit(new MappingEnd());
            }

            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new SequenceEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return output.ToString();
    }

    /// <summary>The codebook as JSON, with the keys of the YAML form.</summary>
    public static string ToJson(Codebook codebook)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonSettings))
        {
            json.WriteStartObject();
            json.WriteString("id", codebook.Id);
            json.WriteString("version", codebook.Version);
            json.WriteString("title", codebook.Title);
            json.WriteString("description", codebook.Description);
            json.WriteStartArray("codes");
            foreach (var code in codebook.Codes)
            {
                json.WriteStartObject();
                json.WriteString("id", code.Id.Value);
                json.WriteString("name", code.Name);
                if (code.Colour is not null)
                {
                    json.WriteString("colour", code.Colour);
                }

                if (code.Definition.Length > 0)
                {
                    json.WriteString("definition", code.Definition);
                }

                List(json, "include", code.Include);
                List(json, "exclude", code.Exclude);
                List(json, "examples", code.Examples);
                if (!code.Lexicon.IsDefaultOrEmpty)
                {
                    json.WriteStartObject("lexicon");
                    foreach (var (language, patterns) in Lexicon(code))
                    {
                        List(json, language, patterns);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static IEnumerable<(string Language, ImmutableArray<string> Patterns)> Lexicon(Code code) =>
        code.Lexicon.GroupBy(rule => rule.Language, StringComparer.Ordinal)
            .Select(group => (group.Key, group.Select(rule => rule.Pattern).ToImmutableArray()));

    private static void Key(IEmitter emitter, string key, string value)
    {
        emitter.Emit(new Scalar(key));
        var style = value.Length > FoldAbove ? ScalarStyle.Folded : ScalarStyle.Any;
        emitter.Emit(Styled(value, style));
    }

    private static Scalar Quoted(string value) => Styled(value, ScalarStyle.DoubleQuoted);

    private static Scalar Styled(string value, ScalarStyle style) =>
        new(null, null, value, LooksTyped(value) ? ScalarStyle.DoubleQuoted : style, isPlainImplicit: true, isQuotedImplicit: true);

    /// <summary>True for text a YAML reader would take, unquoted, for null, a boolean or a number.</summary>
    /// <remarks>The emitter writes such text plain; quoting it keeps it text for every reader, this one included.</remarks>
    private static bool LooksTyped(string value) =>
        value.Length == 0
        || value is "~" or "null" or "Null" or "NULL"
        || value.ToUpperInvariant() is "TRUE" or "FALSE" or "YES" or "NO" or "ON" or "OFF" or "Y" or "N"
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase);

    private static void List(IEmitter emitter, string key, ImmutableArray<string> values, ScalarStyle style)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        emitter.Emit(new Scalar(key));
        emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
        foreach (var value in values)
        {
            emitter.Emit(Styled(value, style));
        }

        emitter.Emit(new SequenceEnd());
    }

    private static void List(Utf8JsonWriter json, string key, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        json.WriteStartArray(key);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
