using System.CommandLine;
using DefectorLens.Services;

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

    /// <summary>Who an output is for, spelled as the user types it; anything else is one clear error.</summary>
    public static Option<ReportAudience> Audience(string description, ReportAudience byDefault) => new("--audience")
    {
        Description = description,
        HelpName = "public|research",
        DefaultValueFactory = _ => byDefault,
        CustomParser = result =>
        {
            var word = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            foreach (var audience in (ReadOnlySpan<ReportAudience>)[ReportAudience.Public, ReportAudience.Research])
            {
                if (string.Equals(word, Redaction.Word(audience), StringComparison.OrdinalIgnoreCase))
                {
                    return audience;
                }
            }

            result.AddError($"--audience must be public or research, not '{word}'.");
            return byDefault;
        },
    };
}
