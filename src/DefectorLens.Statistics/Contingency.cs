using MathNet.Numerics;

namespace DefectorLens.Statistics;

/// <summary>Pearson's chi-square test of independence on a table of counts.</summary>
/// <param name="Statistic">X², or null when the table has fewer than two non-empty rows or columns.</param>
/// <param name="DegreesOfFreedom">(r − 1)(c − 1) over the non-empty rows and columns.</param>
/// <param name="P">Upper-tail p-value, or null with <paramref name="Undefined"/>.</param>
/// <param name="Expected">Expected counts under independence, shaped like the table.</param>
/// <param name="ContinuityCorrected">True when Yates' correction was applied (2 × 2 tables, as R's chisq.test does by default).</param>
/// <param name="SmallExpected">True when the chi-square approximation is doubtful: an expected count below 1 or more than 20% below 5 (Cochran 1954).</param>
/// <param name="Undefined">Why the test is not defined for this table; null when it is.</param>
public sealed record ChiSquareResult(
    double? Statistic, int DegreesOfFreedom, double? P, double[,] Expected, bool ContinuityCorrected, bool SmallExpected, string? Undefined);

/// <summary>Fisher's exact test of independence on an r × c table.</summary>
/// <param name="P">Two-sided p-value: the probability, given the margins, of every table no more probable than the one observed; null when not computed.</param>
/// <param name="Tables">Tables with the observed margins that were enumerated.</param>
/// <param name="Undefined">Why <paramref name="P"/> is null; null when it was computed.</param>
public sealed record FisherResult(double? P, long Tables, string? Undefined);

/// <summary>Tests and measures of association for tables of counts.</summary>
public static class Contingency
{
    /// <summary>Tables Fisher's test enumerates at most before giving up with a reason.</summary>
    public const long DefaultFisherTableLimit = 200_000_000;

    /// <summary>Reason given when a table has fewer than two non-empty rows or columns.</summary>
    public const string Degenerate = "the table needs at least two non-empty rows and two non-empty columns";

    // R's fisher.test counts a table as "no more probable" within this relative tolerance, so that ties are not lost to rounding.
    private const double RelativeTolerance = 1e-7;

