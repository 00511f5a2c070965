using System.Collections.Immutable;
using DefectorLens.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DefectorLens.Interop.Import;

/// <summary>A value read from YAML, with the line it starts on.</summary>
/// <param name="Line">The 1-based line in the file.</param>
internal abstract record YamlValue(int Line);

/// <summary>A scalar; <see cref="Value"/> is null for <c>~</c>, <c>null</c> and nothing at all.</summary>
internal sealed record YamlText(int Line, string? Value) : YamlValue(Line);

/// <summary>A sequence.</summary>
internal sealed record YamlList(int Line, ImmutableArray<YamlValue> Items) : YamlValue(Line);

/// <summary>A mapping whose keys are text, in file order.</summary>
internal sealed record YamlMap(int Line, ImmutableArray<YamlEntry> Entries) : YamlValue(Line);

/// <summary>One key of a mapping and its value.</summary>
internal sealed record YamlEntry(string Key, int Line, YamlValue Value);

/// <summary>Reads one YAML document into <see cref="YamlValue"/>s that remember their lines.</summary>
/// <remarks>
/// Built from YamlDotNet's parser events rather than its representation model so that every problem becomes an
/// <see cref="InputError"/> with a line: repeated keys, keys that are not text, and aliases, which are refused because
/// a few of them nested can make a tiny file expand without bound.
/// </remarks>
internal static class YamlTree
{
    private const int MaxDepth = 64;

    /// <summary>Reads the document; null when the text is empty or has errors, which are added to <paramref name="errors"/>.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="firstLine">The file line the text starts on, so that lines name the file's lines.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="syntaxError">Words a parser message as a reason (YAML, or JSON when the file is JSON).</param>
    public static YamlValue? Load(string text, int firstLine, InputErrorList errors, Func<string, string> syntaxError)
    {
        var reader = new TreeReader(firstLine, errors);
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = reader.Read(parser, depth: 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var next))
            {
                errors.Add(reader.LineOf(next.Start), Messages.YamlSeveralDocuments);
                return null;
            }

            return reader.HadErrors ? null : root;
        }
        catch (YamlException invalid)
        {
            errors.Add(reader.LineOf(invalid.Start), syntaxError(invalid.Message));
            return null;
        }
    }

    private sealed class TreeReader(int firstLine, InputErrorList errors)
    {
        public bool HadErrors { get; private set; }

        public int LineOf(Mark mark) => (int)Math.Min(firstLine - 1 + mark.Line, int.MaxValue);

        public YamlValue Read(IParser parser, int depth)
        {
            var current = parser.Current ?? throw new InvalidOperationException("The YAML parser has no current event.");
            var line = LineOf(current.Start);
            if (depth > MaxDepth)
            {
                // Codebooks and front matter are a few levels deep; this guards the stack, not the format.
                Fail(line, Messages.NotValidYaml($"nested more than {MaxDepth} levels deep"));
                parser.SkipThisAndNestedEvents();
                return new YamlText(line, null);
            }

            switch (current)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    return new YamlText(line, IsNull(scalar) ? null : scalar.Value);
                case SequenceStart:
                    parser.MoveNext();
                    var items = ImmutableArray.CreateBuilder<YamlValue>();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        items.Add(Read(parser, depth + 1));
                    }

                    return new YamlList(line, items.ToImmutable());
                case MappingStart:
                    parser.MoveNext();
                    return new YamlMap(line, ReadEntries(parser, depth));
                default:
                    // An alias: its anchor's node is not expanded.
                    Fail(line, Messages.YamlAliasesUnsupported);
                    parser.SkipThisAndNestedEvents();
                    return new YamlText(line, null);
            }
        }

        private ImmutableArray<YamlEntry> ReadEntries(IParser parser, int depth)
        {
            var entries = ImmutableArray.CreateBuilder<YamlEntry>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyLine = LineOf(parser.Current!.Start);
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    Fail(keyLine, Messages.YamlKeyNotText);
                    parser.SkipThisAndNestedEvents();
                    parser.SkipThisAndNestedEvents();
                    continue;
                }

                var value = Read(parser, depth + 1);
                if (!keys.Add(key.Value))
                {
                    Fail(keyLine, Messages.YamlKeyRepeated(key.Value));
                    continue;
                }

                entries.Add(new YamlEntry(key.Value, keyLine, value));
            }

            return entries.ToImmutable();
        }

        private void Fail(int line, string reason)
        {
            HadErrors = true;
            errors.Add(line, reason);
        }

        private static bool IsNull(Scalar scalar) =>
            scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
    }
}
