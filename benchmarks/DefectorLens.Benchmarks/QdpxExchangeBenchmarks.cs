using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Services;
using DefectorLens.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Benchmarks;

/// <summary>REFI-QDA export and import of a project of 10,000 sources and 200,000 codings.</summary>
/// <remarks>
/// 1,000 cases, 10,000 sources of about 1,600 characters, 10 segments each coded by a person and by the lexicon.
/// The peak working set of the benchmark process is printed at the end ("peak working set: N MiB"), since the target
/// is on memory held, which BenchmarkDotNet's allocation column does not show.
/// </remarks>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class QdpxExchangeBenchmarks
{
    private const int Sources = 10_000;
    private const int Cases = 1_000;
    private const int SegmentsPerSource = 10;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dlens-qdpx-bench-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStoreProvider _provider = new(TimeProvider.System, NullLoggerFactory.Instance, "bench");
    private IProjectStore _source = null!;
    private IProjectStore? _target;
    private string _archive = "";
    private int _iteration;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_directory);
        var projects = new Projects(_provider);
        _source = await projects.CreateAsync(Path.Combine(_directory, "source"), null, default);
        await GenerateAsync(_source);
        _archive = Path.Combine(_directory, "project.qdpx");
        await QdpxExchange.ExportAsync(_source, _archive, ReportAudience.Research, default);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _source.DisposeAsync();
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "export 10,000 sources / 200,000 codings to .qdpx")]
    public async Task<int> ExportAsync() =>
        (await QdpxExchange.ExportAsync(_source, Path.Combine(_directory, "export.qdpx"), ReportAudience.Research, default)).Codings;

    [IterationSetup(Target = nameof(ImportAsync))]
    public void CreateTarget()
    {
        var projects = new Projects(_provider);
        _target = projects.CreateAsync(Path.Combine(_directory, "target-" + (_iteration++).ToString(CultureInfo.InvariantCulture)), null, default).GetAwaiter().GetResult();
    }

    [IterationCleanup(Target = nameof(ImportAsync))]
    public void DisposeTarget() => _target!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "import the .qdpx into a fresh project (validate, map, store in one transaction)")]
    public async Task<int> ImportAsync() => (await QdpxExchange.ImportAsync(_target!, _archive, null, default)).Codings;

    private static async Task GenerateAsync(IProjectStore store)
    {
        var codes = (await store.GetCodebookAsync(default)).Leaves.Select(code => code.Id).ToArray();
        var version = (await store.GetCodebookAsync(default)).Version;
        var analyst = Coder.Person("analyst-a");
        var lexicon = new Coder("lexicon", CoderKind.Rules, "1");
        var cases = Enumerable.Range(0, Cases).Select(i => new CaseRecord(
            Case.Create(new CaseId("c" + i.ToString("D5", CultureInfo.InvariantCulture)), "Case " + i.ToString(CultureInfo.InvariantCulture),
                new CaseAttributes { Gender = i % 3 == 0 ? "female" : "male", Nationality = "Syrian", Defected = PartialDate.Of(2014 + (i % 3), 1 + (i % 12)) }),
            null)).ToImmutableArray();
        var sentence = "He said the emirs lived well while the fighters went hungry and the checkpoints kept everyone inside. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 16));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var sources = Enumerable.Range(0, Sources).Select(i =>
        {
            var id = new SourceId("s" + i.ToString("D6", CultureInfo.InvariantCulture));
            var segments = Enumerable.Range(0, SegmentsPerSource).Select(k => new SegmentDraft(
                k * sentence.Length, (k + 1) * sentence.Length, null,
                [new CodingDraft(codes[(i + k) % codes.Length], analyst, version, null, null), new CodingDraft(codes[(i + 2 * k) % codes.Length], lexicon, version, 0.8, "rule")]));
            var metadata = new SourceMetadata { Title = "Source " + i.ToString(CultureInfo.InvariantCulture), Outlet = "Outlet " + (i % 40).ToString(CultureInfo.InvariantCulture), Language = "en", Medium = Medium.News };
            return new SourceRecord(Source.Create(id, metadata, text, hash, [cases[i % Cases].Case.Id]), [.. segments], null);
        }).ToImmutableArray();
        await store.ImportAsync(new ImportBatch("bench", cases, sources), default);
    }
}
