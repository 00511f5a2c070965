namespace DefectorLens.Coding.Text;

/// <summary>Finds who is speaking at a point of a transcript written as turns (<c>Name: words</c>).</summary>
public static class TranscriptTurns
{
    private const int MaxLabelLength = 40;

    /// <summary>The label of the turn that contains <paramref name="offset"/>, or null when the text there is not in a turn.</summary>
    /// <remarks>A turn runs from a line that starts with a label and a colon until the next such line.</remarks>
    public static string? SpeakerAt(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, text.Length);
        var lineStart = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        while (true)
        {
            if (LabelOf(text, lineStart) is { } label)
            {
                return label;
            }

            if (lineStart == 0)
            {
                return null;
            }

            lineStart = lineStart < 2 ? 0 : text.LastIndexOf('\n', lineStart - 2) + 1;
        }
    }

    private static string? LabelOf(string text, int lineStart)
    {
        var lineEnd = text.IndexOf('\n', lineStart);
        var line = text.AsSpan(lineStart, (lineEnd < 0 ? text.Length : lineEnd) - lineStart);
        var colon = line.IndexOf(':');
        if (colon <= 0 || colon > MaxLabelLength)
        {
            return null;
        }

        var label = line[..colon].Trim();
        return label.Length > 0 && !label.ContainsAny('.', '?', '!') ? label.ToString() : null;
    }
}
