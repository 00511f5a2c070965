namespace DefectorLens.Statistics.Tests;

public sealed class CaptureRecaptureTests
{
    // Krebs (1989) Box 2.1 (= Seber 1982 p.107): M 948, n 421, m 167; Petersen N 2390 and lower limit 2153
    // (FSA test_mrClosed_VALIDATE.R), upper limit 2685 (Krebs); Rcapture printout for model Mt: 2389.9, stderr 130.4.
    [Fact]
    public void Lincoln_Petersen_reproduces_Krebs_box_2_1_and_Rcapture()
    {
        var estimate = CaptureRecapture.LincolnPetersen(948, 421, 167);

        estimate.N!.Value.ShouldBe(2389.9, 0.05);
        estimate.StandardError!.Value.ShouldBe(130.4, 0.05);
        estimate.Ci95!.Value.Low.ShouldBe(2153, 0.5);
        estimate.Ci95!.Value.High.ShouldBe(2685, 0.5);
    }

    // Chapman estimates from FSA test_mrClosed_VALIDATE.R: Krebs 2383; Ricker (1975) 337; Pine et al. (2013) Box 11.2
    // 1578 with normal CI 1330-1826; Seber (2002) Tables 3.7/3.8: 9393 (SE 3022, upper 15316) and 11101 (SE 2184).
    [Theory]
    [InlineData("Krebs 1989", 948, 421, 167, 2383, null, null, null)]
    [InlineData("Ricker 1975", 109, 177, 57, 337, null, null, null)]
    [InlineData("Pine 2013", 421, 332, 88, 1578, null, 1330.0, 1826.0)]
    [InlineData("Seber 2002 a", 500, 149, 7, 9393, 3022.0, null, 15316.0)]
    [InlineData("Seber 2002 b", 1000, 243, 21, 11101, 2184.0, null, null)]
    public void Chapman_reproduces_the_FSA_validation_datasets(string example, int first, int second, int both, double n, double? se, double? low, double? high)
    {
        var estimate = CaptureRecapture.Chapman(first, second, both);

        Math.Round(estimate.N!.Value).ShouldBe(n, example);
        if (se is { } expectedSe)
        {
            Math.Round(estimate.StandardError!.Value).ShouldBe(expectedSe, example);
        }

        if (low is { } expectedLow)
        {
            Math.Round(estimate.Ci95!.Value.Low).ShouldBe(expectedLow, example);
        }

        if (high is { } expectedHigh)
        {
            Math.Round(estimate.Ci95!.Value.High).ShouldBe(expectedHigh, example);
        }
    }

    [Fact]
    public void Lincoln_Petersen_without_recaptures_is_undefined_while_Chapman_is_not()
    {
        CaptureRecapture.LincolnPetersen(10, 12, 0).Undefined.ShouldBe("no individual is on both lists, so the estimate is unbounded");
        CaptureRecapture.Chapman(10, 12, 0).N!.Value.ShouldBe(142);
    }

    // CR-3: Darroch et al. (1993) data as reproduced by cran/Rcapture inst/tests/testPapersResults.R (Rivest 2011):
    // saturated (all two-way interactions) N 1240, SE 451; interactions 12 + 23: N 850, SE 186, deviance 3.8, df 1.
    [Fact]
    public void Log_linear_models_reproduce_Rivest_2011_on_the_Darroch_data()
    {
        var result = CaptureRecapture.LogLinear(Histories([72, 155, 7, 71, 13, 53, 43]), 3);

        var saturated = result.Models.Single(model => model.Name == "[12][13][23]");
        Math.Round(saturated.Estimate.N!.Value).ShouldBe(1240);
        Math.Round(saturated.Estimate.StandardError!.Value).ShouldBe(451);
        saturated.DegreesOfFreedom.ShouldBe(0);

        var twoInteractions = result.Models.Single(model => model.Name == "[12][23]");
        Math.Round(twoInteractions.Estimate.N!.Value).ShouldBe(850);
        Math.Round(twoInteractions.Estimate.StandardError!.Value).ShouldBe(186);
        twoInteractions.Deviance.ShouldBe(3.8, 0.05);
        twoInteractions.DegreesOfFreedom.ShouldBe(1);
    }

