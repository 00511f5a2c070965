using DefectorLens.Storage.Sqlite;

namespace DefectorLens.Storage.Tests.Sqlite;

public sealed class FullTextQueryTests
{
    [Theory]
    [InlineData("executed", "\"executed\"")]
    [InlineData("  brutal   emirs ", "\"brutal\" \"emirs\"")]
    [InlineData("al-Raqqa", "\"al-Raqqa\"")]
    [InlineData("didn't", "\"didn't\"")]
    [InlineData("execut*", "\"execut\"*")]
    [InlineData("\"best houses\"", "\"best houses\"")]
    [InlineData("\"best hou\"*", "\"best hou\"*")]
    [InlineData("\"unclosed phrase", "\"unclosed phrase\"")]
    [InlineData("hijra OR emirs", "\"hijra\" OR \"emirs\"")]
    [InlineData("duty NOT emirs AND x", "\"duty\" NOT \"emirs\" AND \"x\"")]
    [InlineData("or and not", "\"or\" \"and\" \"not\"")]
    [InlineData("col:value", "\"col:value\"")]
    [InlineData("(a", "\"(a\"")]
    [InlineData("- * \"\"", "")]
    [InlineData("الأسد", "\"الأسد\"")]
    public void Every_word_is_quoted_and_only_operators_and_prefix_stars_stay_syntax(string query, string expected) =>
        FullTextQuery.Translate(query).ShouldBe(expected);
}
