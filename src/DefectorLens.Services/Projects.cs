using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Codebooks;

namespace DefectorLens.Services;

/// <summary>Creates and opens projects.</summary>
/// <param name="provider">The kind of store projects live in.</param>
public sealed class Projects(IProjectStoreProvider provider)
{
    /// <summary>The kind of store projects live in.</summary>
    public IProjectStoreProvider Provider => provider;

    /// <summary>Creates a project in a directory (or at a <c>.dlens</c> path), coding with the default codebook or the given file.</summary>
    /// <exception cref="UserErrorException">The codebook file is missing or invalid, or a project exists there.</exception>
    public async Task<IProjectStore> CreateAsync(string? path, string? codebookFile, CancellationToken cancellationToken)
    {
        var codebook = codebookFile is null ? CodebookFile.Default : ReadCodebook(codebookFile);
        var file = ProjectPaths.Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var name = Path.GetFileName(Path.GetDirectoryName(file)) is { Length: > 0 } directory ? directory : "project";
        return await provider.CreateAsync(file, name, codebook, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the project at a path (null for the current directory).</summary>
    /// <exception cref="UserErrorException">No project there, or one this version cannot read.</exception>
    public Task<IProjectStore> OpenAsync(string? path, CancellationToken cancellationToken) =>
        provider.OpenAsync(ProjectPaths.Resolve(path), cancellationToken);

    /// <summary>Reads a codebook file, turning its problems into one user error that lists them.</summary>
    public static Codebook ReadCodebook(string file)
    {
        var result = CodebookFile.Read(file);
        if (!result.Succeeded)
        {
            var kind = File.Exists(file) ? UserErrorKind.InvalidInput : UserErrorKind.NotFound;
            throw new UserErrorException(kind, string.Join(Environment.NewLine, result.Errors));
        }

        return result.Codebook!;
    }
}
