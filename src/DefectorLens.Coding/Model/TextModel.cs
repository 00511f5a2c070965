using System.Collections.Immutable;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DefectorLens.Coding.Model;

/// <summary>A trained model coder: one calibrated logistic regression per code over the text's features, with its thresholds.</summary>
/// <remarks>
/// A model is stored as one zip archive: <c>featurizer.zip</c> (ML.NET's own format for the text featurizer),
/// <c>weights.bin</c> (each code's non-zero weights) and <c>model.json</c> (version, thresholds, calibration and the
/// cross-validated figures). Scoring reads the weights directly, so every score can say which features weighed most.
/// </remarks>
public sealed class TextModel
{
    private const string FeaturizerEntry = "featurizer.zip";
    private const string WeightsEntry = "weights.bin";
    private const string ManifestEntry = "model.json";
    private const int FormatVersion = 1;

    // Entries carry a fixed time so that the same training gives the same archive.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TextFeaturizer _featurizer;
    private readonly float[] _weights;
    private readonly ImmutableArray<CodeHead> _heads;
    private readonly Lazy<string[]> _featureNames;

    internal TextModel(ModelManifest manifest, TextFeaturizer featurizer, ImmutableArray<CodeHead> heads)
    {
        Manifest = manifest;
        _featurizer = featurizer;
        _heads = heads;
        _featureNames = new(() => [.. featurizer.FeatureNames.Select(FeatureName)]);
        // Row-major feature × code: each feature present in a text reads its weights for every code in one place.
        _weights = new float[featurizer.Dimension * heads.Length];
        for (var k = 0; k < heads.Length; k++)
        {
            foreach (var (index, weight) in heads[k].Weights)
            {
                _weights[(index * heads.Length) + k] = weight;
            }
        }
    }

    /// <summary>The model's version, its codes, thresholds and cross-validated figures.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The model's version, as its codings name it.</summary>
    public string Version => Manifest.Version;

    /// <summary>The codes the model assigns, in the order of its scores.</summary>
    public ImmutableArray<CodeId> Codes => [.. _heads.Select(head => head.Code)];

    /// <summary>The model's featurizer.</summary>
    internal TextFeaturizer Featurizer => _featurizer;

    /// <summary>A scorer for one thread; make one per worker.</summary>
    public ModelScorer CreateScorer() => new(this, _featurizer.CreateEngine());

    /// <summary>Reads a model written by <see cref="Write"/>.</summary>
    /// <exception cref="UserErrorException">The bytes are not a model of this format (<see cref="UserErrorKind.InvalidInput"/>).</exception>
    public static TextModel Read(Stream stream, string origin)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            ModelManifestJson json;
            using (var manifest = Open(archive, ManifestEntry, origin))
            {
                json = JsonSerializer.Deserialize(manifest, ModelJsonContext.Default.ModelManifestJson)
                    ?? throw new InvalidDataException(ManifestEntry);
            }

