using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using DefectorLens.Storage.Tests.Contract;
using DefectorLens.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>The store contract on SQLite files, one new file per test.</summary>
public sealed class SqliteProjectStoreTests : ProjectStoreContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IProjectStore> CreateProjectAsync(string name, Codebook codebook) =>
        Provider().CreateAsync(_directory.File("project.dlens"), name, codebook, default);

    protected override Task<IProjectStore> OpenProjectAsync(IProjectStore closed) => Provider().OpenAsync(closed.Location, default);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    private SqliteStoreProvider Provider() => new(Clock, NullLoggerFactory.Instance, Actor, KeyFiles.InDirectory(_directory.File("keys")));
}
