using DefectorLens.Core.Model;

namespace DefectorLens.Core.Tests;

public sealed class PartialDateTests
{
    [Theory]
    [InlineData("2015", DatePrecision.Year, "2015")]
    [InlineData("2015-03", DatePrecision.Month, "2015-03")]
    [InlineData("2015-03-12", DatePrecision.Day, "2015-03-12")]
    [InlineData(" 2014-11 ", DatePrecision.Month, "2014-11")]
    public void A_date_keeps_the_precision_it_was_written_with(string text, DatePrecision precision, string written)
    {
        var date = PartialDate.TryParse(text);

        date.ShouldNotBeNull();
        date.Value.Precision.ShouldBe(precision);
        date.Value.ToString().ShouldBe(written);
    }

    [Theory]
    [InlineData("31/02/2015")]
    [InlineData("2015-02-31")]
    [InlineData("2015-13")]
    [InlineData("March 2015")]
    [InlineData("")]
    public void Text_that_is_not_a_date_gives_no_date(string text)
    {
        PartialDate.TryParse(text).ShouldBeNull();
    }

    [Fact]
    public void A_date_known_to_the_year_has_no_month()
    {
        PartialDate.Of(2015).Month.ShouldBeNull();
        PartialDate.Of(2015, 6).Month.ShouldBe(6);
    }
}
