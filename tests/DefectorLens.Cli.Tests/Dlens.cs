using System.Diagnostics;

namespace DefectorLens.Cli.Tests;

/// <summary>What one run of the dlens process did.</summary>
public sealed record DlensRun(int ExitCode, string Out, string Error);

/// <summary>Runs the real dlens program as a separate process, as a user would.</summary>
public static class Dlens
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "dlens.dll");

    public static DlensRun Run(string workingDirectory, params string[] args) => RunWithInput(workingDirectory, "", args);

    /// <summary>Runs dlens with <paramref name="input"/> on its standard input, as a script piping answers would.</summary>
    public static DlensRun RunWithInput(string workingDirectory, string input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // Key files go beside the test's project, never into the user's ~/.config.
        start.Environment["DLENS_KEY_DIR"] = System.IO.Path.Combine(workingDirectory, ".keys");
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dlens {string.Join(' ', args)} did not finish");
        }

        return new DlensRun(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A directory of its own for one test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dlens-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
