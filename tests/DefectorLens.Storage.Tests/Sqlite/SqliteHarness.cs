using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using DefectorLens.Storage.Tests.Contract;
using DefectorLens.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>The contract suites on SQLite: one new project file per test, with its key beside it in a temporary directory.</summary>
internal sealed class SqliteHarness : IStoreHarness
{
    private readonly TempDirectory _directory = new();

    public Task<IProjectStore> CreateAsync(string name, Codebook codebook, TimeProvider clock, string actor) =>
        Provider(clock, actor).CreateAsync(_directory.File("project.dlens"), name, codebook, default);

    public Task<IProjectStore> OpenAsync(string location, TimeProvider clock, string actor) => Provider(clock, actor).OpenAsync(location, default);

    public void Dispose() => _directory.Dispose();

    private SqliteStoreProvider Provider(TimeProvider clock, string actor) =>
        new(clock, NullLoggerFactory.Instance, actor, KeyFiles.InDirectory(_directory.File("keys")));
}
