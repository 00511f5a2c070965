using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using DefectorLens.Storage.Tests.Contract;
using DefectorLens.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>The exchange contract on SQLite files, one new file per test.</summary>
public sealed class SqliteExchangeTests : ExchangeContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IProjectStore> CreateProjectAsync(string name, Codebook codebook) =>
        new SqliteStoreProvider(Clock, NullLoggerFactory.Instance, Actor, KeyFiles.InDirectory(_directory.File("keys")))
            .CreateAsync(_directory.File("project.dlens"), name, codebook, default);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
