using DefectorLens.Core;

namespace DefectorLens.Cli;

/// <summary>The exit codes of <c>dlens</c>; documented in docs/cli.md.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure: a bug, reported with its details.</summary>
    public const int InternalError = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>An input file is malformed; nothing from it was stored.</summary>
    public const int InvalidInput = 3;

    /// <summary>A file, project, coder or id does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>What was asked would duplicate or overwrite something that exists.</summary>
    public const int Conflict = 5;

    /// <summary>The project cannot be used by this version of dlens.</summary>
    public const int IncompatibleProject = 6;

    /// <summary>Identities are locked: the project's key is missing or wrong, or a passphrase is missing or wrong.</summary>
    public const int Locked = 7;

    /// <summary>An integrity check failed: a project value, a backup or the audit log was altered or damaged.</summary>
    public const int Tampered = 8;

    /// <summary>Interrupted (Ctrl-C); nothing was half-written.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code for a user error.</summary>
    public static int For(UserErrorKind kind) => kind switch
    {
        UserErrorKind.InvalidInput => InvalidInput,
        UserErrorKind.NotFound => NotFound,
        UserErrorKind.Conflict => Conflict,
        UserErrorKind.IncompatibleProject => IncompatibleProject,
        UserErrorKind.Locked => Locked,
        UserErrorKind.Tampered => Tampered,
        _ => InternalError,
    };
}
