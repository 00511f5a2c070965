using DefectorLens.Core.Storage;

namespace DefectorLens.Services.Tests;

public sealed class ReportingTests
{
    private const string Cases =
        """
        {"case": "c1", "pseudonym": "Abu Tariq", "attributes": {"consent": "public_anonymous"}, "identity": {"name": "Zoltan Quibblewick"}}
        {"case": "c2", "pseudonym": "Umm Safiya", "attributes": {"consent": "research_only"}}
        """;

    [Fact]
    public async Task Quotes_come_only_from_cases_whose_consent_allows_publication_and_are_shown_by_pseudonym()
    {
        await using var project = await ProjectFixture.CreateAsync();
        const string Consented = "Abu Tariq: They executed my cousin in the square.";
        const string Private = "Umm Safiya: They executed the baker for smoking.";
        await Importing.ImportAsync(project.Store,
        [
            project.File("cases.jsonl", Cases),
            project.File("s.jsonl", AutoCodingTests.Source("s1", Consented, "c1") + "\n" + AutoCodingTests.Source("s2", Private, "c2")),
        ], null, default);
        await AutoCoding.CodeWithRulesAsync(project.Store, null, default);

        var model = await Reporting.BuildAsync(project.Store, CodingFilter.All, TimeProvider.System, default);

        model.Quotes.ShouldNotBeEmpty();
        model.Quotes.ShouldAllBe(quote => quote.Pseudonym == "Abu Tariq");
        model.Quotes.ShouldNotContain(quote => quote.Text.Contains("baker", StringComparison.Ordinal));
        model.Prevalence.Single(row => row.Code.Value == "leave.brutality").Cases.ShouldBe(2);
    }

    [Fact]
    public async Task The_report_files_are_written_together_and_name_no_identity()
    {
        await using var project = await ProjectFixture.CreateAsync();
        await Importing.ImportAsync(project.Store, [project.File("cases.jsonl", Cases)], null, default);
        var model = await Reporting.BuildAsync(project.Store, CodingFilter.All, TimeProvider.System, default);

        var files = await Reporting.WriteAsync(model, Path.Combine(project.Directory, "out"), default);

        (await File.ReadAllTextAsync(files.Html)).ShouldNotContain("Quibblewick");
        (await File.ReadAllTextAsync(files.Markdown)).ShouldNotContain("Quibblewick");
        Directory.GetFiles(Path.Combine(project.Directory, "out")).Select(Path.GetFileName).Order().ShouldBe(["report.html", "report.md"]);
    }
}