            if (json.Format != FormatVersion)
            {
                throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ModelFormatUnknown(origin, json.Format));
            }

            var ml = new MLContext(json.Seed);
            TextFeaturizer featurizer;
            using (var entry = Open(archive, FeaturizerEntry, origin))
            using (var buffer = new MemoryStream())
            {
                // ML.NET needs a seekable stream; archive entries are not.
                entry.CopyTo(buffer);
                buffer.Position = 0;
                featurizer = TextFeaturizer.Load(ml, buffer);
            }

            using var weights = new BinaryReader(Open(archive, WeightsEntry, origin));
            var heads = json.Codes.Select(code => new CodeHead(
                new CodeId(code.Code), code.Bias, code.Slope, code.Offset, code.Threshold, ReadWeights(weights))
            {
                CombinedThreshold = code.CombinedThreshold,
            }).ToImmutableArray();
            return new TextModel(json.ToManifest(), featurizer, heads);
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException or EndOfStreamException or FormatException)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ModelUnreadable(origin), exception);
        }
    }

    /// <summary>Writes the model as one zip archive.</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var manifest = Create(archive, ManifestEntry))
        {
            JsonSerializer.Serialize(manifest, ModelManifestJson.From(Manifest, FormatVersion, _heads), ModelJsonContext.Default.ModelManifestJson);
        }

        using (var featurizer = Create(archive, FeaturizerEntry))
        using (var buffer = new MemoryStream())
        {
            _featurizer.Save(buffer);
            buffer.Position = 0;
            buffer.CopyTo(featurizer);
        }

        using var weights = new BinaryWriter(Create(archive, WeightsEntry));
        foreach (var head in _heads)
        {
            weights.Write(head.Weights.Length);
            foreach (var (index, weight) in head.Weights)
            {
                weights.Write(index);
                weights.Write(weight);
            }
        }
    }

    /// <summary>The model as bytes, for a store.</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        Write(buffer);
        return buffer.ToArray();
    }

    /// <summary>Scores every code for one text's features; <paramref name="scores"/> receives the raw (uncalibrated) scores.</summary>
    internal void ScoreInto(VBuffer<float> features, Span<double> scores)
    {
        for (var k = 0; k < _heads.Length; k++)
        {
            scores[k] = _heads[k].Bias;
        }

        var codes = _heads.Length;
        var values = features.GetValues();
        if (features.IsDense)
        {
            for (var i = 0; i < values.Length; i++)
            {
                AddRow(i, values[i], scores, codes);
            }
        }
        else
        {
            var indices = features.GetIndices();
            for (var j = 0; j < values.Length; j++)
            {
                AddRow(indices[j], values[j], scores, codes);
            }
        }
    }

    /// <summary>The features present in a text that pushed code <paramref name="k"/> up most, strongest first.</summary>
    internal ImmutableArray<string> TopFeatures(VBuffer<float> features, int k, int count)
    {
        // A text has a hundred or so features and a code names three: keep the best few in place rather than sort them all.
        if (count <= 0)
        {
            return [];
        }

        var codes = _heads.Length;
        Span<(float Contribution, int Index)> best = stackalloc (float, int)[Math.Min(count, 16)];
        var found = 0;
        foreach (var (index, value) in features.Items())
        {
            var contribution = _weights[(index * codes) + k] * value;
            if (contribution <= 0 || (found == best.Length && !Before((contribution, index), best[found - 1])))
            {
                continue;
            }

            var at = found < best.Length ? found++ : found - 1;
            while (at > 0 && Before((contribution, index), best[at - 1]))
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = (contribution, index);
        }

        var names = ImmutableArray.CreateBuilder<string>(found);
        foreach (var (_, index) in best[..found])
        {
            names.Add(_featureNames.Value[index]);
        }

        return names.MoveToImmutable();

        static bool Before((float Contribution, int Index) a, (float Contribution, int Index) b) =>
            a.Contribution > b.Contribution || (a.Contribution == b.Contribution && a.Index < b.Index);
    }

    internal CodeHead Head(int k) => _heads[k];

    private void AddRow(int index, float value, Span<double> scores, int codes)
    {
        var row = _weights.AsSpan(index * codes, codes);
        for (var k = 0; k < codes; k++)
        {
            scores[k] += row[k] * value;
        }
    }

    // ML.NET names n-gram slots "w1|w2" and character grams with <␂>/<␃> marking the word's ends; show them plainly.
    private static string FeatureName(string slot) =>
        slot.Replace("<␂>", "^", StringComparison.Ordinal).Replace("<␃>", "$", StringComparison.Ordinal).Replace('|', ' ');

    private static Stream Open(ZipArchive archive, string name, string origin) =>
        (archive.GetEntry(name) ?? throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ModelEntryMissing(origin, name))).Open();

    private static Stream Create(ZipArchive archive, string name)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        return entry.Open();
    }

    private static ImmutableArray<(int Index, float Weight)> ReadWeights(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException(WeightsEntry);
        }

        var weights = ImmutableArray.CreateBuilder<(int, float)>(count);
        for (var i = 0; i < count; i++)
        {
            weights.Add((reader.ReadInt32(), reader.ReadSingle()));
        }

        return weights.MoveToImmutable();
    }
}

