namespace DefectorLens.Statistics.Tests;

public sealed class ContingencyTests
{
    // CS-1: Agresti (2007) p.39, gender x party; R chisq.test printout in wch/r-source tests/Examples/stats-Ex.Rout.save:
    // X-squared 30.0701, df 2, p-value 2.954e-07, expected counts as printed.
    [Fact]
    public void Chi_square_reproduces_CS_1_Agresti_gender_by_party()
    {
        var result = Contingency.ChiSquare(new[,] { { 762, 327, 468 }, { 484, 239, 477 } });

        result.Statistic!.Value.ShouldBe(30.0701, 0.00005);
        result.DegreesOfFreedom.ShouldBe(2);
        result.P!.Value.ShouldBe(2.954e-07, 0.0005e-07);
        result.Expected[0, 0].ShouldBe(703.6714, 0.00005);
        result.Expected[1, 2].ShouldBe(411.3166, 0.00005);
        result.ContinuityCorrected.ShouldBeFalse();
    }

    // CS-2: R chisq.test on the 2x2 table [[12,7],[5,7]] with Yates' correction (R's default): p 0.4233054.
    [Fact]
    public void Chi_square_with_Yates_correction_reproduces_CS_2()
    {
        var result = Contingency.ChiSquare(new[,] { { 12, 7 }, { 5, 7 } }, yates: true);

        result.P!.Value.ShouldBe(0.4233054, 0.00000005);
        result.ContinuityCorrected.ShouldBeTrue();
    }

    [Fact]
    public void Chi_square_of_a_table_with_one_non_empty_row_is_undefined_not_NaN()
    {
        var result = Contingency.ChiSquare(new[,] { { 3, 4 }, { 0, 0 } });

        result.Statistic.ShouldBeNull();
        result.P.ShouldBeNull();
        result.Undefined.ShouldBe(Contingency.Degenerate);
    }

    [Fact]
    public void Chi_square_flags_small_expected_counts()
    {
        Contingency.ChiSquare(new[,] { { 3, 1 }, { 1, 3 } }).SmallExpected.ShouldBeTrue();
        Contingency.ChiSquare(new[,] { { 762, 327, 468 }, { 484, 239, 477 } }).SmallExpected.ShouldBeFalse();
    }

    // FE-1: R fisher.test(TeaTasting) two-sided p 0.4857 (PSU STAT 504 TeaLady.out).
    // FE-2: R fisher.test(Convictions) two-sided p 0.0005367 (R stats-Ex.Rout.save).
    // FE-3: R 3.6.2 two-sided p-values at full precision (scipy fisher_exact_results_from_r.py).
    [Theory]
    [InlineData("FE-1", 3, 1, 1, 3, 0.4857, 0.00005)]
    [InlineData("FE-2", 2, 15, 10, 3, 0.0005367, 0.00000005)]
    [InlineData("FE-3a", 2, 7, 8, 2, 0.02301413756522116, 1e-12)]
    [InlineData("FE-3b", 5, 1, 10, 10, 0.1973244147157191, 1e-12)]
    [InlineData("FE-3c", 5, 15, 20, 20, 0.09580440012477633, 1e-12)]
    [InlineData("FE-3d", 10, 5, 10, 0, 0.06126482213438735, 1e-12)]
    [InlineData("FE-3e", 5, 0, 1, 4, 0.04761904761904762, 1e-12)]
    [InlineData("FE-3f", 0, 5, 1, 4, 1.0, 1e-12)]
    [InlineData("FE-3g", 100, 2, 1000, 5, 0.1300759363430016, 1e-12)]
    public void Fisher_exact_reproduces_R_fisher_test_on_2x2_tables(string example, int a, int b, int c, int d, double p, double tolerance)
    {
        Contingency.FisherExact(new[,] { { a, b }, { c, d } }).P!.Value.ShouldBe(p, tolerance, example);
    }

    // FE-4: Agresti (2002) p.57, job satisfaction by income, 4x4; R fisher.test p-value 0.7827 (stats-Ex.Rout.save).
    [Fact]
    public void Fisher_exact_reproduces_FE_4_on_an_r_by_c_table()
    {
        var result = Contingency.FisherExact(new[,] { { 1, 3, 10, 6 }, { 2, 3, 10, 7 }, { 1, 6, 14, 12 }, { 0, 1, 9, 11 } });

        result.P!.Value.ShouldBe(0.7827, 0.00005);
        result.Undefined.ShouldBeNull();
    }

    // FE-5 (secondary): a tutorial's 3x3 R fisher.test results, p 0.9888 and 0.02126.
    [Theory]
    [InlineData(new[] { 1, 4, 7, 2, 5, 8, 3, 6, 9 }, 0.9888, 0.00005)]
    [InlineData(new[] { 14, 24, 39, 27, 27, 19, 15, 17, 24 }, 0.02126, 0.000005)]
    public void Fisher_exact_reproduces_FE_5_on_3x3_tables(int[] cells, double p, double tolerance)
    {
        Contingency.FisherExact(AgreementTests.Square(cells)).P!.Value.ShouldBe(p, tolerance);
    }

    [Fact]
    public void Fisher_exact_gives_a_reason_instead_of_a_p_value_beyond_the_table_limit()
    {
        var result = Contingency.FisherExact(new[,] { { 1, 3, 10, 6 }, { 2, 3, 10, 7 }, { 1, 6, 14, 12 }, { 0, 1, 9, 11 } }, tableLimit: 1000);

        result.P.ShouldBeNull();
        result.Undefined.ShouldBe("more than 1000 tables share these margins; use the chi-square test");
    }

    // CV-1: scipy.stats.contingency.association docstring, Cramér's V 0.18617813077483678.
    // CV-2: rcompanion::cramerV printouts (statology.org), 0.1617 and 0.1775 to 4 significant digits.
    [Theory]
    [InlineData("CV-1", 4, new[] { 100, 150, 203, 322, 420, 700, 320, 210 }, 0.18617813077483678, 1e-12)]
    [InlineData("CV-2a", 2, new[] { 7, 12, 9, 8 }, 0.1617, 0.00005)]
    [InlineData("CV-2b", 2, new[] { 6, 8, 12, 9, 5, 9 }, 0.1775, 0.00005)]
    public void Cramers_V_reproduces_published_values(string example, int rows, int[] cells, double v, double tolerance)
    {
        var columns = cells.Length / rows;
        var table = new int[rows, columns];
        for (var i = 0; i < cells.Length; i++)
        {
            table[i / columns, i % columns] = cells[i];
        }

        Contingency.CramersV(table).Value!.Value.ShouldBe(v, tolerance, example);
    }

    [Fact]
    public void Cramers_V_of_an_empty_table_is_undefined_with_a_reason()
    {
        Contingency.CramersV(new int[3, 4]).Undefined.ShouldBe(Contingency.Degenerate);
    }
}
