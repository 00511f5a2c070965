using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DefectorLens.Services;

/// <summary>Source-generated serialisation of <c>dlens classify</c>'s output lines: one compact object per line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ClassifiedLine))]
internal sealed partial class ClassifiedJsonContext : JsonSerializerContext
{
    /// <summary>Compact, with Arabic and other scripts left readable (the output is JSON Lines, never embedded in HTML).</summary>
    public static ClassifiedJsonContext Compact { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
