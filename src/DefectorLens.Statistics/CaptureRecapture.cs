using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace DefectorLens.Statistics;

/// <summary>An estimate of a population's size with its standard error and interval.</summary>
/// <param name="Method">How it was estimated.</param>
/// <param name="N">The estimated size, or null when the data do not define it.</param>
/// <param name="StandardError">Standard error of <paramref name="N"/>.</param>
/// <param name="Ci95">95% interval for the size.</param>
/// <param name="Interval">How the interval was made.</param>
/// <param name="Undefined">Why the estimate is null; null when it is defined.</param>
public sealed record PopulationEstimate(string Method, double? N, double? StandardError, Interval? Ci95, string Interval, string? Undefined);

/// <summary>One log-linear model fitted to capture histories.</summary>
/// <param name="Name">The model: <c>independence</c> or the two-list interactions it adds, e.g. <c>[12][23]</c>.</param>
/// <param name="Interactions">The pairs of lists (zero-based) whose dependence the model allows.</param>
/// <param name="Parameters">Parameters fitted.</param>
/// <param name="Deviance">Poisson deviance over the observed histories.</param>
/// <param name="DegreesOfFreedom">Observed histories minus parameters.</param>
/// <param name="Aic">Akaike's information criterion: deviance + 2 × parameters (differences equal those of −2 log L + 2k).</param>
/// <param name="Estimate">Population size with its profile-likelihood interval.</param>
public sealed record LogLinearModel(string Name, IReadOnlyList<(int First, int Second)> Interactions, int Parameters, double Deviance, int DegreesOfFreedom, double Aic, PopulationEstimate Estimate);

/// <summary>Estimates from several lists: every model fitted and the one AIC selects.</summary>
/// <param name="Lists">How many lists.</param>
/// <param name="Observed">Individuals on at least one list.</param>
/// <param name="Models">Models that converged, best AIC first.</param>
/// <param name="Selected">The model with the lowest AIC, or null when none could be fitted.</param>
/// <param name="Undefined">Why no model was selected; null when one was.</param>
public sealed record LogLinearResult(int Lists, int Observed, IReadOnlyList<LogLinearModel> Models, LogLinearModel? Selected, string? Undefined);

/// <summary>Capture–recapture (multiple systems) estimation of how many individuals exist, seen or not.</summary>
/// <remarks>
/// Every method assumes a closed population (no one enters or leaves between lists) and that individuals are
/// matched correctly across lists; the two-list estimators also assume the lists are independent and each
/// individual equally likely to be listed. Log-linear models relax independence by modelling it.
/// </remarks>
public static class CaptureRecapture
{
    /// <summary>Most lists a log-linear analysis takes: every subset of two-list interactions is fitted, 2^10 models for five lists.</summary>
    public const int MaxLists = 5;

    private const double Z95 = 1.959963984540054;
    private const double ChiSquare95 = 3.841458820694124;

    /// <summary>The Lincoln–Petersen estimate M n / m, with Seber's standard error and the interval of Krebs (1989, Box 2.1).</summary>
    /// <param name="first">M: individuals on the first list.</param>
    /// <param name="second">n: individuals on the second list.</param>
    /// <param name="both">m: individuals on both.</param>
    /// <remarks>
    /// The interval inverts the normal approximation to the share of the second list already on the first,
    /// with the finite-population and continuity corrections Krebs gives; undefined when no one is on both lists.
    /// </remarks>
    public static PopulationEstimate LincolnPetersen(int first, int second, int both)
    {
        const string method = "Lincoln–Petersen";
        const string interval = "normal approximation to the recapture share (Krebs 1989)";
        CheckTwoLists(first, second, both);
        if (both == 0)
        {
            return new PopulationEstimate(method, null, null, null, interval, "no individual is on both lists, so the estimate is unbounded");
        }

        double m1 = first, n2 = second, m = both;
        var n = m1 * n2 / m;
        var se = Math.Sqrt(m1 * n2 * (m1 - m) * (n2 - m) / (m * m * m));
        Interval? ci = null;
        if (second > 1)
        {
            var share = m / n2;
            var spread = (Z95 * Math.Sqrt((1 - (m / m1)) * share * (1 - share) / (n2 - 1))) + (1 / (2 * n2));
            var high = share - spread <= 0 ? double.PositiveInfinity : m1 / (share - spread);
            ci = new Interval(m1 / Math.Min(1, share + spread), high);
        }

        return new PopulationEstimate(method, n, se, ci is { High: var h } && double.IsFinite(h) ? ci : null, interval,
            ci is { High: var inf } && !double.IsFinite(inf) ? "the interval has no upper bound at this few recaptures" : null);
    }

