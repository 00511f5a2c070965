using DefectorLens.Coding.Model;

namespace DefectorLens.Services;

/// <summary>The model shipped inside dlens, trained on the team's labelled development set.</summary>
/// <remarks>
/// It is <c>models/icsr-2015-dev.zip</c> in the repository, embedded in this assembly, so no download is ever needed.
/// <c>dlens train --gold data/labelled/train.jsonl --out models/icsr-2015-dev.zip</c> reproduces it (see docs/coding.md).
/// </remarks>
public static class DefaultModel
{
    /// <summary>The version the shipped model's codings name.</summary>
    public const string Version = "icsr-2015-dev.3";

    private const string Resource = "DefectorLens.Models.icsr-2015-dev.zip";

    private static readonly Lazy<TextModel> Shipped = new(Load);

    /// <summary>The shipped model, read once.</summary>
    public static TextModel Model => Shipped.Value;

    private static TextModel Load()
    {
        using var stream = typeof(DefaultModel).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the shipped model '{Resource}' is missing from this build");
        return TextModel.Read(stream, "the shipped model");
    }
}
