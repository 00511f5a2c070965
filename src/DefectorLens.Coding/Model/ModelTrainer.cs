using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Rules;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace DefectorLens.Coding.Model;

/// <summary>How a model is trained.</summary>
/// <param name="Version">The version the model's codings will name.</param>
/// <param name="Codebook">The codebook and version its codes come from (<c>icsr-2015@1.2</c>).</param>
/// <param name="Seed">Seeds ML.NET and the fold assignment: the same data and seed give the same model.</param>
/// <param name="Folds">Folds of the cross-validation that chooses each code's threshold.</param>
public sealed record ModelTrainingOptions(string Version, string Codebook, int Seed = 2015, int Folds = 5)
{
    /// <summary>L2 regularisation of each code's logistic regression.</summary>
    public float L2Regularization { get; init; } = 0.01f;

    /// <summary>L1 regularisation, which keeps the weights sparse and the explanations short.</summary>
    public float L1Regularization { get; init; } = 0.001f;

    /// <summary>The lexicon rules the model will be combined with, or null for a model that is only used alone.</summary>
    /// <remarks>
    /// With rules, each code also gets the threshold of the combined coder (see <see cref="AutoCoder"/>), chosen on the same
    /// out-of-fold probabilities as the model's own threshold.
    /// </remarks>
    public RuleCoder? Rules { get; init; }
}

/// <summary>Trains the model coder: one calibrated logistic regression per code, thresholds chosen by cross-validation.</summary>
/// <remarks>
/// The texts are featurised once; each code's regression is then trained on every fold but one, its out-of-fold
/// probabilities give the threshold that maximises its F1, and a last fit on all the texts gives the weights the model keeps.
/// Each regression is single-threaded and seeded, and codes train side by side, so training is reproducible and uses
/// every core.
/// </remarks>
public static class ModelTrainer
{
    private const string LabelColumn = "Label";
    private const string FeaturesColumn = "Features";

    /// <summary>Trains a model for <paramref name="codes"/> on the labelled texts.</summary>
    /// <exception cref="UserErrorException">There are no texts, or no text carries any of the codes.</exception>
    public static TextModel Train(
        IReadOnlyList<LabelledText> items, IReadOnlyList<CodeId> codes, ModelTrainingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Folds, 2);
        if (items.Count == 0 || !items.Any(item => item.Labels.Any(codes.Contains)))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.NothingToTrainOn);
        }

        var ml = new MLContext(options.Seed);
        var featurizer = TextFeaturizer.Fit(ml, items.Select(item => item.Text));
        var features = featurizer.Featurize(items.Select(item => item.Text));
        var folds = AssignFolds(items.Count, options.Folds, options.Seed);
        var ruleHits = options.Rules is { } rules
            ? items.Select(item => rules.CodeWhole(item.Text, item.Language).Select(hit => hit.Code).ToHashSet()).ToList()
            : null;
        var heads = new CodeHead[codes.Count];
        var figures = new CodeFigures[codes.Count];
        Parallel.For(0, codes.Count, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            var labels = items.Select(item => item.Labels.Contains(codes[k])).ToArray();
            var fired = ruleHits?.Select(hits => hits.Contains(codes[k])).ToArray();
            (heads[k], figures[k]) = TrainCode(codes[k], labels, fired, features, folds, featurizer.Dimension, options, cancellationToken);
        });

        var manifest = new ModelManifest(options.Version, options.Codebook, items.Count, Fingerprint(items), options.Seed, options.Folds, [.. figures]);
        return new TextModel(manifest, featurizer, [.. heads]);
    }

    /// <summary>SHA-256 of the labelled texts, in order: ids, languages, texts and labels.</summary>
    public static string Fingerprint(IReadOnlyList<LabelledText> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = new StringBuilder();
        foreach (var item in items)
        {
            builder.Append(item.Id).Append('\t').Append(item.Language).Append('\t').Append(item.Text).Append('\t')
                .AppendJoin(',', item.Labels.Select(label => label.Value)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static (CodeHead Head, CodeFigures Figures) TrainCode(
        CodeId code, bool[] labels, bool[]? fired, List<VBuffer<float>> features, int[] folds, int dimension, ModelTrainingOptions options,
        CancellationToken cancellationToken)
    {
        var outOfFold = new double[labels.Length];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var held = fold;
            var head = Fit(code, labels, features, i => folds[i] != held, dimension, options);
            for (var i = 0; i < labels.Length; i++)
            {
                if (folds[i] == held)
                {
                    outOfFold[i] = head.Probability(head.Bias + Dot(head.Weights, features[i]));
                }
            }
        }

        var (threshold, counts) = Thresholds.BestF1(outOfFold, labels);
        double? combined = fired is null
            ? null
            : Thresholds.BestF1([.. outOfFold.Select((probability, i) => AutoCoder.CombinedScore(probability, fired[i]))], labels).Threshold;
        var final = Fit(code, labels, features, _ => true, dimension, options) with { Threshold = threshold, CombinedThreshold = combined };
        return (final, new CodeFigures(code, threshold, labels.Count(label => label), counts.Precision, counts.Recall, counts.F1)
        {
            CombinedThreshold = combined,
        });
    }

    private static CodeHead Fit(
        CodeId code, bool[] labels, List<VBuffer<float>> features, Func<int, bool> include, int dimension, ModelTrainingOptions options)
    {
        var rows = Enumerable.Range(0, labels.Length).Where(include).Select(i => new TrainingRow { Label = labels[i], Features = features[i] }).ToList();
        if (!rows.Any(row => row.Label) || rows.All(row => row.Label))
        {
            // One class only: a regression has nothing to separate, so the code gets the base rate whatever the text.
            var rate = rows.Count(row => row.Label) / (double)Math.Max(1, rows.Count);
            return new CodeHead(code, 0, -1, -Math.Log(Math.Clamp(rate, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(rate, 1e-6, 1 - 1e-6))), 0.5, []);
        }

        // A context per fit: MLContext is not meant to be shared across threads, and its own seed keeps each fit reproducible.
        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(TrainingRow));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = FeaturesColumn,
            L1Regularization = options.L1Regularization,
            L2Regularization = options.L2Regularization,
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(data).Model;
        var calibrator = (PlattCalibrator)model.Calibrator;
        var weights = model.SubModel.Weights;
        var sparse = ImmutableArray.CreateBuilder<(int, float)>();
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] != 0)
            {
                sparse.Add((i, weights[i]));
            }
        }

        return new CodeHead(code, model.SubModel.Bias, calibrator.Slope, calibrator.Offset, 0.5, sparse.ToImmutable());
    }

    private static double Dot(ImmutableArray<(int Index, float Weight)> weights, VBuffer<float> features)
    {
        // Both sides are sorted by feature index: one merge pass.
        var sum = 0.0;
        var w = 0;
        foreach (var (index, value) in features.Items())
        {
            while (w < weights.Length && weights[w].Index < index)
            {
                w++;
            }

            if (w < weights.Length && weights[w].Index == index)
            {
                sum += weights[w].Weight * value;
            }
        }

        return sum;
    }

    private static int[] AssignFolds(int count, int folds, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var assignment = new int[count];
        for (var position = 0; position < count; position++)
        {
            assignment[order[position]] = position % folds;
        }

        return assignment;
    }

    /// <summary>One row a regression trains on.</summary>
    private sealed class TrainingRow
    {
        public bool Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }
}
