using System.Collections.Immutable;
using System.Text.Json;
using DefectorLens.Core;

namespace DefectorLens.Coding.Evaluation;

/// <summary>One line of a JSON Lines input to classify or evaluate: <c>{"id", "lang", "text", "labels"}</c>.</summary>
/// <param name="Id">The line's <c>id</c>, or null when it has none.</param>
/// <param name="Language">Its <c>lang</c>, or null when unknown.</param>
/// <param name="Text">Its <c>text</c>.</param>
/// <param name="Labels">Its <c>labels</c> as given (code ids), or default when it has none.</param>
public sealed record JsonLine(string? Id, string? Language, string Text, ImmutableArray<string> Labels)
{
    /// <summary>Parses one line; bad input is returned as the reason, never thrown.</summary>
    /// <param name="line">The line's text.</param>
    /// <param name="requireLabels">True for a gold file, where every line needs <c>labels</c>.</param>
    public static (JsonLine? Line, string? Error) Parse(string line, bool requireLabels)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Messages.LineNotObject);
            }

            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                return (null, Messages.LineTextMissing);
            }

            if (!TryOptionalString(root, "id", out var id) || !TryOptionalString(root, "lang", out var language))
            {
                return (null, Messages.LineFieldNotString(TryOptionalString(root, "id", out _) ? "lang" : "id"));
            }

            var labels = default(ImmutableArray<string>);
            if (root.TryGetProperty("labels", out var array))
            {
                if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
                {
                    return (null, Messages.LineLabelsMissing);
                }

                labels = [.. array.EnumerateArray().Select(item => item.GetString()!)];
            }
            else if (requireLabels)
            {
                return (null, Messages.LineLabelsMissing);
            }

            return (new JsonLine(id, language, text.GetString()!, labels), null);
        }
        catch (JsonException exception)
        {
            return (null, Messages.NotValidJson(FirstSentence(exception.Message)));
        }
    }

    // Numbers are read as their own text: an id of 7 is "7".
    private static bool TryOptionalString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
        return value is not null;
    }

    // System.Text.Json appends the path and position to its messages; the line number already says where.
    private static string FirstSentence(string message)
    {
        foreach (var marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd('.', ' ');
    }
}
