using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Case = DefectorLens.Core.Model.Case;

namespace DefectorLens.Services.Tests;

public sealed class FindingsTests
{
    [Fact]
    public async Task Timeline_places_a_case_known_only_to_the_year_in_its_year_but_in_no_month()
    {
        var data = await DataAsync(
        [
            Case("c1", defected: PartialDate.Of(2015)),
            Case("c2", defected: PartialDate.Of(2015, 3)),
            Case("c3", defected: PartialDate.Of(2014, 11, 2)),
            Case("c4"),
        ]);

        var timeline = Findings.Timeline(data, "2015-03");

        timeline.ByYear.ShouldBe([new PeriodCount("2014", 1), new PeriodCount("2015", 2)]);
        timeline.ByMonth.ShouldBe([new PeriodCount("2014-11", 1), new PeriodCount("2015-03", 1)]);
        timeline.ByQuarter.ShouldBe([new PeriodCount("2014-Q4", 1), new PeriodCount("2015-Q1", 1)]);
        timeline.YearOnly.ShouldBe(1);
        timeline.Undated.ShouldBe(1);
        timeline.Share!.Cases.ShouldBe(1);
        timeline.Share.Dated.ShouldBe(2);
        timeline.Share.Undetermined.ShouldBe(1);
        timeline.Share.Share.ShouldBe(0.5);
    }

    [Fact]
    public async Task Timeline_share_of_a_year_counts_every_case_dated_to_that_year()
    {
        var data = await DataAsync([Case("c1", defected: PartialDate.Of(2015)), Case("c2", defected: PartialDate.Of(2015, 3)), Case("c3", defected: PartialDate.Of(2014))]);

        var share = Findings.Timeline(data, "2015").Share!;

        share.Cases.ShouldBe(2);
        share.Dated.ShouldBe(3);
        share.Share.ShouldBe(2.0 / 3, 1e-12);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("2015-13")]
    [InlineData("2015-Q5")]
    [InlineData("spring 2015")]
    public async Task Timeline_rejects_a_period_that_is_not_a_year_quarter_or_month(string period)
    {
        var data = await DataAsync([Case("c1")]);

        Should.Throw<UserErrorException>(() => Findings.Timeline(data, period)).Message
            .ShouldBe($"period '{period}' is not a period (expected yyyy, yyyy-Qn or yyyy-MM, e.g. 2015, 2015-Q2, 2015-03)");
    }

    [Fact]
    public async Task Reflection_counts_cases_with_both_narratives_and_gives_lift_over_the_leaving_share()
    {
        var data = await DataAsync(
            [Case("c1"), Case("c2"), Case("c3"), Case("c4")],
            ("c1", "join.faith-ideology"), ("c1", "leave.corruption"),
            ("c2", "join.faith-ideology"), ("c2", "leave.corruption"),
            ("c3", "join.syria-conflict"), ("c3", "leave.infighting"),
            ("c4", "join.syria-conflict"), ("c4", "leave.corruption"));

        var r = Findings.Reflection(data);

        var faith = r.Join.ToList().FindIndex(c => c.Id.Value == "join.faith-ideology");
        var corruption = r.Leave.ToList().FindIndex(c => c.Id.Value == "leave.corruption");
        r.Counts[faith, corruption].ShouldBe(2);
        r.RowShares[faith, corruption].ShouldBe(1.0);
        r.Lift[faith, corruption]!.Value.ShouldBe(1 / 0.75, 1e-12);
        r.Fisher.ShouldNotBeNull();
        r.Fisher!.P.ShouldNotBeNull();
    }

    [Fact]
    public async Task Reflection_of_a_project_without_cases_is_defined_without_NaN()
    {
        var data = await DataAsync([]);

        var r = Findings.Reflection(data);

        r.ChiSquare.Statistic.ShouldBeNull();
        r.ChiSquare.Undefined.ShouldNotBeNull();
        r.CramersV.Value.ShouldBeNull();
        r.LeaveShares.ShouldAllBe(share => share == 0);
        r.RowShares.Cast<double?>().ShouldAllBe(share => share == null);
    }

