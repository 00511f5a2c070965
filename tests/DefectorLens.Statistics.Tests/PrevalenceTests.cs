using DefectorLens.Core.Model;

namespace DefectorLens.Statistics.Tests;

public sealed class PrevalenceTests
{
    private static readonly CodeId Brutality = new("leave.brutality");
    private static readonly CodeId Corruption = new("leave.corruption");
    private static readonly (CodeId, string)[] Codes = [(Brutality, "Brutality"), (Corruption, "Corruption")];

    [Fact]
    public void A_case_counts_once_however_many_segments_and_coders_carry_the_code()
    {
        var rows = Prevalence.Compute(Codes,
        [
            new CaseCode(new CaseId("c1"), Brutality, "analyst-a"),
            new CaseCode(new CaseId("c1"), Brutality, "lexicon"),
            new CaseCode(new CaseId("c2"), Brutality, "analyst-a"),
        ], caseCount: 4);

        rows[0].Cases.ShouldBe(2);
        rows[0].Share.ShouldBe(0.5);
        rows[0].Ci95.ShouldBe(Proportions.Wilson(2, 4));
    }

    [Fact]
    public void A_code_no_case_has_is_listed_with_zero_and_an_interval_starting_at_zero()
    {
        var rows = Prevalence.Compute(Codes, [new CaseCode(new CaseId("c1"), Brutality, "analyst-a")], caseCount: 3);

        rows.Select(row => row.Code).ShouldBe([Brutality, Corruption]);
        rows[1].Cases.ShouldBe(0);
        rows[1].Share.ShouldBe(0);
        rows[1].Ci95.Low.ShouldBe(0);
    }

    [Fact]
    public void A_project_without_cases_has_defined_figures()
    {
        var rows = Prevalence.Compute(Codes, [], caseCount: 0);

        rows.ShouldAllBe(row => row.Cases == 0 && row.Share == 0 && row.Ci95.Low == 0 && row.Ci95.High == 1);
    }
}
