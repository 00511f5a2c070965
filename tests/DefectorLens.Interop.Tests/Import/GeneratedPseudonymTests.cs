using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class GeneratedPseudonymTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dlens-pseudonyms-" + Guid.NewGuid().ToString("N"));

    public GeneratedPseudonymTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_case_without_a_pseudonym_gets_a_readable_one_unique_in_the_file_and_the_project()
    {
        var path = Path.Combine(_directory, "cases.jsonl");
        File.WriteAllText(path, string.Join('\n', Enumerable.Range(1, 30).Select(i => $$$"""{"case": "c{{{i}}}", "attributes": {"consent": "none"}}""")));
        var context = TestCodebooks.Context with { Pseudonyms = new Dictionary<CaseId, string> { [new CaseId("c100")] = "Given Name" } };

        var result = Importers.Read(path, context, default);

        result.Errors.ShouldBeEmpty();
        var pseudonyms = result.Batch.Cases.Select(record => record.Case.Pseudonym).ToList();
        pseudonyms.ShouldAllBe(name => System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Z][a-z]+ [A-Z][a-z]+$"));
        pseudonyms.Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(30);
        Importers.Read(path, context, default).Batch.Cases.Select(record => record.Case.Pseudonym).ShouldBe(pseudonyms);
    }
}
