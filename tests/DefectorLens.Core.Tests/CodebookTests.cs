using System.Collections.Immutable;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Tests;

public sealed class CodebookTests
{
    private static Code CodeOf(string id) => new(new CodeId(id), id, "", [], [], [], null, []);

    private static Codebook With(params string[] ids) => new("test", "1", "Test", "", [.. ids.Select(CodeOf)]);

    [Fact]
    public void A_well_formed_codebook_has_no_problems_and_its_leaves_are_the_codes_without_children()
    {
        var codebook = With("join", "join.faith", "leave", "leave.brutality");

        codebook.Problems().ShouldBeEmpty();
        codebook.Leaves.Select(code => code.Id.Value).ShouldBe(["join.faith", "leave.brutality"]);
    }

    [Fact]
    public void Problems_name_each_bad_code()
    {
        var codebook = With("join", "join", "Leave.Bad", "risk.reprisal");

        codebook.Problems().ShouldBe(
        [
            "code id 'join' appears more than once",
            "code id 'Leave.Bad' is not valid (expected lower-case words joined by dots, e.g. leave.brutality)",
            "code 'risk.reprisal' needs its parent 'risk' to be defined before it",
        ]);
    }

    [Fact]
    public void A_codebook_without_codes_says_so()
    {
        new Codebook("x", "1", "X", "", ImmutableArray<Code>.Empty).Problems().ShouldBe(["codebook has no codes"]);
    }

    [Fact]
    public void A_code_is_found_by_its_id_or_by_an_unambiguous_last_part()
    {
        var codebook = With("join", "join.faith-ideology", "leave", "leave.brutality");

        codebook.FindByIdOrSuffix("faith-ideology")!.Id.Value.ShouldBe("join.faith-ideology");
        codebook.FindByIdOrSuffix("leave.brutality")!.Id.Value.ShouldBe("leave.brutality");
        codebook.FindByIdOrSuffix("nothing").ShouldBeNull();
    }
}