    /// <summary>Chapman's bias-corrected estimate (M + 1)(n + 1) / (m + 1) − 1 with its standard error (Seber 1982) and a normal interval.</summary>
    public static PopulationEstimate Chapman(int first, int second, int both)
    {
        CheckTwoLists(first, second, both);
        double m1 = first, n2 = second, m = both;
        var n = ((m1 + 1) * (n2 + 1) / (m + 1)) - 1;
        var se = Math.Sqrt((m1 + 1) * (n2 + 1) * (m1 - m) * (n2 - m) / ((m + 1) * (m + 1) * (m + 2)));
        var observed = m1 + n2 - m;
        return new PopulationEstimate("Chapman", n, se, new Interval(Math.Max(observed, n - (Z95 * se)), n + (Z95 * se)), "normal, N ± 1.96 SE, not below the number observed", null);
    }

    /// <summary>Fits every log-linear model with all main effects and any subset of two-list interactions, and selects by AIC.</summary>
    /// <param name="histories">Count of individuals per capture history; history bit i set means on list i. History 0 is not observed and is ignored.</param>
    /// <param name="lists">How many lists (2 to <see cref="MaxLists"/>).</param>
    public static LogLinearResult LogLinear(IReadOnlyDictionary<int, int> histories, int lists)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentOutOfRangeException.ThrowIfLessThan(lists, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lists, MaxLists);
        var cells = Enumerable.Range(1, (1 << lists) - 1).ToArray();
        var counts = cells.Select(h => (double)histories.GetValueOrDefault(h)).ToArray();
        var observed = (int)counts.Sum();
        if (observed == 0)
        {
            return new LogLinearResult(lists, 0, [], null, "no individual is on any list");
        }

        var pairs = new List<(int, int)>();
        for (var a = 0; a < lists; a++)
        {
            for (var b = a + 1; b < lists; b++)
            {
                pairs.Add((a, b));
            }
        }

        var models = new List<LogLinearModel>();
        for (var subset = 0; subset < 1 << pairs.Count; subset++)
        {
            var interactions = pairs.Where((_, i) => (subset & (1 << i)) != 0).ToList();
            var parameters = 1 + lists + interactions.Count;
            if (parameters > cells.Length || Fit(cells, counts, lists, interactions) is not { } fit)
            {
                continue;
            }

            var deviance = Deviance(counts, fit.Fitted);
            var estimate = Estimate(cells, counts, lists, interactions, fit, observed);
            models.Add(new LogLinearModel(Name(interactions), interactions, parameters, deviance, cells.Length - parameters, deviance + (2 * parameters), estimate));
        }