    // CR-4: Cormack, Chang & Smith (2000) Table 3b via Rcapture testPapersResults.R: independence N 209, deviance 75.1,
    // df 3, profile-likelihood 95% CI 203-217; with [13][23]: N 233, df 1; with [23]: deviance 1.2, df 2.
    [Fact]
    public void Log_linear_models_reproduce_Cormack_2000_with_profile_likelihood_interval()
    {
        var result = CaptureRecapture.LogLinear(Histories([72, 5, 29, 54, 24, 3, 14]), 3);

        var independence = result.Models.Single(model => model.Name == "independence");
        Math.Round(independence.Estimate.N!.Value).ShouldBe(209);
        independence.Deviance.ShouldBe(75.1, 0.05);
        independence.DegreesOfFreedom.ShouldBe(3);
        Math.Round(independence.Estimate.Ci95!.Value.Low).ShouldBe(203);
        Math.Round(independence.Estimate.Ci95!.Value.High).ShouldBe(217);

        var withTwo = result.Models.Single(model => model.Name == "[13][23]");
        Math.Round(withTwo.Estimate.N!.Value).ShouldBe(233);
        result.Models.Single(model => model.Name == "[23]").Deviance.ShouldBe(1.2, 0.05);
        result.Selected.ShouldBe(result.Models[0]);
        result.Models.ShouldBeInOrder(SortDirection.Ascending, Comparer<LogLinearModel>.Create((a, b) => a.Aic.CompareTo(b.Aic)));
    }

    // CR-5: Bruno et al. (1994) diabetes data, four lists (Rcapture testPapersResults.R): all two-way interactions but
    // [14]: N 2771, SE 145, deviance 7.62, df 5; [13][24][34]: N 2472, SE 53, deviance 21.97, df 7.
    [Fact]
    public void Log_linear_models_reproduce_the_four_list_diabetes_example()
    {
        int[] order = [0b1111, 0b0111, 0b1011, 0b0011, 0b1101, 0b0101, 0b1001, 0b0001, 0b1110, 0b0110, 0b1010, 0b0010, 0b1100, 0b0100, 0b1000];
        int[] counts = [58, 157, 18, 104, 46, 650, 12, 709, 14, 20, 7, 74, 8, 182, 10];
        var histories = order.Zip(counts).ToDictionary(pair => pair.First, pair => pair.Second);

        var result = CaptureRecapture.LogLinear(histories, 4);

        var allButFourteen = result.Models.Single(model => model.Name == "[12][13][23][24][34]");
        Math.Round(allButFourteen.Estimate.N!.Value).ShouldBe(2771);
        Math.Round(allButFourteen.Estimate.StandardError!.Value).ShouldBe(145);
        allButFourteen.Deviance.ShouldBe(7.62, 0.005);
        allButFourteen.DegreesOfFreedom.ShouldBe(5);
        var three = result.Models.Single(model => model.Name == "[13][24][34]");
        Math.Round(three.Estimate.N!.Value).ShouldBe(2472);
        three.Deviance.ShouldBe(21.97, 0.005);
    }

    [Fact]
    public void Log_linear_analysis_of_empty_lists_is_undefined_with_a_reason()
    {
        var result = CaptureRecapture.LogLinear(new Dictionary<int, int>(), 3);

        result.Selected.ShouldBeNull();
        result.Undefined.ShouldBe("no individual is on any list");
    }

    // Rcapture order histpos.t(3): 111, 110, 101, 100, 011, 010, 001, where the first digit is list 1 (bit 0 here).
    private static Dictionary<int, int> Histories(int[] counts)
    {
        int[] order = [0b111, 0b011, 0b101, 0b001, 0b110, 0b010, 0b100];
        return order.Zip(counts).ToDictionary(pair => pair.First, pair => pair.Second);
    }
}
