namespace DefectorLens.Interop.Import;

/// <summary>The shape of case and source ids, and ids made from file names.</summary>
internal static class Identifiers
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>True for 1 to 100 letters, digits, <c>-</c>, <c>_</c> and <c>.</c>.</summary>
    public static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= MaxLength && id.All(IsIdCharacter);

    /// <summary>Makes an id from a file name: each run of other characters becomes one <c>-</c>; null when nothing is left.</summary>
    public static string? FromFileName(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var id = new System.Text.StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            if (IsIdCharacter(c))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        var trimmed = id.ToString().Trim('-', '.');
        return trimmed.Length == 0 ? null : trimmed[..Math.Min(trimmed.Length, MaxLength)].TrimEnd('-', '.');
    }

    private static bool IsIdCharacter(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.';
}