    [Fact]
    public async Task Prevalence_by_attribute_splits_cases_and_puts_unknown_values_last()
    {
        var data = await DataAsync(
            [Case("c1", nationality: "Syrian"), Case("c2", nationality: "Syrian"), Case("c3")],
            ("c1", "leave.brutality"));

        var split = Findings.PrevalenceBy(data, "nationality");

        split.Groups.Select(g => (g.Value, g.Cases)).ShouldBe([("Syrian", 2), (Findings.Unknown, 1)]);
        split.Groups[0].Rows.Single(r => r.Code.Value == "leave.brutality").Share.ShouldBe(0.5);
    }

    [Fact]
    public async Task Prevalence_by_an_unknown_attribute_names_the_attributes_accepted()
    {
        var data = await DataAsync([Case("c1")]);

        Should.Throw<UserErrorException>(() => Findings.PrevalenceBy(data, "shoe_size")).Message
            .ShouldBe("unknown attribute 'shoe_size' (expected one of: nationality, gender, role, group, residence, legal_status, consent, defected:year, joined:year, age_at_joining)");
    }

    [Fact]
    public async Task Credibility_counts_documents_with_the_same_content_once_and_every_outlet_that_carried_them_as_independent()
    {
        var data = await DataAsync(
            [Case("c1")],
            sources:
            [
                new CaseSource(new CaseId("c1"), new SourceId("s1"), "Outlet A", "hash-1", null),
                new CaseSource(new CaseId("c1"), new SourceId("s2"), "Outlet B", "hash-1", null),
                new CaseSource(new CaseId("c1"), new SourceId("s3"), "Outlet A", "hash-3", null),
                new CaseSource(new CaseId("c1"), new SourceId("s4"), "Outlet C", "hash-4", null),
            ],
            sourceCodes:
            [
                new SourceCode(new SourceId("s1"), null, new CodeId("leave.brutality"), "a"),
                new SourceCode(new SourceId("s4"), null, new CodeId("leave.corruption"), "a"),
            ]);

        var c = Findings.Credibility(data).PerCase.Single();

        c.Sources.ShouldBe(4);
        c.Documents.ShouldBe(3);
        c.IndependentSources.ShouldBe(3);
        c.Agreement.ShouldBe(0.0);
        var flag = c.Flags.ShouldHaveSingleItem();
        (flag.Kind, flag.First, flag.FirstNarratives.Single(), flag.Second, flag.SecondNarratives.Single())
            .ShouldBe(("leave", new SourceId("s1"), new CodeId("leave.brutality"), new SourceId("s4"), new CodeId("leave.corruption")));
        flag.ToString().ShouldBe("leave: s1 codes leave.brutality; s4 codes leave.corruption");
    }

    [Fact]
    public async Task Credibility_counts_a_near_duplicate_once_while_its_outlet_still_corroborates()
    {
        var sources = new[]
        {
            new CaseSource(new CaseId("c1"), new SourceId("story"), "Outlet A", "hash-story", null),
            new CaseSource(new CaseId("c1"), new SourceId("story-reprint"), "Outlet B", "hash-reprint", null),
        };
        var originals = new Dictionary<SourceId, SourceId> { [new SourceId("story-reprint")] = new SourceId("story") };
        var data = AnalysisData.From(await CodebookAsync(), [Case("c1")], sources, [], originals: originals);
        var unlinked = AnalysisData.From(await CodebookAsync(), [Case("c1")], sources, []);

        var c = Findings.Credibility(data).PerCase.Single();

        c.Sources.ShouldBe(2);
        c.Documents.ShouldBe(1);
        c.IndependentSources.ShouldBe(2);
        Findings.Credibility(unlinked).PerCase.Single().Documents.ShouldBe(2);
    }

