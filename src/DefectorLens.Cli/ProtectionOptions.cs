using System.CommandLine;
using DefectorLens.Core;

namespace DefectorLens.Cli;

/// <summary>Options about keys and passphrases.</summary>
internal static class ProtectionOptions
{
    /// <summary>The key file to use instead of the one the environment names, on every command.</summary>
    public static readonly Option<string?> KeyFile = new("--key-file")
    {
        Description = "The project's key file (default: $DLENS_KEY_FILE, else <project id>.key in $DLENS_KEY_DIR or ~/.config/defectorlens/keys).",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>Names the environment variable holding a backup passphrase: never the passphrase itself, which would land in shell history.</summary>
    public static Option<string?> PassphraseVariable() => new("--passphrase-env")
    {
        Description = "Use the passphrase in this environment variable instead of the project key.",
        HelpName = "VARIABLE",
    };

    /// <summary>The passphrase the option names, or null when the option is not given.</summary>
    /// <exception cref="UserErrorException">The variable is not set.</exception>
    public static string? Passphrase(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is not { } variable ? null
        : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } passphrase ? passphrase
        : throw new UserErrorException(UserErrorKind.InvalidInput, Messages.PassphraseVariableEmpty(variable));
}
