namespace DefectorLens.Core;

/// <summary>The kinds of failure a user can cause and fix, each with its own exit code.</summary>
public enum UserErrorKind
{
    /// <summary>An input file is malformed.</summary>
    InvalidInput,
    /// <summary>A file, project or id does not exist.</summary>
    NotFound,
    /// <summary>What was asked would overwrite or duplicate something that exists.</summary>
    Conflict,
    /// <summary>The project cannot be used by this version.</summary>
    IncompatibleProject,
    /// <summary>Identities are locked: the project's key is missing or is not the right one.</summary>
    Locked,
    /// <summary>An integrity check failed: a project, backup or audit log was altered or damaged.</summary>
    Tampered,
}

/// <summary>A failure the user caused and can fix: shown as one line, never with a stack trace.</summary>
/// <remarks>The message must already be safe to show: no identity value, no testimony text.</remarks>
public sealed class UserErrorException : Exception
{
    /// <summary>Makes the error.</summary>
    public UserErrorException(UserErrorKind kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Makes the error with the failure that caused it.</summary>
    public UserErrorException(UserErrorKind kind, string message, Exception inner)
        : base(message, inner) => Kind = kind;

    /// <summary>What kind of failure it is.</summary>
    public UserErrorKind Kind { get; }
}

/// <summary>Bad input found at a place in a file.</summary>
/// <param name="File">The file, as the user named it.</param>
/// <param name="Line">The 1-based line, when the format has lines.</param>
/// <param name="Reason">What is wrong and what was expected.</param>
public sealed record InputError(string File, int? Line, string Reason)
{
    /// <summary>The one-line message: <c>sources.jsonl line 42: date '31/02/2015' is not a date (expected yyyy-MM-dd)</c>.</summary>
    public override string ToString() => Line is { } line ? $"{File} line {line}: {Reason}" : $"{File}: {Reason}";
}
