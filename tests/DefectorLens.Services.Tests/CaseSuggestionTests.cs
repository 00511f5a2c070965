using DefectorLens.Core.Model;

namespace DefectorLens.Services.Tests;

public sealed class CaseSuggestionTests
{
    [Fact]
    public async Task An_unlinked_source_naming_a_pseudonym_is_suggested_for_that_case_ranked_by_the_evidence()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var cases = project.File("cases.jsonl", """
            {"case": "c1", "pseudonym": "Abu Tariq", "attributes": {"nationality": "Tunisian", "defected": "2015-03"}, "identity": {"aliases": ["Abu Zayd"]}}
            {"case": "c2", "pseudonym": "Abu Nuh"}
            """);
        var linked = project.File("linked.md", "---\ncases: [c2]\n---\nAbu Tariq and Abu Nuh met in 2015.");
        var unlinked = project.File("unlinked.txt", "Abu Tariq, a Tunisian who fled in 2015, said Abu Nuh stayed. Abu Zayd was not there. Abu Tariqa is another man.");
        await Importing.ImportAsync(project.Store, [cases, linked, unlinked], null, default);

        var suggestions = await CaseSuggestions.SuggestAsync(project.Store, default);

        suggestions.Select(s => (s.Source.Value, s.Case.Value, s.Score)).ShouldBe([("unlinked", "c1", 5), ("unlinked", "c2", 3)]);
        suggestions[0].Reasons.ShouldBe(["pseudonym mentioned once", "nationality mentioned", "defection year mentioned"]);
        suggestions.ShouldAllBe(s => s.Source != new SourceId("linked"));
    }
}
