namespace DefectorLens.Statistics.Tests;

public sealed class ProportionsTests
{
    // Newcombe (1998) Stat Med 17:857-872, Table I, method 3 (score interval without continuity correction),
    // as listed in shared/stats/published-examples.md (WS-N-*), printed to 4 decimals.
    [Theory]
    [InlineData("WS-N-81-263", 81, 263, 0.2553, 0.3662)]
    [InlineData("WS-N-15-148", 15, 148, 0.0624, 0.1605)]
    [InlineData("WS-N-0-20", 0, 20, 0.0000, 0.1611)]
    [InlineData("WS-N-1-29", 1, 29, 0.0061, 0.1718)]
    public void Wilson_reproduces_Newcombe_1998_table_I(string example, int successes, int trials, double low, double high)
    {
        var interval = Proportions.Wilson(successes, trials);

        interval.Low.ShouldBe(low, 0.00005, example);
        interval.High.ShouldBe(high, 0.00005, example);
    }

    // R binom::binom.confint(x, n, method = "wilson", tol = 1e-8), pasted in statsmodels'
    // statsmodels/stats/tests/results/results_proportion.py (WS-R-*), full precision.
    [Theory]
    [InlineData("WS-R-18-20", 18, 20, 0.6989663547715128, 0.972133518786232)]
    [InlineData("WS-R-4-20", 4, 20, 0.0806576625797981, 0.4160174322518935)]
    [InlineData("WS-R-4-200", 4, 200, 0.00780442641634947, 0.05028708690582643)]
    [InlineData("WS-R-190-200", 190, 200, 0.910421851861224, 0.972617354399236)]
    public void Wilson_reproduces_R_binom_confint_to_full_precision(string example, int successes, int trials, double low, double high)
    {
        var interval = Proportions.Wilson(successes, trials);

        interval.Low.ShouldBe(low, 1e-9, example);
        interval.High.ShouldBe(high, 1e-9, example);
    }

    // WS-R-0-30: the boundaries 0/30 and 30/30 from the same R printout, 7-8 significant digits.
    [Theory]
    [InlineData(0, 30, 0.0, 0.11351339)]
    [InlineData(30, 30, 0.8864866, 1.0)]
    public void Wilson_at_the_boundaries_reproduces_R_and_stays_within_0_and_1(int successes, int trials, double low, double high)
    {
        var interval = Proportions.Wilson(successes, trials);

        interval.Low.ShouldBe(low, 5e-8);
        interval.High.ShouldBe(high, 5e-8);
    }

    // WS-S-1: R 3.6.2 prop.test(3, 10, correct = FALSE) two-sided, at 95% and 99% (scipy test_ci_wilson_method).
    [Theory]
    [InlineData(0.95, 0.1077913, 0.6032219)]
    [InlineData(0.99, 0.07956632, 0.6799753)]
    public void Wilson_honours_the_confidence_level_as_R_prop_test_does(double confidence, double low, double high)
    {
        var interval = Proportions.Wilson(3, 10, confidence);

        interval.Low.ShouldBe(low, 1e-6);
        interval.High.ShouldBe(high, 1e-6);
    }

    [Fact]
    public void Wilson_of_no_trials_is_the_whole_unit_interval_never_NaN()
    {
        Proportions.Wilson(0, 0).ShouldBe(new Interval(0, 1));
    }

    [Fact]
    public void Wilson_rejects_more_successes_than_trials()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Proportions.Wilson(5, 4));
    }
}
