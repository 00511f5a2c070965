namespace DefectorLens.Statistics.Tests;

public sealed class AgreementTests
{
    // KA-1: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", sections C-D (4 coders x 12 units,
    // missing data); nominal alpha 0.743, Do 0.200, De 0.779, percent agreement 0.800 as asserted by dkpro-statistics
    // Krippendorff2004Test (shared/stats/published-examples.md).
    [Fact]
    public void Krippendorff_alpha_reproduces_KA_1_with_missing_data()
    {
        int?[][] data =
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
            [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
        ];

        var result = Agreement.KrippendorffAlpha<int>(data);

        result.Alpha.Value!.Value.ShouldBe(0.743, 0.0005);
        result.ObservedDisagreement.Value!.Value.ShouldBe(0.200, 0.0005);
        result.ExpectedDisagreement.Value!.Value.ShouldBe(0.779, 0.0005);
        result.PercentAgreement.Value!.Value.ShouldBe(0.800, 0.0005);
    }

    // KA-3: Krippendorff (2011) section A / (2004) p.224, binary data, 2 coders x 10 units: alpha 0.095
    // (FPGro/Krippendorff.jl runtests.jl; dkpro: Do 0.400, De 0.442, percent agreement 0.600).
    [Fact]
    public void Krippendorff_alpha_reproduces_KA_3_binary_example()
    {
        int?[][] data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]];

        var result = Agreement.KrippendorffAlpha<int>(data);

        result.Alpha.Value!.Value.ShouldBe(0.095, 0.0005);
        result.ObservedDisagreement.Value!.Value.ShouldBe(0.400, 0.0005);
        result.ExpectedDisagreement.Value!.Value.ShouldBe(0.442, 0.0005);
        result.PercentAgreement.Value!.Value.ShouldBe(0.600, 0.0005);
    }

    // KA-5: Krippendorff (1980) p.139, 3 coders x 9 units: nominal alpha 0.642, percent agreement 0.740,
    // Do 0.259, De 0.724 (dkpro-statistics Krippendorff1980Test).
    [Fact]
    public void Krippendorff_alpha_reproduces_KA_5_three_coders()
    {
        int[][] units = [[1, 1, 1], [1, 2, 2], [2, 2, 2], [4, 4, 4], [1, 4, 4], [2, 2, 2], [1, 2, 3], [3, 3, 3], [2, 2, 2]];
        int?[][] data = [.. Enumerable.Range(0, 3).Select(coder => units.Select(unit => (int?)unit[coder]).ToArray())];

        var result = Agreement.KrippendorffAlpha<int>(data);

        result.Alpha.Value!.Value.ShouldBe(0.642, 0.0005);
        // The dkpro test asserts these with an absolute tolerance of 0.001.
        result.PercentAgreement.Value!.Value.ShouldBe(0.740, 0.001);
        result.ObservedDisagreement.Value!.Value.ShouldBe(0.259, 0.0005);
        result.ExpectedDisagreement.Value!.Value.ShouldBe(0.724, 0.0005);
    }

    // KA-2: Wikipedia example, 3 coders x 15 units, sparse; nominal 0.691358 (pln-fing-udelar/fast-krippendorff tests).
    [Fact]
    public void Krippendorff_alpha_reproduces_KA_2_sparse_example_to_six_decimals()
    {
        int?[][] data =
        [
            [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
            [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
            [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4],
        ];

        Agreement.KrippendorffAlpha<int>(data).Alpha.Value!.Value.ShouldBe(0.691358, 0.0000005);
    }

    [Fact]
    public void Krippendorff_alpha_of_coders_who_all_agree_on_one_category_is_undefined_with_a_reason_not_NaN()
    {
        int?[][] data = [[1, 1, 1], [1, 1, 1]];

        var result = Agreement.KrippendorffAlpha<int>(data);

        result.Alpha.Value.ShouldBeNull();
        result.Alpha.Undefined.ShouldBe(Agreement.NoVariation);
        result.PercentAgreement.Value.ShouldBe(1.0);
    }

    [Fact]
    public void Krippendorff_alpha_of_coders_who_agree_across_categories_is_one()
    {
        int?[][] data = [[1, 2, 1, 2], [1, 2, 1, 2]];

        Agreement.KrippendorffAlpha<int>(data).Alpha.Value.ShouldBe(1.0);
    }

    [Fact]
    public void Krippendorff_alpha_of_a_single_coder_has_no_pairable_unit()
    {
        int?[][] data = [[1, 2, 1]];

        var result = Agreement.KrippendorffAlpha<int>(data);

        result.Alpha.Undefined.ShouldBe(Agreement.NoUnits);
        result.PairableValues.ShouldBe(0);
    }

    // CK-1: Artstein & Poesio (2008) Table 1, kappa 0.348, po 0.7, pe 0.54 (scikit-learn test_cohen_kappa, decimal 3).
    // CK-2: Artstein & Poesio p.568, kappa 0.8013 (sklearn, decimal 4). CK-4: Cohen (1960) p.45, kappa 0.492, po 0.70,
    // pe 0.41 (dkpro Cohen1960Test). CK-7: Agresti (1992) / Landis & Koch, kappa 0.493 (dkpro Agresti1992Test).
    [Theory]
    [InlineData("CK-1", new[] { 20, 20, 10, 50 }, 0.348, 0.0005)]
    [InlineData("CK-2", new[] { 46, 0, 0, 6, 32, 6, 0, 0, 10 }, 0.8013, 0.00005)]
    [InlineData("CK-4", new[] { 88, 14, 18, 10, 40, 10, 2, 6, 12 }, 0.492, 0.0005)]
    [InlineData("CK-7", new[] { 22, 2, 2, 0, 5, 7, 14, 0, 0, 2, 36, 0, 0, 1, 17, 10 }, 0.493, 0.0005)]
    [InlineData("CK-9b", new[] { 12, 18, 18, 0, 14, 18, 0, 0, 20 }, 0.258, 0.0005)]
    public void Cohen_kappa_reproduces_published_tables(string example, int[] cells, double kappa, double tolerance)
    {
        var result = Agreement.CohenKappa(Square(cells));

        result.Kappa.Value!.Value.ShouldBe(kappa, tolerance, example);
    }

    [Fact]
    public void Cohen_kappa_reproduces_the_agreement_parts_of_CK_1_and_CK_4()
    {
        var ck1 = Agreement.CohenKappa(Square([20, 20, 10, 50]));
        ck1.ObservedAgreement.Value!.Value.ShouldBe(0.7, 1e-12);
        ck1.ExpectedAgreement.Value!.Value.ShouldBe(0.54, 1e-12);

        var ck4 = Agreement.CohenKappa(Square([88, 14, 18, 10, 40, 10, 2, 6, 12]));
        ck4.ObservedAgreement.Value!.Value.ShouldBe(0.70, 0.005);
        ck4.ExpectedAgreement.Value!.Value.ShouldBe(0.41, 0.005);
    }

    // CK-3: scikit-learn test_cohen_kappa, y1 = 46x0, 44x1, 10x2 against y2 = 50x0, 40x1, 10x2: unweighted 0.9315.
    [Fact]
    public void Cohen_kappa_from_paired_labels_reproduces_CK_3()
    {
        int?[] first = [.. Enumerable.Repeat(0, 46).Concat(Enumerable.Repeat(1, 44)).Concat(Enumerable.Repeat(2, 10)).Select(v => (int?)v)];
        int?[] second = [.. Enumerable.Repeat(0, 50).Concat(Enumerable.Repeat(1, 40)).Concat(Enumerable.Repeat(2, 10)).Select(v => (int?)v)];

        Agreement.CohenKappa<int>(first, second).Kappa.Value!.Value.ShouldBe(0.9315, 0.00005);
    }

    [Fact]
    public void Cohen_kappa_of_no_units_is_undefined_and_of_one_shared_category_is_undefined()
    {
        Agreement.CohenKappa(new int[2, 2]).Kappa.Undefined.ShouldBe(Agreement.NoUnits);
        Agreement.CohenKappa(Square([5, 0, 0, 0])).Kappa.Undefined.ShouldBe(Agreement.NoVariation);
    }

    // FK-1: Fleiss (1971), 30 subjects x 6 raters, 5 categories; R irr::kappam.fleiss: kappa 0.4302445, z 17.65183;
    // dkpro Fleiss1971Test: mean agreement 0.5556, expected 0.2201.
    [Fact]
    public void Fleiss_kappa_reproduces_Fleiss_1971_and_R_irr()
    {
        string[] subjects =
        [
            "444444", "222555", "233335", "555555", "222444", "113333", "333355", "113334", "114444", "555555",
            "144444", "124444", "222333", "144444", "224445", "333335", "111455", "111112", "224444", "133555",
            "555555", "244444", "224555", "114444", "144445", "222224", "111155", "224444", "133333", "555555",
        ];
        IReadOnlyList<IReadOnlyList<char>> ratings = [.. subjects.Select(s => (IReadOnlyList<char>)[.. s])];

        var result = Agreement.FleissKappa(ratings);

        result.Kappa.Value!.Value.ShouldBe(0.4302445, 0.00000005);
        result.Z.Value!.Value.ShouldBe(17.65183, 0.000005);
        // dkpro Fleiss1971Test asserts P-bar and P-bar-e with an absolute tolerance of 0.001.
        result.MeanAgreement.Value!.Value.ShouldBe(0.5556, 0.001);
        result.ExpectedAgreement.Value!.Value.ShouldBe(0.2201, 0.001);
        result.P.Value!.Value.ShouldBe(0, 1e-12);
    }

    // FK-2: the Wikipedia example, 10 subjects x 14 raters, kappa 0.210 (statsmodels test_fleiss_kappa, decimal 3).
    [Fact]
    public void Fleiss_kappa_reproduces_FK_2_from_counts()
    {
        int[][] rows =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];
        var counts = new int[10, 5];
        for (var i = 0; i < 10; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                counts[i, j] = rows[i][j];
            }
        }

        Agreement.FleissKappa(counts).Kappa.Value!.Value.ShouldBe(0.210, 0.0005);
    }

    [Fact]
    public void Fleiss_kappa_rejects_units_with_different_numbers_of_ratings()
    {
        var counts = new int[,] { { 2, 0 }, { 1, 2 } };

        Should.Throw<ArgumentException>(() => Agreement.FleissKappa(counts))
            .Message.ShouldStartWith("unit 2 has 3 ratings, not 2");
    }

    [Fact]
    public void Fleiss_kappa_of_raters_all_in_one_category_is_undefined_with_a_reason()
    {
        var result = Agreement.FleissKappa(new int[,] { { 3, 0 }, { 3, 0 } });

        result.Kappa.Undefined.ShouldBe(Agreement.NoVariation);
        result.MeanAgreement.Value.ShouldBe(1.0);
    }

    internal static int[,] Square(int[] cells)
    {
        var k = (int)Math.Sqrt(cells.Length);
        var table = new int[k, k];
        for (var i = 0; i < cells.Length; i++)
        {
            table[i / k, i % k] = cells[i];
        }

        return table;
    }
}