    /// <summary>Pearson's chi-square test; rows and columns that are entirely zero are left out.</summary>
    /// <param name="table">The counts.</param>
    /// <param name="yates">Apply Yates' continuity correction when the table (without empty rows and columns) is 2 × 2, as R does by default.</param>
    public static ChiSquareResult ChiSquare(int[,] table, bool yates = false)
    {
        var (rows, columns, n) = Margins(table);
        var expected = new double[table.GetLength(0), table.GetLength(1)];
        var usedRows = rows.Count(r => r > 0);
        var usedColumns = columns.Count(c => c > 0);
        if (n == 0 || usedRows < 2 || usedColumns < 2)
        {
            return new ChiSquareResult(null, 0, null, expected, false, false, Degenerate);
        }

        var corrected = yates && usedRows == 2 && usedColumns == 2;
        double statistic = 0;
        int cells = 0, small = 0;
        var tiny = false;
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                var e = rows[i] * (double)columns[j] / n;
                expected[i, j] = e;
                if (rows[i] == 0 || columns[j] == 0)
                {
                    continue;
                }

                cells++;
                small += e < 5 ? 1 : 0;
                tiny |= e < 1;
                var difference = Math.Abs(table[i, j] - e);
                if (corrected)
                {
                    difference -= Math.Min(0.5, difference);
                }

                statistic += difference * difference / e;
            }
        }

        var df = (usedRows - 1) * (usedColumns - 1);
        var p = SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2);
        return new ChiSquareResult(statistic, df, p, expected, corrected, tiny || small > 0.2 * cells, null);
    }

    /// <summary>Cramér's V: √(X² / (n (min(r, c) − 1))) from the uncorrected chi-square, over non-empty rows and columns.</summary>
    public static Coefficient CramersV(int[,] table)
    {
        var chi = ChiSquare(table);
        if (chi.Statistic is not { } statistic)
        {
            return Coefficient.None(chi.Undefined ?? Degenerate);
        }

        var (rows, columns, n) = Margins(table);
        var k = Math.Min(rows.Count(r => r > 0), columns.Count(c => c > 0));
        return Coefficient.Of(Math.Sqrt(statistic / (n * (k - 1.0))));
    }

    /// <summary>Fisher's exact test, two-sided, for any r × c table, by full enumeration of the tables with its margins.</summary>
    /// <param name="table">The counts.</param>
    /// <param name="tableLimit">Enumeration stops after this many tables, and the result says so instead of giving a p-value.</param>
    /// <param name="cancellationToken">Stops a long enumeration.</param>
    public static FisherResult FisherExact(int[,] table, long tableLimit = DefaultFisherTableLimit, CancellationToken cancellationToken = default)
    {
        var (allRows, allColumns, n) = Margins(table);
        var rows = allRows.Where(r => r > 0).ToArray();
        var columns = allColumns.Where(c => c > 0).OrderByDescending(c => c).ToArray();
        if (rows.Length < 2 || columns.Length < 2)
        {
            return new FisherResult(1, 1, null);
        }

        var logFactorial = new double[n + 1];
        for (var k = 2; k <= n; k++)
        {
            logFactorial[k] = logFactorial[k - 1] + Math.Log(k);
        }

        var constant = rows.Sum(r => logFactorial[r]) + columns.Sum(c => logFactorial[c]) - logFactorial[n];
        var observed = constant;
        for (var i = 0; i < allRows.Length; i++)
        {
            for (var j = 0; j < allColumns.Length; j++)
            {
                observed -= logFactorial[table[i, j]];
            }
        }

        var enumeration = new FisherEnumeration(rows, columns, logFactorial, constant, observed + Math.Log(1 + RelativeTolerance), tableLimit, cancellationToken);
        if (!enumeration.Run())
        {
            return new FisherResult(null, enumeration.Tables, $"more than {tableLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)} tables share these margins; use the chi-square test");
        }

        return new FisherResult(Math.Min(1, enumeration.P), enumeration.Tables, null);
    }

    private static (int[] Rows, int[] Columns, int N) Margins(int[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new int[table.GetLength(0)];
        var columns = new int[table.GetLength(1)];
        var n = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(table[i, j], nameof(table));
                rows[i] += table[i, j];
                columns[j] += table[i, j];
                n += table[i, j];
            }
        }

        return (rows, columns, n);
    }

    /// <summary>Walks every table with the given margins column by column, summing the probability of those no more probable than the observed one.</summary>
    private sealed class FisherEnumeration(
        int[] rows, int[] columns, double[] logFactorial, double constant, double threshold, long limit, CancellationToken cancellationToken)
    {
        private readonly int[] _remaining = [.. rows];

        public double P { get; private set; }

        public long Tables { get; private set; }

        public bool Run() => Column(0, constant);

        private bool Column(int column, double logWeight)
        {
            if (column == columns.Length - 1)
            {
                // The last column is whatever the rows have left.
                var leaf = logWeight;
                foreach (var left in _remaining)
                {
                    leaf -= logFactorial[left];
                }

                if (leaf <= threshold)
                {
                    P += Math.Exp(leaf);
                }

                if (++Tables % 1_000_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                return Tables <= limit;
            }

            var capacity = 0;
            foreach (var left in _remaining)
            {
                capacity += left;
            }

            return Cell(column, 0, columns[column], capacity, logWeight);
        }

        // Places what is left of the column's total in row `row` and below; `capacity` is what those rows can still take.
        private bool Cell(int column, int row, int left, int capacity, double logWeight)
        {
            if (row == _remaining.Length - 1)
            {
                _remaining[row] -= left;
                var ok = Column(column + 1, logWeight - logFactorial[left]);
                _remaining[row] += left;
                return ok;
            }

            var here = _remaining[row];
            var below = capacity - here;
            for (var x = Math.Max(0, left - below); x <= Math.Min(here, left); x++)
            {
                _remaining[row] = here - x;
                var ok = Cell(column, row + 1, left - x, below, logWeight - logFactorial[x]);
                _remaining[row] = here;
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