    [Fact]
    public async Task Credibility_counts_reprints_of_one_original_outside_the_project_as_one_document_and_others_apart()
    {
        var sources = new[]
        {
            new CaseSource(new CaseId("c1"), new SourceId("reprint-1"), "Outlet A", "hash-1", null),
            new CaseSource(new CaseId("c1"), new SourceId("reprint-2"), "Outlet B", "hash-2", null),
            new CaseSource(new CaseId("c1"), new SourceId("reprint-3"), "Outlet C", "hash-3", null),
            new CaseSource(new CaseId("c2"), new SourceId("reprint-4"), "Outlet A", "hash-4", null),
        };
        var originals = new Dictionary<SourceId, SourceId>
        {
            [new SourceId("reprint-1")] = new SourceId("wire-story"),
            [new SourceId("reprint-2")] = new SourceId("wire-story"),
            [new SourceId("reprint-3")] = new SourceId("other-story"),
            [new SourceId("reprint-4")] = new SourceId("wire-story"),
        };

        var perCase = Findings.Credibility(AnalysisData.From(await CodebookAsync(), [Case("c1"), Case("c2")], sources, [], originals: originals)).PerCase;

        perCase.Select(c => (c.Case.Value, c.Sources, c.Documents, c.IndependentSources)).ShouldBe([("c2", 1, 1, 1), ("c1", 3, 2, 3)]);
    }

    [Fact]
    public void A_contradiction_reads_as_both_documents_with_their_narratives_in_codebook_order()
    {
        var flag = new Contradiction(
            "leave", new SourceId("s1"), [new CodeId("leave.infighting"), new CodeId("leave.corruption")], new SourceId("s2"), [new CodeId("leave.brutality")]);

        flag.ToString().ShouldBe("leave: s1 codes leave.infighting, leave.corruption; s2 codes leave.brutality");
        flag.Length.ShouldBe(flag.ToString().Length);
        flag.TryFormat(new char[flag.Length - 1], out var written, default, null).ShouldBeFalse();
        written.ShouldBe(0);
    }

    [Fact]
    public async Task Credibility_lists_the_least_corroborated_cases_first_then_by_id_whatever_order_the_cases_come_in()
    {
        var sources = new[]
        {
            new CaseSource(new CaseId("c3"), new SourceId("s1"), "Outlet A", "hash-1", null),
            new CaseSource(new CaseId("c1"), new SourceId("s2"), "Outlet A", "hash-2", null),
            new CaseSource(new CaseId("c1"), new SourceId("s3"), "Outlet B", "hash-3", null),
            new CaseSource(new CaseId("c2"), new SourceId("s4"), "Outlet B", "hash-4", null),
            new CaseSource(new CaseId("c10"), new SourceId("s5"), "Outlet C", "hash-5", null),
        };

        var perCase = Findings.Credibility(AnalysisData.From(await CodebookAsync(), [Case("c3"), Case("c1"), Case("c2"), Case("c10")], sources, [])).PerCase;

        perCase.Select(c => (c.Case.Value, c.IndependentSources)).ShouldBe([("c10", 1), ("c2", 1), ("c3", 1), ("c1", 2)]);
    }

    [Theory]
    [InlineData("A", "--lists: 1 lists given; capture–recapture needs 2 to 5")]
    [InlineData("A;", "--lists: list 2 names no outlet (lists are separated by ';', outlets by ',')")]
    [InlineData("A;Z", "--lists: no source has the outlet 'Z' (outlets: A, B, C)")]
    [InlineData("A,B;B", "--lists: outlet 'B' is in more than one list")]
    public void Lists_are_rejected_with_a_message_saying_what_is_wrong(string lists, string message)
    {
        Should.Throw<UserErrorException>(() => Findings.ParseLists(lists, ["A", "B", "C"])).Message.ShouldBe(message);
    }

