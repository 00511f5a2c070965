using DefectorLens.Core.Storage;

namespace DefectorLens.Services.Tests;

public sealed class ExportAndPdfTests
{
    [Fact]
    public async Task Csv_export_writes_cases_codings_and_every_table_without_identity_and_neutralises_formulas()
    {
        await using var project = await ProjectFixture.CreateAsync();
        const string Cases = """
            {"case": "c1", "pseudonym": "=HYPERLINK(\"x\")", "attributes": {"consent": "public_anonymous", "nationality": "Syrian"}, "identity": {"name": "Zoltan Quibblewick"}}
            """;
        await Importing.ImportAsync(project.Store,
            [project.File("cases.jsonl", Cases), project.File("s.jsonl", AutoCodingTests.Source("s1", "They executed my cousin in the square.", "c1"))], null, default);
        await AutoCoding.CodeWithRulesAsync(project.Store, null, default);

        var files = await Exporting.WriteAsync(project.Store, "csv", Path.Combine(project.Directory, "csv"), ReportAudience.Research, default);

        files.Select(Path.GetFileName).ShouldContain("cases.csv");
        files.Select(Path.GetFileName).ShouldContain("codings.csv");
        files.Select(Path.GetFileName).ShouldContain("reflection.csv");
        var cases = await File.ReadAllTextAsync(files.Single(f => f.EndsWith("cases.csv", StringComparison.Ordinal)));
        cases.ShouldContain("'=HYPERLINK");
        cases.ShouldNotContain("Quibblewick");
        (await File.ReadAllTextAsync(files.Single(f => f.EndsWith("codings.csv", StringComparison.Ordinal)))).ShouldContain("leave.brutality");
    }

    [Fact]
    public async Task Xlsx_export_writes_one_workbook()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var path = Path.Combine(project.Directory, "tables.xlsx");

        (await Exporting.WriteAsync(project.Store, "xlsx", path, ReportAudience.Research, default)).ShouldBe([path]);

        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
        workbook.WorkbookPart!.Workbook.Sheets!.ChildElements.Count.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task The_report_prints_to_a_PDF_with_headless_Chromium()
    {
        await using var project = await ProjectFixture.CreateAsync();
        var model = await Reporting.BuildAsync(project.Store, CodingFilter.All, TimeProvider.System, default);
        var files = await Reporting.WriteAsync(model, project.Directory, default);
        var pdf = Path.Combine(project.Directory, "report.pdf");

        await PdfPrinting.PrintAsync(files.Html, pdf, default);

        (await File.ReadAllBytesAsync(pdf)).Take(5).ShouldBe("%PDF-"u8.ToArray());
    }
}
