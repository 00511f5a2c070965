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

/// <summary>What <c>dlens import --json</c> did.</summary>
internal sealed record ImportJson(int Cases, int Sources, int Rejected, IReadOnlyList<FileImportJson> Files);

/// <summary>One imported file.</summary>
internal sealed record FileImportJson(string File, int Cases, int Sources, IReadOnlyList<string> Errors);

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
[JsonSerializable(typeof(CodingJson))]
[JsonSerializable(typeof(ReportJson))]
[JsonSerializable(typeof(IReadOnlyList<SearchHitJson>))]
[JsonSerializable(typeof(InfoJson))]
[JsonSerializable(typeof(IReadOnlyList<MemoJson>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>The context the CLI prints with: Arabic and other scripts stay readable instead of being escaped.</summary>
    /// <remarks>Relaxed escaping is safe here because the output is a JSON document on standard output, never embedded in HTML.</remarks>
    public static CliJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>Writes one JSON document to standard output.</summary>
internal static class JsonOutput
{
    /// <summary>Serialises <paramref name="value"/> with the CLI's options and ends the line.</summary>
    public static void Write<T>(TextWriter output, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        output.WriteLine(JsonSerializer.Serialize(value, type));
    }
}
