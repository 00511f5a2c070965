using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DefectorLens.Cli;

/// <summary>Prevalence as printed by <c>dlens stats --json</c>.</summary>
internal sealed record PrevalenceJson(int Cases, string? Coder, IReadOnlyList<PrevalenceRowJson> Prevalence);

/// <summary>One code's prevalence.</summary>
internal sealed record PrevalenceRowJson(string Code, string Name, int Cases, double Share, double[] Ci95);

/// <summary>A case as printed by <c>dlens cases --json</c>: pseudonym and attributes, never identity.</summary>
internal sealed record CaseJson(string Case, string Pseudonym, CaseAttributesJson Attributes);

/// <summary>A case's attributes.</summary>
internal sealed record CaseAttributesJson(
    string? Gender, int? AgeAtJoining, string? Nationality, string? Residence, string? Group, string? Role,
    string? Joined, string? Defected, string LegalStatus, string Consent, IReadOnlyDictionary<string, string> Extra);

/// <summary>A source as printed by <c>dlens sources --json</c>, without its text.</summary>
internal sealed record SourceJson(
    string Source, string Title, string? Outlet, string? Author, string? Url, string? Published, string? Language, string Medium,
    IReadOnlyList<string> Cases, int Length, int Segments, int Codings);

/// <summary>What <c>dlens code --json</c> did.</summary>
internal sealed record CodingJson(string Coder, string Kind, string Version, int Sources, int Codings);

/// <summary>Where <c>dlens report --json</c> wrote.</summary>
internal sealed record ReportJson(string Html, string Markdown);

/// <summary>A search hit.</summary>
internal sealed record SearchHitJson(string Source, string Title, string Snippet);

/// <summary>A project at a glance, as printed by <c>dlens info --json</c>.</summary>
internal sealed record InfoJson(
    string Name, string Path, int SchemaVersion, DateTimeOffset Created, string Codebook, string CodebookVersion,
    int Cases, int Sources, int Segments, int Codings, IReadOnlyList<string> Coders);

/// <summary>A memo as printed by <c>dlens memo list --json</c>.</summary>
internal sealed record MemoJson(string On, string Author, DateTimeOffset Written, string Text);

/// <summary>Source-generated serialisation of everything the CLI prints as JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PrevalenceJson))]
[JsonSerializable(typeof(IReadOnlyList<CaseJson>))]
[JsonSerializable(typeof(IReadOnlyList<SourceJson>))]
[JsonSerializable(typeof(ImportJson))]
[JsonSerializable(typeof(IReadOnlyList<DuplicateJson>))]
[JsonSerializable(typeof(IReadOnlyList<CaseSuggestionJson>))]
[JsonSerializable(typeof(CodingJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.TrainJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.EvalJson))]
[JsonSerializable(typeof(ReportJson))]
[JsonSerializable(typeof(IReadOnlyList<SearchHitJson>))]
[JsonSerializable(typeof(InfoJson))]
[JsonSerializable(typeof(IReadOnlyList<MemoJson>))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.QdpxExportJson))]
[JsonSerializable(typeof(IReadOnlyList<DefectorLens.Cli.Commands.QdpxImportJson>))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.PrevalenceByJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.ReflectionJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.TimelineJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.RisksJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.CredibilityJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.UnseenJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.ReliabilityJson))]
[JsonSerializable(typeof(IReadOnlyList<DefectorLens.Cli.Commands.Stats.QuoteJson>))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.CounterJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.ExportJson))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.Stats.ReportPdfJson))]
[JsonSerializable(typeof(IReadOnlyList<AuditEventJson>))]
[JsonSerializable(typeof(AuditCheckJson))]
[JsonSerializable(typeof(KeyStatusJson))]
[JsonSerializable(typeof(KeyChangeJson))]
[JsonSerializable(typeof(BackupJson))]
[JsonSerializable(typeof(RestoreJson))]
[JsonSerializable(typeof(IReadOnlyList<DefectorLens.Cli.Commands.ReviewItemJson>))]
[JsonSerializable(typeof(DefectorLens.Cli.Commands.ModelListJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>Writes one JSON document to standard output.</summary>
internal static class JsonOutput
{
    // Arabic and other scripts stay readable instead of being escaped: relaxed escaping is safe because the output is a JSON
    // document on standard output, never embedded in HTML. It is set on the writer rather than in the serializer's options,
    // where any encoder would turn off the generated serialisation code for the slower path through metadata.
    private static readonly JsonWriterOptions Readable = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serialises <paramref name="value"/> indented and readable, and ends the line.</summary>
    /// <remarks>
    /// The document is passed on in pieces as it is written: the 37 MB that <c>stats credibility --json</c> prints for
    /// 100,000 cases would otherwise first be held whole, in fresh memory.
    /// </remarks>
    public static void Write<T>(TextWriter output, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using (var text = new TextBufferWriter(output))
        using (var writer = new Utf8JsonWriter(text, Readable))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        output.WriteLine();
    }

    /// <summary>A buffer the JSON writer fills, decoded onto a text writer each time it is full, keeping a character split between two drains.</summary>
    private sealed class TextBufferWriter(TextWriter output) : IBufferWriter<byte>, IDisposable
    {
        private const int Size = 64 * 1024;
        private readonly System.Text.Decoder _decoder = new System.Text.UTF8Encoding(false).GetDecoder();
        private byte[] _bytes = new byte[Size];
        private char[] _chars = [];
        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var wanted = Math.Max(sizeHint, 1);
            if (_bytes.Length - _written < wanted)
            {
                Drain();
                if (_bytes.Length < wanted)
                {
                    _bytes = new byte[wanted];
                }
            }

            return _bytes.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        // The writer was disposed first, so everything it wrote has been advanced.
        public void Dispose() => Drain();

        private void Drain()
        {
            var most = System.Text.Encoding.UTF8.GetMaxCharCount(_written);
            if (_chars.Length < most)
            {
                _chars = new char[most];
            }

            output.Write(_chars, 0, _decoder.GetChars(_bytes.AsSpan(0, _written), _chars, flush: false));
            _written = 0;
        }
    }
}
