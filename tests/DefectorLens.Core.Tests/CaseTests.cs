using DefectorLens.Core.Model;
using Case = DefectorLens.Core.Model.Case;

namespace DefectorLens.Core.Tests;

public sealed class CaseTests
{
    [Fact]
    public void An_identity_never_prints_its_values()
    {
        var identity = CaseIdentity.For(new CaseId("c001")) with
        {
            RealName = "Zoltan Quibblewick",
            Aliases = ["Abu Quibble"],
            Contact = "zq@example.org",
            ExactLocation = "Flat 3, Harbour Road",
        };

        var printed = identity.ToString();

        printed.ShouldContain("c001");
        printed.ShouldNotContain("Quibble");
        printed.ShouldNotContain("example.org");
        printed.ShouldNotContain("Harbour");
    }

    [Fact]
    public void A_case_needs_an_id_and_a_pseudonym()
    {
        Should.Throw<ArgumentException>(() => Case.Create(new CaseId(""), "Abu Tariq", CaseAttributes.Empty));
        Should.Throw<ArgumentException>(() => Case.Create(new CaseId("c1"), " ", CaseAttributes.Empty));
    }

    [Fact]
    public void A_source_stores_its_text_in_NFC()
    {
        var decomposed = "Ne\u0301gociation"; // e + combining acute
        var source = Source.Create(new SourceId("s1"), new SourceMetadata { Title = "t" }, decomposed, "hash", []);

        source.Text.ShouldBe("N\u00e9gociation");
    }

    [Theory]
    [InlineData(0, 5, 5, true)]
    [InlineData(2, 2, 5, false)]
    [InlineData(-1, 3, 5, false)]
    [InlineData(3, 6, 5, false)]
    public void A_segment_span_must_be_non_empty_and_inside_its_text(int start, int end, int length, bool valid)
    {
        Segment.IsValidSpan(start, end, length).ShouldBe(valid);
    }

    [Fact]
    public void A_code_id_knows_its_parent()
    {
        new CodeId("leave.brutality").Parent.ShouldBe(new CodeId("leave"));
        new CodeId("leave").Parent.ShouldBeNull();
    }
}