        var ranked = models.OrderBy(model => model.Aic).ThenBy(model => model.Parameters).ToList();
        return ranked.Count == 0
            ? new LogLinearResult(lists, observed, [], null, "no log-linear model could be fitted to these counts")
            : new LogLinearResult(lists, observed, ranked, ranked[0], null);
    }

    private static void CheckTwoLists(int first, int second, int both)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(both);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, both);
        ArgumentOutOfRangeException.ThrowIfLessThan(second, both);
    }

    private static string Name(IReadOnlyList<(int First, int Second)> interactions) => interactions.Count == 0
        ? "independence"
        : string.Concat(interactions.Select(pair => "[" + (pair.First + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + (pair.Second + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "]"));

    private static Matrix<double> Design(int[] cells, int lists, IReadOnlyList<(int First, int Second)> interactions)
    {
        var design = Matrix<double>.Build.Dense(cells.Length, 1 + lists + interactions.Count);
        for (var r = 0; r < cells.Length; r++)
        {
            var h = cells[r];
            design[r, 0] = 1;
            for (var l = 0; l < lists; l++)
            {
                design[r, 1 + l] = (h >> l) & 1;
            }

            for (var k = 0; k < interactions.Count; k++)
            {
                design[r, 1 + lists + k] = ((h >> interactions[k].First) & (h >> interactions[k].Second) & 1);
            }
        }

        return design;
    }

    private sealed record PoissonFit(Vector<double> Coefficients, Vector<double> Fitted, Matrix<double> Covariance);

    // Iteratively reweighted least squares for a Poisson log-linear model; null when it does not converge
    // (an interaction whose margin is empty drives a coefficient to infinity).
    private static PoissonFit? Fit(int[] cells, double[] counts, int lists, IReadOnlyList<(int First, int Second)> interactions)
    {
        var x = Design(cells, lists, interactions);
        var y = Vector<double>.Build.DenseOfArray(counts);
        var mu = y.Map(value => value + 0.5);
        var eta = mu.PointwiseLog();
        var beta = Vector<double>.Build.Dense(x.ColumnCount);
        var previous = double.PositiveInfinity;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var z = eta + (y - mu).PointwiseDivide(mu);
            var weighted = x.Clone();
            for (var r = 0; r < x.RowCount; r++)
            {
                weighted.SetRow(r, x.Row(r) * mu[r]);
            }

            var information = x.TransposeThisAndMultiply(weighted);
            if (Math.Abs(information.Determinant()) < 1e-300)
            {
                return null;
            }

            beta = information.Solve(weighted.TransposeThisAndMultiply(z));
            eta = x * beta;
            if (eta.Any(value => !double.IsFinite(value) || value > 700))
            {
                return null;
            }

            mu = eta.PointwiseExp();
            var deviance = Deviance(counts, mu);
            if (Math.Abs(deviance - previous) < 1e-10 * (Math.Abs(deviance) + 1))
            {
                var covariance = information.Inverse();
                return beta.All(double.IsFinite) && beta.Skip(1).All(b => Math.Abs(b) < 30) ? new PoissonFit(beta, mu, covariance) : null;
            }

            previous = deviance;
        }

        return null;
    }

    private static double Deviance(double[] counts, Vector<double> fitted)
    {
        var deviance = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            deviance += (counts[i] > 0 ? counts[i] * Math.Log(counts[i] / fitted[i]) : 0) - (counts[i] - fitted[i]);
        }

        return Math.Max(0, 2 * deviance);
    }

    private static PopulationEstimate Estimate(int[] cells, double[] counts, int lists, IReadOnlyList<(int First, int Second)> interactions, PoissonFit fit, int observed)
    {
        const string method = "log-linear (Poisson regression on capture histories)";
        const string interval = "profile likelihood (Cormack 1992)";
        var unseen = Math.Exp(fit.Coefficients[0]);
        var n = observed + unseen;

        // Delta method on exp(intercept), plus the multinomial variance of the unseen count (Rivest and Lévesque 2001).
        var se = Math.Sqrt((unseen * unseen * fit.Covariance[0, 0]) + unseen);
        if (unseen > 1e6 * (observed + 1))
        {
            return new PopulationEstimate(method, null, null, null, interval, "the model puts no bound on the unseen: the lists barely overlap");
        }

        var profile = new Profile(cells, counts, lists, interactions, observed);
        var peak = profile.LogLikelihood(n);
        bool Inside(double candidate) => 2 * (peak - profile.LogLikelihood(candidate)) <= ChiSquare95;
        var low = LowerBound(observed, n, Inside);
        var high = Search(n, Inside);
        return new PopulationEstimate(method, n, se, high is { } h ? new Interval(low, h) : null, interval,
            high is null ? "the profile likelihood has no upper bound within a thousand times the estimate" : null);
    }

    // The interval cannot start below the number observed: those individuals exist.
    private static double LowerBound(double from, double estimate, Func<double, bool> inside)
    {
        if (inside(from))
        {
            return from;
        }

        return BisectCore(from, estimate, inside);
    }

    private static double BisectCore(double outside, double inside, Func<double, bool> isInside)
    {
        for (var i = 0; i < 100 && Math.Abs(inside - outside) > 1e-6 * Math.Max(1, Math.Abs(inside)); i++)
        {
            var middle = (outside + inside) / 2;
            if (isInside(middle))
            {
                inside = middle;
            }
            else
            {
                outside = middle;
            }
        }

        return (outside + inside) / 2;
    }

    private static double? Search(double estimate, Func<double, bool> inside)
    {
        var step = Math.Max(1, estimate * 0.1);
        var candidate = estimate + step;
        while (inside(candidate))
        {
            step *= 2;
            candidate = estimate + step;
            if (candidate > 1000 * estimate)
            {
                return null;
            }
        }

        return BisectCore(candidate, estimate, inside);
    }

    /// <summary>The profile log-likelihood of the population size: the model refitted to all histories with the unseen cell set to N − n.</summary>
    private sealed class Profile(int[] cells, double[] counts, int lists, IReadOnlyList<(int First, int Second)> interactions, int observed)
    {
        private readonly int[] _all = [0, .. cells];

        public double LogLikelihood(double n)
        {
            var unseen = n - observed;
            double[] full = [unseen, .. counts];
            var fit = FitFull(full);
            var total = fit.Sum();
            var logLikelihood = SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(unseen + 1);
            for (var i = 0; i < full.Length; i++)
            {
                if (full[i] > 0)
                {
                    logLikelihood += full[i] * Math.Log(fit[i] / total);
                }
            }

            return logLikelihood;
        }

        // With the unseen cell filled in the table is complete, and the model (main effects and interactions, no
        // higher term) has finite estimates for any positive counts; IRLS from the counts converges quickly.
        private Vector<double> FitFull(double[] full)
        {
            var x = Design(_all, lists, interactions);
            var y = Vector<double>.Build.DenseOfArray(full);
            var mu = y.Map(value => value + 0.5);
            var eta = mu.PointwiseLog();
            for (var iteration = 0; iteration < 50; iteration++)
            {
                var z = eta + (y - mu).PointwiseDivide(mu);
                var weighted = x.Clone();
                for (var r = 0; r < x.RowCount; r++)
                {
                    weighted.SetRow(r, x.Row(r) * mu[r]);
                }

                var beta = x.TransposeThisAndMultiply(weighted).Solve(weighted.TransposeThisAndMultiply(z));
                var next = x * beta;
                var change = (next - eta).AbsoluteMaximum();
                eta = next;
                mu = eta.PointwiseExp();
                if (change < 1e-10)
                {
                    break;
                }
            }

            return mu;
        }
    }
}
