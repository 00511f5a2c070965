using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Benchmarks;

/// <summary>What encrypting identities costs: importing 100,000 cases with and without identities, the encryption alone, and opening a project to show a case.</summary>
/// <remarks>
/// Every iteration imports into a new project (keys in a temporary directory). What encryption adds to an import is
/// "import with identities (encrypted)" over "the same identities stored in clear": the baseline imports the cases and
/// then writes the identity rows in clear, one transaction, with the statement the store uses for files from before
/// encryption. "Encrypt identities only" is the encryption work itself on one thread, which the import runs on another
/// thread ahead of the writer.
/// </remarks>
[Config(typeof(ShortInProcess))]
[MemoryDiagnoser]
public class ProtectionBenchmarks
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "dlens-protection-bench");
    private SqliteStoreProvider _provider = null!;
    private ImportBatch _batch = null!;
    private ImportBatch _withoutIdentities = null!;
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
        _withoutIdentities = new ImportBatch("cases.jsonl", [.. _batch.Cases.Select(record => record with { Identity = null })], []);
        _shown = Path.Combine(Directory, "shown.dlens");
        await using var store = await _provider.CreateAsync(_shown, "shown", Interop.Codebooks.CodebookFile.Default, default);
        await store.ImportAsync(_batch, default);
    }

    [IterationSetup(Targets = [nameof(ImportWithIdentitiesAsync), nameof(ImportWithClearIdentitiesAsync)])]
    public void NewProject() => _project = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".dlens");

    [Benchmark(Description = "import 100,000 cases with identities (encrypted)")]
    public Task ImportWithIdentitiesAsync() => ImportEncryptedAsync(_provider, _project, _batch);

    [Benchmark(Description = "import the same 100,000 cases, identities stored in clear (baseline)")]
    public Task ImportWithClearIdentitiesAsync() => ImportClearAsync(_provider, _project, _batch, _withoutIdentities);

    /// <summary>
    /// The two imports alternated <paramref name="rounds"/> times in one process, printing each time and the medians: on a
    /// machine shared with other work, alternating exposes both sides of the ratio to the same load.
    /// </summary>
    public static async Task InterleavedAsync(int rounds)
    {
        var benchmarks = new ProtectionBenchmarks();
        await benchmarks.SetupAsync();
        var (encrypted, clear) = (new List<double>(), new List<double>());
        for (var round = 0; round <= rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await ImportEncryptedAsync(benchmarks._provider, Path.Combine(Directory, $"e{round}.dlens"), benchmarks._batch);
            var e = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await ImportClearAsync(benchmarks._provider, Path.Combine(Directory, $"c{round}.dlens"), benchmarks._batch, benchmarks._withoutIdentities);
            var c = clock.Elapsed.TotalMilliseconds;
            // Round 0 warms up.
            if (round > 0)
            {
                (encrypted, clear) = ([.. encrypted, e], [.. clear, c]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: encrypted {e:F0} ms, clear {c:F0} ms"));
            }
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {rounds}: encrypted {Median(encrypted):F0} ms, clear {Median(clear):F0} ms, encryption adds {(Median(encrypted) / Median(clear)) - 1:P1}"));
        SqliteConnection.ClearAllPools();
    }

    private static async Task ImportEncryptedAsync(SqliteStoreProvider provider, string project, ImportBatch batch)
    {
        await using var store = await provider.CreateAsync(project, "bench", Interop.Codebooks.CodebookFile.Default, default);
        await store.ImportAsync(batch, default);
    }

    private static async Task ImportClearAsync(SqliteStoreProvider provider, string project, ImportBatch batch, ImportBatch withoutIdentities)
    {
        await using (var store = await provider.CreateAsync(project, "bench", Interop.Codebooks.CodebookFile.Default, default))
        {
            await store.ImportAsync(withoutIdentities, default);
        }

        await using var connection = new SqliteConnection($"Data Source={project};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO case_identities (case_id, real_name, aliases, contact, exact_location, notes) VALUES ($case, $name, $aliases, $contact, $location, $notes)";
        var parameters = new[] { "$case", "$name", "$aliases", "$contact", "$location", "$notes" }.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        foreach (var identity in batch.Cases.Select(record => record.Identity!))
        {
            object?[] values = [identity.CaseId.Value, identity.RealName, JsonSerializer.Serialize(identity.Aliases), identity.Contact, identity.ExactLocation, identity.Notes];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    [Benchmark(Description = "encrypt the same identities only (AES-256-GCM, one nonce per value, one thread)")]
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
