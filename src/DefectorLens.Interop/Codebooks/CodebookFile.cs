using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Codebooks;

/// <summary>Reads and writes codebook files (YAML or JSON, see <c>docs/codebook-format.md</c>) and holds the default codebook.</summary>
public static class CodebookFile
{
    private const string DefaultResource = "DefectorLens.Codebooks.icsr-2015.yaml";

    private static readonly string[] Extensions = [".json", ".yaml", ".yml"];

    private static readonly Lazy<Codebook> DefaultCodebook = new(LoadDefault);

    /// <summary>The default codebook, <c>icsr-2015</c>, shipped inside this assembly.</summary>
    public static Codebook Default => DefaultCodebook.Value;

    /// <summary>Reads a codebook file, YAML (<c>.yaml</c>, <c>.yml</c>) or JSON (<c>.json</c>) by its extension.</summary>
    /// <param name="path">The file, as the user named it; errors name it so.</param>
    public static CodebookReadResult Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path);
        if (!Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return Failed(path, Messages.UnsupportedFileType(extension, Extensions));
        }

        var errors = new InputErrorList(path);
        var bytes = SourceFiles.ReadBytes(path, errors);
        var text = bytes is null ? null : TextDecoding.Decode(bytes, errors);
        return text is null ? new CodebookReadResult(null, errors.ToList()) : Parse(text, path);
    }

    /// <summary>Parses a codebook from text; the file name says the format (JSON for <c>.json</c>, else YAML) and names the file in errors.</summary>
    public static CodebookReadResult Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new InputErrorList(fileName);
        var isJson = Path.GetExtension(fileName).Equals(".json", StringComparison.OrdinalIgnoreCase);
        var codebook = CodebookReader.Read(text, isJson, errors);
        return new CodebookReadResult(errors.Any ? null : codebook, errors.ToList());
    }

    /// <summary>Writes the codebook as YAML in the shape of <c>docs/codebook-format.md</c>.</summary>
    public static string ToYaml(Codebook codebook)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        return CodebookWriter.ToYaml(codebook);
    }

    /// <summary>Writes the codebook as JSON with the same keys as the YAML form.</summary>
    public static string ToJson(Codebook codebook)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        return CodebookWriter.ToJson(codebook);
    }

    private static CodebookReadResult Failed(string path, string reason) => new(null, [new InputError(path, null, reason)]);

    private static Codebook LoadDefault()
    {
        var assembly = typeof(CodebookFile).Assembly;
        using var stream = assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"The resource {DefaultResource} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var result = Parse(reader.ReadToEnd(), "icsr-2015.yaml");

        // The file is embedded at build time and tested, so a broken one is a build defect, not bad input.
        return result.Codebook ?? throw new InvalidOperationException(
            $"The embedded codebook is not valid: {string.Join("; ", result.Errors)}");
    }
}
