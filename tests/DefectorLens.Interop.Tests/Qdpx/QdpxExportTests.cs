using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Interop.Qdpx;

namespace DefectorLens.Interop.Tests.Qdpx;

public sealed class QdpxExportTests
{
    [Fact]
    public async Task Export_writes_a_project_qde_that_validates_against_Project_xsd()
    {
        await using var projects = new QdpxProjects();
        var archive = await Archives.ExportAsync(await projects.CreateSampleAsync());

        using var qde = new MemoryStream(Encoding.UTF8.GetBytes(Archives.ProjectQde(archive)));
        RefiQdaSchema.ValidateProject(qde).ShouldBeEmpty();
    }

    [Fact]
    public async Task Export_of_an_empty_project_validates_too()
    {
        await using var projects = new QdpxProjects();
        var archive = await Archives.ExportAsync(await projects.CreateAsync("empty"));

        using var qde = new MemoryStream(Encoding.UTF8.GetBytes(Archives.ProjectQde(archive)));
        RefiQdaSchema.ValidateProject(qde).ShouldBeEmpty();
    }

    [Fact]
    public async Task Export_never_writes_an_identity_field_and_names_cases_by_pseudonym()
    {
        await using var projects = new QdpxProjects();
        var archive = await Archives.ExportAsync(await projects.CreateSampleAsync());

        using var zip = new ZipArchive(new MemoryStream(archive));
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(await entry.OpenAsync());
            var text = await reader.ReadToEndAsync();
            text.ShouldNotContain(QdpxProjects.PlantedName);
            text.ShouldNotContain(QdpxProjects.PlantedContact);
            text.ShouldNotContain("Abu Quibble");
        }

        Archives.ProjectQde(archive).ShouldContain("<Case guid=\"" + QdaGuids.Text(QdaGuids.Case(Archives.Ids.CaseRef(new CaseId("c1")))) + "\" name=\"Abu Tariq\">");
    }

    [Fact]
    public async Task Export_names_cases_by_export_id_in_case_variables_guids_selections_and_memos_never_by_the_project_case_id()
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateSampleAsync();
        var other = new ExportIds(KeyRing.Generate());

        var qde = XDocument.Parse(Archives.ProjectQde(await Archives.ExportAsync(store)));
        var otherQde = XDocument.Parse(Archives.ProjectQde(await Archives.ExportAsync(store, ExportScope.For(Redactor.PatternsOnly, [], other))));

        string[] cases = ["c1", "c2", "c3"];
        CaseIds(qde).ShouldBe(cases.Select(id => Archives.Ids.CaseRef(new CaseId(id))));
        CaseIds(otherQde).ShouldBe(cases.Select(id => other.CaseRef(new CaseId(id))));
        var text = qde.ToString();
        foreach (var id in cases)
        {
            text.ShouldNotContain(QdaGuids.Text(QdaGuids.Case(id)));
            text.ShouldNotContain($">{id}<");
            text.ShouldNotContain($"case {id}");
        }

        qde.Descendants(Qda + "Note").Select(note => note.Attribute("name")!.Value).ShouldContain($"Memo on case {Archives.Ids.CaseRef(new CaseId("c1"))}");
        var selections = Guids(qde, "PlainTextSelection");
        Guids(otherQde, "PlainTextSelection").Intersect(selections).Count().ShouldBe(1); // the one narration span has no speaker to key
        Guids(otherQde, "Case").Intersect(Guids(qde, "Case")).ShouldBeEmpty();
    }

    private static readonly XNamespace Qda = "urn:QDA-XML:project:1.0";

    private static IEnumerable<string> Guids(XDocument qde, string element) =>
        qde.Descendants(Qda + element).Select(e => e.Attribute("guid")!.Value);

    private static IEnumerable<string> CaseIds(XDocument qde)
    {
        var idVariable = qde.Descendants(Qda + "Variable").Single(v => v.Attribute("name")!.Value == "dlens:id").Attribute("guid")!.Value;
        return qde.Descendants(Qda + "Case").Select(c => c.Elements(Qda + "VariableValue")
            .Single(v => v.Element(Qda + "VariableRef")!.Attribute("targetGUID")!.Value == idVariable).Element(Qda + "TextValue")!.Value);
    }

    [Fact]
    public async Task Exporting_twice_gives_the_same_project_qde()
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateSampleAsync();

        Archives.ProjectQde(await Archives.ExportAsync(store)).ShouldBe(Archives.ProjectQde(await Archives.ExportAsync(store)));
    }

    [Fact]
    public async Task Export_keeps_each_text_under_Sources_and_counts_positions_in_characters_not_UTF16_units()
    {
        await using var projects = new QdpxProjects();
        var archive = await Archives.ExportAsync(await projects.CreateSampleAsync());

        using var zip = new ZipArchive(new MemoryStream(archive));
        var guid = QdaGuids.Text(QdaGuids.Source("s1"));
        using (var reader = new StreamReader(await zip.GetEntry($"Sources/{guid}.txt")!.OpenAsync(), Encoding.UTF8))
        {
            (await reader.ReadToEndAsync()).ShouldBe(QdpxProjects.Text1);
        }

        var qde = Archives.ProjectQde(archive);
        qde.ShouldContain($"plainTextPath=\"internal://{guid}.txt\"");
        var utf16 = QdpxProjects.Text1.IndexOf("They executed", StringComparison.Ordinal);
        qde.ShouldContain($"startPosition=\"{utf16 - 1}\" endPosition=\"{utf16 - 1 + "They executed a boy in the square.".Length}\"");
    }

    [Fact]
    public async Task Export_writes_coders_including_rule_sets_as_users()
    {
        await using var projects = new QdpxProjects();
        var qde = Archives.ProjectQde(await Archives.ExportAsync(await projects.CreateSampleAsync()));

        qde.ShouldContain($"<User guid=\"{QdaGuids.Text(QdaGuids.User("lexicon", "rules", "2"))}\" name=\"lexicon (rules 2)\" />");
        qde.ShouldContain($"<User guid=\"{QdaGuids.Text(QdaGuids.User("analyst-a", "person", "1"))}\" name=\"analyst-a (person 1)\" />");
    }

    [Fact]
    public void Guids_are_name_based_version_5_and_stable()
    {
        var guid = QdaGuids.Code("leave.brutality");

        guid.ShouldBe(QdaGuids.Code("leave.brutality"));
        guid.ShouldNotBe(QdaGuids.Code("leave.corruption"));
        QdaGuids.Text(guid)[14].ShouldBe('5');
        "89ab".ShouldContain(QdaGuids.Text(guid)[19]);
    }
}
