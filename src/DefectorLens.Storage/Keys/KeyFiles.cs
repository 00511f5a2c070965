using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Protection;

namespace DefectorLens.Storage.Keys;

/// <summary>Key rings kept in small text files outside the project, readable by their owner only.</summary>
/// <remarks>
/// One file per project, <c>&lt;project id&gt;.key</c> in a keys directory, or one named file for one project. A file
/// holds the project id, the export secret and the keys, current first:
/// <code>
/// project 3f2a...
/// export BASE64
/// key k3f9a01c2 BASE64
/// key k11aa22bb BASE64
/// </code>
/// Files are written to a temporary file beside the target and moved over it, so a crash leaves the old ring or the new
/// one, never half of one. On Unix they are created with mode 600 and refused when group or others may read them.
/// </remarks>
public sealed class KeyFiles : IKeyStore
{
    /// <summary>The environment variable naming one key file to use.</summary>
    public const string FileVariable = "DLENS_KEY_FILE";

    /// <summary>The environment variable naming the directory of key files.</summary>
    public const string DirectoryVariable = "DLENS_KEY_DIR";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersMayRead = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private readonly string? _directory;
    private readonly string? _file;

    private KeyFiles(string? directory, string? file) => (_directory, _file) = (directory, file);

    /// <summary>Key files named after their project in a directory.</summary>
    public static KeyFiles InDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new KeyFiles(Path.GetFullPath(directory), null);
    }

    /// <summary>One given key file, whatever the project.</summary>
    public static KeyFiles File(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        return new KeyFiles(null, Path.GetFullPath(file));
    }

    /// <summary>
    /// The key files the environment points to, looked up again at each use: the file in <c>DLENS_KEY_FILE</c>, else the
    /// directory in <c>DLENS_KEY_DIR</c>, else <c>defectorlens/keys</c> in the user's configuration directory
    /// (<c>$XDG_CONFIG_HOME</c>, <c>~/.config</c>, or the application data folder on Windows).
    /// </summary>
    public static IKeyStore FromEnvironment() => new EnvironmentKeyFiles();

    private static KeyFiles ResolveEnvironment()
    {
        if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file)
        {
            return File(file);
        }

        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory)
        {
            return InDirectory(directory);
        }

        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return InDirectory(Path.Combine(config, "defectorlens", "keys"));
    }

    /// <inheritdoc />
    public string Describe(string projectId) => PathOf(projectId);

    /// <inheritdoc />
    public KeyRing? Load(string projectId)
    {
        var path = PathOf(projectId);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows() && (System.IO.File.GetUnixFileMode(path) & OthersMayRead) != 0)
        {
            throw new UserErrorException(UserErrorKind.Locked, Messages.KeyFileTooOpen(path));
        }

        return Parse(path, System.IO.File.ReadAllLines(path), projectId);
    }

    /// <inheritdoc />
    public void Save(string projectId, KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var path = PathOf(projectId);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var text = new StringBuilder()
            .Append("# DefectorLens key ring. Keep it private and keep a copy offline: without it identities cannot be read.\n")
            .Append("project ").Append(projectId).Append('\n')
            .Append("export ").Append(Convert.ToBase64String(ring.ExportSecret)).Append('\n');
        foreach (var key in ring.Retired.Prepend(ring.Current))
        {
            text.Append("key ").Append(key.Id).Append(' ').Append(Convert.ToBase64String(key.Material)).Append('\n');
        }

        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        System.IO.File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(string projectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        if (projectId.Any(c => !char.IsAsciiHexDigitLower(c)))
        {
            throw new ArgumentException($"project id '{projectId}' is not lower-case hex", nameof(projectId));
        }

        return _file ?? Path.Combine(_directory!, projectId + ".key");
    }

    private static KeyRing Parse(string path, string[] lines, string projectId)
    {
        string? project = null;
        byte[]? export = null;
        var keys = new List<ProjectKey>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ok = (parts[0], parts.Length) switch
            {
                ("project", 2) => (project = parts[1]) is not null,
                ("export", 2) => (export = Base64(parts[1])) is not null,
                ("key", 3) => Base64(parts[2]) is { } material && ProjectKey.From(parts[1], material) is { } key && Add(keys, key),
                _ => false,
            };
            if (!ok)
            {
                throw new UserErrorException(UserErrorKind.Locked, Messages.KeyFileInvalid(path, i + 1));
            }
        }

        if (project is null || export is null || keys.Count == 0)
        {
            throw new UserErrorException(UserErrorKind.Locked, Messages.KeyFileInvalid(path, lines.Length));
        }

        if (!string.Equals(project, projectId, StringComparison.Ordinal))
        {
            throw new UserErrorException(UserErrorKind.Locked, Messages.KeyFileOfOtherProject(path, project));
        }

        return KeyRing.From(keys[0], keys.Skip(1), export)
            ?? throw new UserErrorException(UserErrorKind.Locked, Messages.KeyFileInvalid(path, lines.Length));
    }

    private static bool Add(List<ProjectKey> keys, ProjectKey key)
    {
        keys.Add(key);
        return true;
    }

    private static byte[]? Base64(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : null;
    }

    // Resolved at each call, so that a --key-file given on the command line applies to a provider made before parsing.
    private sealed class EnvironmentKeyFiles : IKeyStore
    {
        public string Describe(string projectId) => ResolveEnvironment().Describe(projectId);

        public KeyRing? Load(string projectId) => ResolveEnvironment().Load(projectId);

        public void Save(string projectId, KeyRing ring) => ResolveEnvironment().Save(projectId, ring);
    }
}
