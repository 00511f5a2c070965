namespace DefectorLens.Coding.Evaluation;

/// <summary>True positives, false positives and false negatives of one code, with the figures they give.</summary>
/// <param name="TruePositives">Texts that carry the code and were given it.</param>
/// <param name="FalsePositives">Texts given the code that do not carry it.</param>
/// <param name="FalseNegatives">Texts that carry the code and were not given it.</param>
/// <remarks>A ratio with a zero denominator is 0 (no prediction: precision 0; no support: recall 0), never NaN.</remarks>
public readonly record struct Counts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Texts that carry the code.</summary>
    public int Support => TruePositives + FalseNegatives;

    /// <summary>TP / (TP + FP).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>2TP / (2TP + FP + FN): the harmonic mean of precision and recall.</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>The sum of two counts.</summary>
    public static Counts operator +(Counts left, Counts right) => new(
        left.TruePositives + right.TruePositives, left.FalsePositives + right.FalsePositives, left.FalseNegatives + right.FalseNegatives);

    /// <summary>The counts with one more decision added.</summary>
    public Counts Add(bool actual, bool predicted) => (actual, predicted) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (false, true) => this with { FalsePositives = FalsePositives + 1 },
        (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
        _ => this,
    };

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : numerator / (double)denominator;
}

/// <summary>Chooses a decision threshold from scored examples.</summary>
public static class Thresholds
{
    private const int Steps = 94;
    private const double Lowest = 0.01;
    private const double Step = 0.01;

    /// <summary>The threshold between 0.05 and 0.94 that gives the best F1, and the counts at it.</summary>
    /// <remarks>When several thresholds give the same best F1, the middle one of them is taken, away from the edges of the plateau.</remarks>
    public static (double Threshold, Counts Counts) BestF1(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var best = new List<(double Threshold, Counts Counts)>();
        var bestF1 = -1.0;
        for (var step = 0; step < Steps; step++)
        {
            var threshold = Math.Round(Lowest + (step * Step), 2);
            var counts = new Counts();
            for (var i = 0; i < labels.Count; i++)
            {
                counts = counts.Add(labels[i], probabilities[i] >= threshold);
            }

            if (counts.F1 > bestF1 + 1e-12)
            {
                bestF1 = counts.F1;
                best.Clear();
            }

            if (Math.Abs(counts.F1 - bestF1) <= 1e-12)
            {
                best.Add((threshold, counts));
            }
        }

        return best[best.Count / 2];
    }
}
