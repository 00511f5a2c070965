namespace DefectorLens.Interop.Import;

/// <summary>The shape of language codes.</summary>
internal static class Languages
{
    /// <summary>The code in lower case when it is two ASCII letters, the shape of an ISO 639-1 code; otherwise null.</summary>
    public static string? Normalise(string code) =>
        code.Length == 2 && char.IsAsciiLetter(code[0]) && char.IsAsciiLetter(code[1])
            ? string.Concat(char.ToLowerInvariant(code[0]), char.ToLowerInvariant(code[1]))
            : null;
}
