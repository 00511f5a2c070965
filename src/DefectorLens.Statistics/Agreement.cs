using MathNet.Numerics.Distributions;

namespace DefectorLens.Statistics;

/// <summary>A coefficient that may be undefined for the data given, with the reason why instead of NaN.</summary>
/// <param name="Value">The coefficient, or null when the data do not define it.</param>
/// <param name="Undefined">Why <paramref name="Value"/> is null; null when it is defined.</param>
public sealed record Coefficient(double? Value, string? Undefined)
{
    /// <summary>A defined value.</summary>
    public static Coefficient Of(double value) => double.IsFinite(value)
        ? new Coefficient(value, null)
        : throw new ArgumentOutOfRangeException(nameof(value), "a coefficient must be finite");

    /// <summary>An undefined value and its reason.</summary>
    public static Coefficient None(string reason) => new(null, reason);
}

/// <summary>Cohen's kappa for two coders, with the parts it is made of.</summary>
/// <param name="Units">Units both coders coded.</param>
/// <param name="ObservedAgreement">Share of units both coders put in the same category.</param>
/// <param name="ExpectedAgreement">Agreement expected by chance from each coder's own marginal shares.</param>
/// <param name="Kappa">(observed − expected) / (1 − expected).</param>
public sealed record CohenKappaResult(int Units, Coefficient ObservedAgreement, Coefficient ExpectedAgreement, Coefficient Kappa);

/// <summary>Fleiss' kappa for a fixed number of coders per unit.</summary>
/// <param name="Units">Units (subjects).</param>
/// <param name="CodersPerUnit">Ratings per unit.</param>
/// <param name="MeanAgreement">P̄, the mean per-unit agreement.</param>
/// <param name="ExpectedAgreement">P̄e, the agreement expected from the pooled category shares.</param>
/// <param name="Kappa">(P̄ − P̄e) / (1 − P̄e).</param>
/// <param name="Z">Kappa over its standard error under the null hypothesis of chance agreement (Fleiss, Nee and Landis 1979).</param>
/// <param name="P">Two-sided p-value of <paramref name="Z"/>.</param>
public sealed record FleissKappaResult(int Units, int CodersPerUnit, Coefficient MeanAgreement, Coefficient ExpectedAgreement, Coefficient Kappa, Coefficient Z, Coefficient P);

/// <summary>Krippendorff's alpha with its observed and expected disagreement.</summary>
/// <param name="PairableValues">Values in units coded at least twice: the n of the coincidence matrix.</param>
/// <param name="ObservedDisagreement">Do.</param>
/// <param name="ExpectedDisagreement">De.</param>
/// <param name="PercentAgreement">1 − Do: the share of pairable value pairs that agree, each unit weighted as alpha weights it.</param>
/// <param name="Alpha">1 − Do / De.</param>
public sealed record KrippendorffAlphaResult(int PairableValues, Coefficient ObservedDisagreement, Coefficient ExpectedDisagreement, Coefficient PercentAgreement, Coefficient Alpha);

/// <summary>Agreement between coders on nominal categories.</summary>
/// <remarks>Every coefficient that the data leave undefined (no units, a single category) is returned as null with a reason, never NaN.</remarks>
public static class Agreement
{
    /// <summary>Reason given when no unit was coded by the coders compared.</summary>
    public const string NoUnits = "no unit was coded by the coders compared";

    /// <summary>Reason given when chance agreement is total, so that kappa or alpha divides zero by zero.</summary>
    public const string NoVariation = "every rating is in the same category, so agreement cannot be told apart from chance";