/// <summary>One code's part of a model: a logistic regression's weights, its calibration and its decision threshold.</summary>
/// <param name="Code">The code.</param>
/// <param name="Bias">The regression's bias.</param>
/// <param name="Slope">Platt calibration: probability = 1 / (1 + exp(Slope × score + Offset)).</param>
/// <param name="Offset">Platt calibration offset.</param>
/// <param name="Threshold">The probability from which the code is assigned, chosen by cross-validation.</param>
/// <param name="Weights">The non-zero weights by feature index.</param>
internal sealed record CodeHead(CodeId Code, float Bias, double Slope, double Offset, double Threshold, ImmutableArray<(int Index, float Weight)> Weights)
{
    /// <summary>The threshold of the combined coder's score, or null for a model trained without rules.</summary>
    public double? CombinedThreshold { get; init; }

    /// <summary>The calibrated probability of a raw score.</summary>
    public double Probability(double score) => 1 / (1 + Math.Exp((Slope * score) + Offset));
}

/// <summary>What a model is: its version, what it was trained on and how well it did in cross-validation.</summary>
/// <param name="Version">The version its codings name (<c>icsr-2015-dev.3</c>, <c>project.2</c>).</param>
/// <param name="Codebook">The codebook and version its codes come from.</param>
/// <param name="Items">How many labelled texts it was trained on.</param>
/// <param name="DataSha256">SHA-256 of the training data, so that a model can be traced to what it learned from.</param>
/// <param name="Seed">The seed of the ML.NET context it was trained with.</param>
/// <param name="Folds">The folds of the cross-validation that chose its thresholds.</param>
/// <param name="Codes">Each code's threshold and cross-validated figures.</param>
public sealed record ModelManifest(string Version, string Codebook, int Items, string DataSha256, int Seed, int Folds, ImmutableArray<CodeFigures> Codes)
{
    /// <summary>The mean of the codes' cross-validated F1.</summary>
    public double MacroF1 => Codes.IsEmpty ? 0 : Codes.Average(code => code.F1);
}

/// <summary>One code's threshold and its cross-validated precision, recall and F1 at that threshold.</summary>
/// <param name="Code">The code.</param>
/// <param name="Threshold">The probability from which the code is assigned.</param>
/// <param name="Support">Training texts that carry the code.</param>
/// <param name="Precision">Cross-validated precision.</param>
/// <param name="Recall">Cross-validated recall.</param>
/// <param name="F1">Cross-validated F1.</param>
public sealed record CodeFigures(CodeId Code, double Threshold, int Support, double Precision, double Recall, double F1)
{
    /// <summary>The threshold of the combined coder's score (probability plus the rule bonus), or null for a model trained without rules.</summary>
    public double? CombinedThreshold { get; init; }
}

/// <summary>The stored shape of <see cref="ModelManifest"/> with each code's calibration.</summary>
internal sealed record ModelManifestJson(
    int Format, string Version, string Codebook, int Items, string DataSha256, int Seed, int Folds, ImmutableArray<CodeHeadJson> Codes)
{
    public static ModelManifestJson From(ModelManifest manifest, int format, ImmutableArray<CodeHead> heads) => new(
        format, manifest.Version, manifest.Codebook, manifest.Items, manifest.DataSha256, manifest.Seed, manifest.Folds,
        [.. manifest.Codes.Zip(heads, (figures, head) => new CodeHeadJson(
            head.Code.Value, head.Bias, head.Slope, head.Offset, head.Threshold, figures.Support, figures.Precision, figures.Recall, figures.F1,
            head.CombinedThreshold))]);

    public ModelManifest ToManifest() => new(
        Version, Codebook, Items, DataSha256, Seed, Folds,
        [.. Codes.Select(code => new CodeFigures(new CodeId(code.Code), code.Threshold, code.Support, code.Precision, code.Recall, code.F1)
        {
            CombinedThreshold = code.CombinedThreshold,
        })]);
}

/// <summary>One code in the stored manifest; <paramref name="CombinedThreshold"/> is absent from models trained without rules.</summary>
internal sealed record CodeHeadJson(
    string Code, float Bias, double Slope, double Offset, double Threshold, int Support, double Precision, double Recall, double F1,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CombinedThreshold = null);

/// <summary>Source-generated serialisation of the model manifest.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ModelManifestJson))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
