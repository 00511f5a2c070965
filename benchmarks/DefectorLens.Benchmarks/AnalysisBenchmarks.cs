using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Reports;
using DefectorLens.Services;
using DefectorLens.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Benchmarks;

/// <summary>Every statistic and the HTML report over a generated project (default 100,000 cases, 300,000 sources, 3 million codings).</summary>
/// <remarks>
/// The project is built once with the store's bulk ImportAsync (batches of 2,000 cases) into a file under the temp directory
/// and reused by later runs (DLENS_BENCH_CASES scales it; DLENS_BENCH_PROJECT names the file). The store is warm: the first
/// iteration is a warm-up. benchmarks/analysis/run.sh times the same work as `dlens` processes.
/// </remarks>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private const int SourcesPerCase = 3;
    private const int SegmentsPerSource = 10;
    private static readonly string[] Outlets = [.. Enumerable.Range(1, 40).Select(i => "Outlet " + i.ToString(CultureInfo.InvariantCulture))];
    private static readonly string[] Nationalities = ["Syrian", "Iraqi", "Tunisian", "Saudi", "French", "German", "British", "Jordanian"];
    private IProjectStore _store = null!;
    private AnalysisData _data = null!;

    /// <summary>Cases in the generated project.</summary>
    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("DLENS_BENCH_CASES"), CultureInfo.InvariantCulture, out var n) ? n : 100_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var path = Environment.GetEnvironmentVariable("DLENS_BENCH_PROJECT")
            ?? Path.Combine(Path.GetTempPath(), $"dlens-analysis-bench-{Cases.ToString(CultureInfo.InvariantCulture)}", "project.dlens");
        var provider = new SqliteStoreProvider(TimeProvider.System, NullLoggerFactory.Instance, "bench");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var projects = new Projects(provider);
            await using var created = await projects.CreateAsync(path, null, default);
            await GenerateAsync(created, Cases);
        }

        _store = await provider.OpenAsync(path, default);
        _data = await AnalysisData.LoadAsync(_store, CodingFilter.All, withQuotes: true, default);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(Description = "read the analysis summary (cases, source links, coded segments)")]
    public async Task<int> FactsAsync() => (await _store.GetAnalysisFactsAsync(withSegmentDetails: false, default)).SegmentCount;

    [Benchmark(Description = "load data (the read every stats command does)")]
    public async Task<int> LoadAsync() => (await AnalysisData.LoadAsync(_store, CodingFilter.All, withQuotes: false, default)).Cases.Count;

    [Benchmark(Description = "stats prevalence (load + compute)")]
    public async Task<int> PrevalenceAsync() => Findings.Prevalence(await AnalysisData.LoadAsync(_store, CodingFilter.All, withQuotes: false, default)).Count;

    [Benchmark(Description = "stats prevalence --coder analyst-a --speaker own (load + compute)")]
    public async Task<int> FilteredPrevalenceAsync() => Findings.Prevalence(await AnalysisData.LoadAsync(_store, new CodingFilter("analyst-a", true), withQuotes: false, default)).Count;

    [Benchmark(Description = "reflection, timeline, risks, credibility, unseen, case reliability (in memory)")]
    public int FindingsInMemory() => ReportSections.Compute(_data, default).Credibility.PerCase.Count;

    [Benchmark(Description = "credibility (in memory)")]
    public int Credibility() => Findings.Credibility(_data).PerCase.Count;

    [Benchmark(Description = "segment-level reliability (in memory)")]
    public int SegmentReliability() => Findings.SegmentReliability(_data).Units;

    [Benchmark(Description = "consented quotes of every code (ranked in memory, texts read)")]
    public async Task<int> QuotesAsync()
    {
        var redactor = await Redaction.ForProjectAsync(_store, _data.Cases, ReportAudience.Public, "benchmark", default);
        return (await Findings.QuotesAsync(_store, _data, _data.Codes.Select(c => c.Id), Reporting.QuotesPerCode, redactor, ReportAudience.Public, default)).Count;
    }

    [Benchmark(Description = "all statistics + HTML report")]
    public async Task<int> ReportAsync()
    {
        var model = await Reporting.BuildAsync(_store, CodingFilter.All, TimeProvider.System, default);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReport.Write(model, writer);
        return writer.GetStringBuilder().Length;
    }

    // Deterministic: the same seed makes the same project.
    private static async Task GenerateAsync(IProjectStore store, int cases)
    {
        var codebook = await store.GetCodebookAsync(default);
        var codes = codebook.Leaves.Select(c => c.Id).ToArray();
        var random = new Random(20151001);
        var coders = new[] { Coder.Person("analyst-a"), Coder.Person("analyst-b") };
        const string text = "They told us we would fight the regime, but we fought other rebels and executed our own. I saw what they did to the people in the square and I could not stay. ";
        const int batch = 2_000;
        for (var first = 0; first < cases; first += batch)
        {
            var caseRecords = ImmutableArray.CreateBuilder<CaseRecord>();
            var sources = ImmutableArray.CreateBuilder<SourceRecord>();
            for (var i = first; i < Math.Min(cases, first + batch); i++)
            {
                var id = new CaseId("c" + i.ToString(CultureInfo.InvariantCulture));
                var year = 2013 + random.Next(4);
                var attributes = CaseAttributes.Empty with
                {
                    Nationality = Nationalities[random.Next(Nationalities.Length)],
                    Gender = random.Next(5) == 0 ? "female" : "male",
                    LegalStatus = (LegalStatus)random.Next(7),
                    Consent = (ConsentLevel)random.Next(4),
                    Defected = random.Next(3) switch { 0 => PartialDate.Of(year), 1 => PartialDate.Of(year, 1 + random.Next(12)), _ => PartialDate.Of(year, 1 + random.Next(12), 1 + random.Next(28)) },
                };
                caseRecords.Add(new CaseRecord(Case.Create(id, "P" + i.ToString(CultureInfo.InvariantCulture), attributes), null));
                for (var s = 0; s < SourcesPerCase; s++)
                {
                    var sourceId = new SourceId($"s{i.ToString(CultureInfo.InvariantCulture)}-{s.ToString(CultureInfo.InvariantCulture)}");
                    var metadata = new SourceMetadata { Title = "Source " + sourceId.Value, Outlet = Outlets[random.Next(Outlets.Length)], Published = PartialDate.Of(year, 1 + random.Next(12)), Language = "en", Medium = Medium.News };
                    var segments = ImmutableArray.CreateBuilder<SegmentDraft>();
                    for (var g = 0; g < SegmentsPerSource / 2; g++)
                    {
                        // Both coders code every segment, agreeing four times in five: the material of reliability.
                        var firstCode = codes[random.Next(codes.Length)];
                        var second = random.Next(5) == 0 ? codes[random.Next(codes.Length)] : firstCode;
                        segments.Add(new SegmentDraft(g * 15, (g * 15) + 14, g % 2 == 0 ? id : null,
                            [new CodingDraft(firstCode, coders[0], codebook.Version, null, null), new CodingDraft(second, coders[1], codebook.Version, null, null)]));
                    }

                    sources.Add(new SourceRecord(Source.Create(sourceId, metadata, text, "hash-" + sourceId.Value, [id]), segments.ToImmutable(), null));
                }
            }

            await store.ImportAsync(new ImportBatch("bench-" + first.ToString(CultureInfo.InvariantCulture), caseRecords.ToImmutable(), sources.ToImmutable()), default);
        }
    }
}
