using System.CommandLine;

namespace DefectorLens.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>The project to work on, on every command.</summary>
    public static readonly Option<string?> Project = new("--project", "-p")
    {
        Description = "The project directory or .dlens file (default: the project in the current directory).",
        HelpName = "PATH",
        Recursive = true,
    };

    /// <summary>Machine-readable output for commands that read.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print exactly one JSON document on standard output." };

    /// <summary>Restrict figures to one coder.</summary>
    public static Option<string?> Coder() => new("--coder") { Description = "Count only the codings of this coder (a person, 'lexicon', a model).", HelpName = "NAME" };
}
