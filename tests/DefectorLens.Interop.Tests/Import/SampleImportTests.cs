using DefectorLens.Core.Model;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

/// <summary>The sample project shipped in <c>samples/</c> imports cleanly with the default codebook.</summary>
public sealed class SampleImportTests
{
    [Fact]
    public void The_sample_cases_and_sources_import_without_errors()
    {
        var samples = Path.Combine(RepositoryRoot(), "samples");
        var empty = new ImportContext(CodebookFile.Default, new HashSet<CaseId>(), new HashSet<SourceId>());

        var cases = Importers.Read(Path.Combine(samples, "cases.jsonl"), empty, CancellationToken.None);
        cases.Errors.ShouldBeEmpty();
        var withCases = empty with { ExistingCases = cases.Batch.Cases.Select(record => record.Case.Id).ToHashSet() };
        var sources = Importers.Read(Path.Combine(samples, "sources.jsonl"), withCases, CancellationToken.None);

        sources.Errors.ShouldBeEmpty();
        cases.Batch.Cases.Length.ShouldBeGreaterThanOrEqualTo(40);
        sources.Batch.Sources.Length.ShouldBeGreaterThanOrEqualTo(60);
    }

    [Fact]
    public void The_sample_texts_import_without_errors_once_the_json_lines_are_in()
    {
        var samples = Path.Combine(RepositoryRoot(), "samples");
        var context = new ImportContext(CodebookFile.Default, new HashSet<CaseId>(), new HashSet<SourceId>());
        var cases = Importers.Read(Path.Combine(samples, "cases.jsonl"), context, CancellationToken.None).Batch.Cases;
        context = context with { ExistingCases = cases.Select(record => record.Case.Id).ToHashSet() };
        var sources = Importers.Read(Path.Combine(samples, "sources.jsonl"), context, CancellationToken.None).Batch.Sources;
        context = context with { ExistingSources = sources.Select(record => record.Source.Id).ToHashSet() };

        var texts = Directory.GetFiles(Path.Combine(samples, "texts"))
            .Select(file => Importers.Read(file, context, CancellationToken.None))
            .ToList();

        texts.ShouldNotBeEmpty();
        texts.SelectMany(result => result.Errors).ShouldBeEmpty();
        texts.ShouldAllBe(result => result.Batch.Sources.Length == 1);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DefectorLens.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DefectorLens.slnx above {AppContext.BaseDirectory}.");
    }
}