    [Fact]
    public async Task Unseen_with_two_lists_gives_Lincoln_Petersen_and_Chapman_from_the_overlap()
    {
        var rows = new List<CaseSource>();
        var cases = new List<Case>();
        for (var i = 0; i < 30; i++)
        {
            var id = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cases.Add(Case(id));
            if (i < 20)
            {
                rows.Add(new CaseSource(new CaseId(id), new SourceId("a" + id), "A", "ha" + id, null));
            }

            if (i >= 10)
            {
                rows.Add(new CaseSource(new CaseId(id), new SourceId("b" + id), "B", "hb" + id, null));
            }
        }

        var unseen = Findings.Unseen(await DataAsync(cases, sources: rows), "A;B");

        unseen.Observed.ShouldBe(30);
        unseen.LincolnPetersen!.N!.Value.ShouldBe(40);
        unseen.Chapman!.N!.Value.ShouldBe((21.0 * 21 / 11) - 1, 1e-9);
        unseen.Assumptions.Select(a => a.Name).ShouldBe(["closed population", "independence of lists", "homogeneity", "matching"]);
    }

    [Fact]
    public async Task Reliability_with_a_single_coder_says_why_it_is_not_computed()
    {
        var data = await DataAsync([Case("c1")], ("c1", "leave.brutality"));

        var r = Findings.CaseReliability(data);

        r.Overall.ShouldBeNull();
        r.Undefined.ShouldBe(Findings.OneCoder);
    }

    [Fact]
    public async Task Reliability_of_coders_who_agree_everywhere_is_perfect_and_a_code_nobody_used_is_undefined()
    {
        var data = await DataAsync(
            [Case("c1"), Case("c2")],
            sourceCodes:
            [
                new SourceCode(new SourceId("s-c1"), new CaseId("c1"), new CodeId("leave.brutality"), "a"),
                new SourceCode(new SourceId("s-c1"), new CaseId("c1"), new CodeId("leave.brutality"), "b"),
                new SourceCode(new SourceId("s-c2"), new CaseId("c2"), new CodeId("leave.corruption"), "a"),
                new SourceCode(new SourceId("s-c2"), new CaseId("c2"), new CodeId("leave.corruption"), "b"),
            ]);

        var r = Findings.CaseReliability(data);

        r.Units.ShouldBe(2);
        r.Overall!.Alpha.Alpha.Value.ShouldBe(1.0);
        r.Overall.Pairs.Single().Kappa.Kappa.Value.ShouldBe(1.0);
        var unused = r.PerCode.Single(c => c.Code!.Value.Value == "risk.reprisal");
        unused.Alpha.Alpha.Value.ShouldBeNull();
        unused.Alpha.PercentAgreement.Value.ShouldBe(1.0);
    }

    private static Case Case(string id, PartialDate? defected = null, string? nationality = null) =>
        DefectorLens.Core.Model.Case.Create(new CaseId(id), "P " + id, CaseAttributes.Empty with { Defected = defected, Nationality = nationality });

    private static async Task<AnalysisData> DataAsync(
        IReadOnlyList<Case> cases, IReadOnlyList<CaseSource>? sources = null, IReadOnlyList<SourceCode>? sourceCodes = null)
    {
        return AnalysisData.From(await CodebookAsync(), cases, sources ?? [], sourceCodes ?? []);
    }

    private static async Task<AnalysisData> DataAsync(IReadOnlyList<Case> cases, params (string Case, string Code)[] codes) =>
        AnalysisData.From(await CodebookAsync(), cases, [],
            [.. codes.Select(c => new SourceCode(new SourceId("s-" + c.Case), new CaseId(c.Case), new CodeId(c.Code), "a"))]);

    private static async Task<Codebook> CodebookAsync()
    {
        await using var project = await ProjectFixture.CreateAsync();
        return await project.Store.GetCodebookAsync(default);
    }
}
