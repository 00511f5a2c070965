using DefectorLens.Core.Storage;
using DefectorLens.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Services.Tests;

/// <summary>A project of its own in a temporary directory, removed afterwards.</summary>
public sealed class ProjectFixture : IAsyncDisposable
{
    private ProjectFixture(string directory, IProjectStore store) => (Directory, Store) = (directory, store);

    public string Directory { get; }

    public IProjectStore Store { get; }

    public static async Task<ProjectFixture> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dlens-services-" + Guid.NewGuid().ToString("N"));
        var keys = DefectorLens.Storage.Keys.KeyFiles.InDirectory(Path.Combine(directory, ".keys"));
        var projects = new Projects(new SqliteStoreProvider(TimeProvider.System, NullLoggerFactory.Instance, "test", keys));
        return new ProjectFixture(directory, await projects.CreateAsync(directory, codebookFile: null, default));
    }

    public string File(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
