using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Benchmarks;

/// <summary>What encrypting identities costs: importing 100,000 cases with identities, the encryption alone, and opening a project to show a case.</summary>
/// <remarks>
/// Every iteration imports into a new project (keys in a temporary directory). The encryption share of the import is
/// "encrypt identities only" divided by "import with identities": the import minus that share is what the same import
/// would cost storing the values in clear.
/// </remarks>
[Config(typeof(ShortInProcess))]
[MemoryDiagnoser]
public class ProtectionBenchmarks
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "dlens-protection-bench");
    private SqliteStoreProvider _provider = null!;
    private ImportBatch _batch = null!;
    private KeyRing _ring = null!;
    private string _project = null!;
    private string _shown = null!;

    /// <summary>Cases imported.</summary>
    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("DLENS_BENCH_CASES"), CultureInfo.InvariantCulture, out var n) ? n : 100_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        _provider = new SqliteStoreProvider(TimeProvider.System, NullLoggerFactory.Instance, "bench", KeyFiles.InDirectory(Path.Combine(Directory, "keys")));
        _ring = KeyRing.Generate();
        _batch = new ImportBatch("cases.jsonl", [.. Enumerable.Range(0, Cases).Select(Record)], []);
        _shown = Path.Combine(Directory, "shown.dlens");
        await using var store = await _provider.CreateAsync(_shown, "shown", Interop.Codebooks.CodebookFile.Default, default);
        await store.ImportAsync(_batch, default);
    }

    [IterationSetup(Target = nameof(ImportWithIdentitiesAsync))]
    public void NewProject() => _project = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".dlens");

    [Benchmark(Description = "import 100,000 cases with identities (encrypted)")]
    public async Task ImportWithIdentitiesAsync()
    {
        await using var store = await _provider.CreateAsync(_project, "bench", Interop.Codebooks.CodebookFile.Default, default);
        await store.ImportAsync(_batch, default);
    }

    [Benchmark(Description = "encrypt the same identities only (AES-256-GCM, one sealed record each)")]
    public int EncryptOnly()
    {
        using var cipher = new IdentityCipher(_ring);
        var bytes = 0;
        foreach (var record in _batch.Cases)
        {
            bytes += cipher.Seal(record.Identity!).Length;
        }

        return bytes;
    }

    [Benchmark(Description = "open a 100,000-case project and show one identity (decrypted, audited)")]
    public async Task<string?> OpenAndShowCaseAsync()
    {
        await using var store = await _provider.OpenAsync(_shown, default);
        return (await store.GetIdentityAsync(new CaseId("c050000"), default))?.RealName;
    }

    private static CaseRecord Record(int i)
    {
        var id = new CaseId("c" + i.ToString("D6", CultureInfo.InvariantCulture));
        var @case = Case.Create(id, "Case " + i.ToString(CultureInfo.InvariantCulture), CaseAttributes.Empty with { Nationality = "Syrian", Consent = ConsentLevel.ResearchOnly });
        var identity = CaseIdentity.For(id) with
        {
            RealName = "Person Number " + i.ToString(CultureInfo.InvariantCulture),
            Aliases = ImmutableArray.Create("Abu " + i.ToString(CultureInfo.InvariantCulture), "Alias " + i.ToString(CultureInfo.InvariantCulture)),
            Contact = "+90 555 " + i.ToString("D7", CultureInfo.InvariantCulture),
            ExactLocation = i.ToString(CultureInfo.InvariantCulture) + " Example Street, Gaziantep",
            Notes = "met through a fixer in " + (i % 7 == 0 ? "Kilis" : "Gaziantep"),
        };
        return new CaseRecord(@case, identity);
    }

    /// <summary>Three measured runs in the benchmark's own process: the machine is shared, and building a separate process timed out there.</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1));
    }
}