    /// <summary>Cohen's kappa from a square table of counts: rows are the first coder's categories, columns the second's.</summary>
    public static CohenKappaResult CohenKappa(int[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = table.GetLength(0);
        if (table.GetLength(1) != k)
        {
            throw new ArgumentException("the table must be square: the same categories for both coders", nameof(table));
        }

        var rows = new double[k];
        var columns = new double[k];
        double n = 0, diagonal = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var count = table[i, j];
                ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(table));
                rows[i] += count;
                columns[j] += count;
                n += count;
                if (i == j)
                {
                    diagonal += count;
                }
            }
        }

        if (n == 0)
        {
            return new CohenKappaResult(0, Coefficient.None(NoUnits), Coefficient.None(NoUnits), Coefficient.None(NoUnits));
        }

        var observed = diagonal / n;
        var expected = 0.0;
        for (var i = 0; i < k; i++)
        {
            expected += rows[i] / n * (columns[i] / n);
        }

        var kappa = expected >= 1 ? Coefficient.None(NoVariation) : Coefficient.Of((observed - expected) / (1 - expected));
        return new CohenKappaResult((int)n, Coefficient.Of(observed), Coefficient.Of(expected), kappa);
    }

    /// <summary>Cohen's kappa from the two coders' category for each unit; units either left out (null) are skipped.</summary>
    public static CohenKappaResult CohenKappa<T>(IReadOnlyList<T?> first, IReadOnlyList<T?> second)
        where T : struct, IEquatable<T>
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException("both coders must be given the same units", nameof(second));
        }

        var categories = new Dictionary<T, int>();
        var pairs = new List<(int, int)>();
        for (var u = 0; u < first.Count; u++)
        {
            if (first[u] is { } a && second[u] is { } b)
            {
                pairs.Add((Index(categories, a), Index(categories, b)));
            }
        }

        var table = new int[categories.Count, categories.Count];
        foreach (var (a, b) in pairs)
        {
            table[a, b]++;
        }

        return CohenKappa(table);
    }

    /// <summary>Fleiss' kappa from a table of counts: one row per unit, one column per category, each row summing to the same number of coders.</summary>
    public static FleissKappaResult FleissKappa(int[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var count in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(counts));
        }

        var k = counts.GetLength(1);
        return FleissKappaFromRows(Enumerable.Range(0, counts.GetLength(0)).Select(i => ((IReadOnlyList<int>)[.. Enumerable.Range(0, k).Select(j => counts[i, j])], 1L)), k);
    }

    /// <summary>Fleiss' kappa from rows of counts, each standing for <c>Units</c> identical units.</summary>
    /// <remarks>The form that large data take: a million units often have a handful of distinct rows.</remarks>
    /// <param name="rows">Each distinct row of counts per category and how many units have it; every row sums to the same number of coders.</param>
    /// <param name="categories">The number of categories (the length of every row).</param>
    public static FleissKappaResult FleissKappaFromRows(IEnumerable<(IReadOnlyList<int> Counts, long Units)> rows, int categories)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var categoryTotals = new double[categories];
        var meanAgreement = 0.0;
        long units = 0;
        var raters = 0;
        foreach (var (counts, weight) in rows)
        {
            ArgumentNullException.ThrowIfNull(counts);
            ArgumentOutOfRangeException.ThrowIfNegative(weight, nameof(rows));
            var sum = 0;
            foreach (var count in counts)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(rows));
                sum += count;
            }

            if (units == 0)
            {
                raters = sum;
                if (raters < 2)
                {
                    throw new ArgumentException("Fleiss' kappa needs at least two ratings per unit", nameof(rows));
                }
            }
            else if (sum != raters)
            {
                throw new ArgumentException($"unit {units + 1} has {sum} ratings, not {raters}: Fleiss' kappa needs the same number for every unit", nameof(rows));
            }

            var squares = 0.0;
            for (var j = 0; j < categories; j++)
            {
                squares += (double)counts[j] * counts[j];
                categoryTotals[j] += (double)counts[j] * weight;
            }

            meanAgreement += weight * ((squares - raters) / (raters * (raters - 1.0)));
            units += weight;
        }

        if (units == 0)
        {
            var none = Coefficient.None(NoUnits);
            return new FleissKappaResult(0, 0, none, none, none, none, none);
        }

        meanAgreement /= units;
        double expected = 0, pq = 0, pqqp = 0;
        foreach (var total in categoryTotals)
        {
            var p = total / (units * (double)raters);
            expected += p * p;
            pq += p * (1 - p);
            pqqp += p * (1 - p) * (1 - 2 * p);
        }

        if (expected >= 1)
        {
            var none = Coefficient.None(NoVariation);
            return new FleissKappaResult((int)units, raters, Coefficient.Of(meanAgreement), Coefficient.Of(expected), none, none, none);
        }

        var kappa = (meanAgreement - expected) / (1 - expected);

        // Standard error under the null hypothesis, as irr::kappam.fleiss computes it (Fleiss, Nee and Landis 1979).
        var variance = 2 / (pq * pq * (units * (double)raters * (raters - 1))) * ((pq * pq) - pqqp);
        var z = kappa / Math.Sqrt(variance);
        var p2 = 2 * (1 - Normal.CDF(0, 1, Math.Abs(z)));
        return new FleissKappaResult((int)units, raters, Coefficient.Of(meanAgreement), Coefficient.Of(expected), Coefficient.Of(kappa), Coefficient.Of(z), Coefficient.Of(p2));
    }

    /// <summary>Fleiss' kappa from each unit's ratings (one list per unit, all of the same length).</summary>
    public static FleissKappaResult FleissKappa<T>(IReadOnlyList<IReadOnlyList<T>> ratings)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var categories = new Dictionary<T, int>();
        foreach (var unit in ratings)
        {
            foreach (var rating in unit)
            {
                Index(categories, rating);
            }
        }

        var counts = new int[ratings.Count, categories.Count];
        for (var i = 0; i < ratings.Count; i++)
        {
            foreach (var rating in ratings[i])
            {
                counts[i, categories[rating]]++;
            }
        }

        return FleissKappa(counts);
    }

    /// <summary>Krippendorff's alpha for nominal data: <paramref name="data"/>[coder][unit], null where a coder did not code a unit.</summary>
    /// <remarks>Units with fewer than two values are not pairable and are left out, as Krippendorff (2011) prescribes.</remarks>
    public static KrippendorffAlphaResult KrippendorffAlpha<T>(IReadOnlyList<IReadOnlyList<T?>> data)
        where T : struct, IEquatable<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var units = data.Count == 0 ? 0 : data[0].Count;
        if (data.Any(coder => coder.Count != units))
        {
            throw new ArgumentException("every coder must be given the same units", nameof(data));
        }

        var categories = new Dictionary<T, int>();
        var unitValues = new List<int>[units];
        for (var u = 0; u < units; u++)
        {
            unitValues[u] = [];
            foreach (var coder in data)
            {
                if (coder[u] is { } value)
                {
                    unitValues[u].Add(Index(categories, value));
                }
            }
        }

        var tallies = new List<int[]>(units);
        foreach (var values in unitValues)
        {
            var tally = new int[categories.Count];
            foreach (var value in values)
            {
                tally[value]++;
            }

            tallies.Add(tally);
        }

        return KrippendorffAlphaFromCounts(tallies);
    }

    /// <summary>Krippendorff's alpha for nominal data from each unit's count of values per category.</summary>
    /// <remarks>The form that large data take: a unit's tally is all alpha needs. Units with fewer than two values are left out.</remarks>
    public static KrippendorffAlphaResult KrippendorffAlphaFromCounts(IEnumerable<IReadOnlyList<int>> unitTallies)
    {
        ArgumentNullException.ThrowIfNull(unitTallies);
        return KrippendorffAlphaFromTallies(unitTallies.Select(tally => (tally, 1L)));
    }

    /// <summary>Krippendorff's alpha for nominal data from distinct unit tallies, each with how many units have it.</summary>
    /// <remarks>Units with fewer than two values are left out.</remarks>
    public static KrippendorffAlphaResult KrippendorffAlphaFromTallies(IEnumerable<(IReadOnlyList<int> Tally, long Units)> tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        double[]? totals = null;
        double n = 0, agreeing = 0;
        foreach (var (tally, units) in tallies)
        {
            ArgumentNullException.ThrowIfNull(tally);
            ArgumentOutOfRangeException.ThrowIfNegative(units, nameof(tallies));
            totals ??= new double[tally.Count];
            var m = 0;
            foreach (var count in tally)
            {
                m += count;
            }

            if (m < 2)
            {
                continue;
            }

            // Coincidences within a unit: each ordered pair of its values weighs 1 / (m − 1).
            for (var c = 0; c < tally.Count; c++)
            {
                totals[c] += (double)tally[c] * units;
                agreeing += units * (tally[c] * (tally[c] - 1.0) / (m - 1));
            }

            n += (double)m * units;
        }

        if (n == 0 || totals is null)
        {
            var none = Coefficient.None(NoUnits);
            return new KrippendorffAlphaResult(0, none, none, none, none);
        }

        var observed = 1 - (agreeing / n);
        var sameByChance = 0.0;
        foreach (var total in totals)
        {
            sameByChance += total * (total - 1);
        }

        var expected = 1 - (sameByChance / (n * (n - 1)));
        var alpha = expected <= 0 ? Coefficient.None(NoVariation) : Coefficient.Of(1 - (observed / expected));
        return new KrippendorffAlphaResult((int)n, Coefficient.Of(observed), Coefficient.Of(expected), Coefficient.Of(1 - observed), alpha);
    }

    private static int Index<T>(Dictionary<T, int> categories, T value)
        where T : notnull
    {
        if (!categories.TryGetValue(value, out var index))
        {
            index = categories.Count;
            categories.Add(value, index);
        }

        return index;
    }
}
