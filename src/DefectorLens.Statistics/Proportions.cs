using MathNet.Numerics.Distributions;

namespace DefectorLens.Statistics;

/// <summary>Confidence intervals for a proportion.</summary>
public static class Proportions
{
    /// <summary>The two-sided normal quantile for a confidence level (1.959964 for 0.95).</summary>
    public static double NormalQuantile(double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(confidence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1.0);
        return Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));
    }

    /// <summary>The Wilson score interval (without continuity correction) for <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    /// <remarks>Defined for zero trials as [0, 1]: nothing observed, nothing excluded. Never NaN.</remarks>
    public static Interval Wilson(int successes, int trials, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return new Interval(0, 1);
        }

        var z = NormalQuantile(confidence);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var halfWidth = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));

        // Clamp away rounding error so that 0/n starts exactly at 0 and n/n ends exactly at 1.
        var low = successes == 0 ? 0 : Math.Max(0, centre - halfWidth);
        var high = successes == trials ? 1 : Math.Min(1, centre + halfWidth);
        return new Interval(low, high);
    }
}
