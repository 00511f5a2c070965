using System.Text;

namespace DefectorLens.Core.Protection;

/// <summary>A redacted text with the map from the original's offsets to its own, so that coded spans follow the text.</summary>
/// <remarks>
/// Every character of the redacted text remembers the span of the original it stands for: a kept character its own
/// position, every character of a replacement the whole span it replaced. A span of the original that touches no
/// replacement maps to the same characters; one that touches a replacement grows to cover the whole replacement, so
/// that no selection ends inside a marker or a pseudonym.
/// </remarks>
public sealed class RedactedText
{
    private readonly int _originalLength;
    private readonly List<(int Start, int End)> _replaced = [];

    // Per character of Text, the original span it stands for; null while nothing was replaced.
    private int[]? _starts;
    private int[]? _ends;

    internal RedactedText(string original)
    {
        Text = original;
        _originalLength = original.Length;
    }

    /// <summary>The redacted text.</summary>
    public string Text { get; private set; }

    /// <summary>The spans of the original text that were replaced, in order and without overlap.</summary>
    public IReadOnlyList<(int Start, int End)> Replaced => _replaced;

    /// <summary>Where the span <c>[start, end)</c> of the original text is in the redacted text.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The span is not inside the original text.</exception>
    public (int Start, int End) Map(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, _originalLength);
        if (_starts is null)
        {
            return (start, end);
        }

        // The first character that reaches past the start, and the first that begins at or after the end.
        var mappedStart = FirstAbove(_ends!, start);
        var mappedEnd = FirstAtLeast(_starts, end);
        return (mappedStart, Math.Max(mappedStart, mappedEnd));
    }

    /// <summary>Replaces spans of the current text, given in order and without overlap as <c>[start, end)</c>.</summary>
    internal void Apply(IReadOnlyList<(int Start, int End, string Replacement)> edits)
    {
        if (edits.Count == 0)
        {
            return;
        }

        var current = Text;
        var starts = _starts ?? Identity(current.Length, 0);
        var ends = _ends ?? Identity(current.Length, 1);
        var text = new StringBuilder(current.Length);
        var newStarts = new List<int>(current.Length);
        var newEnds = new List<int>(current.Length);
        var copied = 0;
        foreach (var (start, end, replacement) in edits)
        {
            text.Append(current, copied, start - copied);
            newStarts.AddRange(starts.AsSpan(copied, start - copied));
            newEnds.AddRange(ends.AsSpan(copied, start - copied));
            var (from, to) = (starts[start], ends[end - 1]);
            text.Append(replacement);
            for (var i = 0; i < replacement.Length; i++)
            {
                newStarts.Add(from);
                newEnds.Add(to);
            }

            Record(from, to);
            copied = end;
        }

        text.Append(current, copied, current.Length - copied);
        newStarts.AddRange(starts.AsSpan(copied));
        newEnds.AddRange(ends.AsSpan(copied));
        Text = text.ToString();
        _starts = [.. newStarts];
        _ends = [.. newEnds];
    }

    private static int[] Identity(int length, int shift)
    {
        var map = new int[length];
        for (var i = 0; i < length; i++)
        {
            map[i] = i + shift;
        }

        return map;
    }

    // A later pass may replace text that holds earlier replacements: the wider span takes their place.
    private void Record(int start, int end)
    {
        _replaced.RemoveAll(span => span.Start >= start && span.End <= end);
        var at = _replaced.FindIndex(span => span.Start > start);
        _replaced.Insert(at < 0 ? _replaced.Count : at, (start, end));
    }

    private static int FirstAbove(int[] sorted, int value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            (low, high) = sorted[middle] > value ? (low, middle) : (middle + 1, high);
        }

        return low;
    }

    private static int FirstAtLeast(int[] sorted, int value) => FirstAbove(sorted, value - 1);
}
