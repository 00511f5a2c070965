namespace DefectorLens.Services;

/// <summary>Where a project's file is, given what the user typed.</summary>
public static class ProjectPaths
{
    /// <summary>The name of the project file inside a project directory.</summary>
    public const string FileName = "project.dlens";

    /// <summary>The project file for a path: the path itself when it names a <c>.dlens</c> file, else <see cref="FileName"/> inside it.</summary>
    /// <param name="path">A project directory or file; null or empty for the current directory.</param>
    public static string Resolve(string? path)
    {
        var full = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? "." : path);
        return full.EndsWith(".dlens", StringComparison.OrdinalIgnoreCase) || File.Exists(full) ? full : Path.Combine(full, FileName);
    }
}
