using System.Globalization;

namespace DefectorLens.Core;

/// <summary>Every message a user can read about bad input or a failed operation, in one class.</summary>
/// <remarks>
/// Messages name the place, the offending value and what was expected. They never contain testimony text
/// or identity values: when an identity field is wrong only its name is given. Split by area into partial files.
/// </remarks>
public static partial class Messages
{
    /// <summary>Formats a number for a message.</summary>
    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A codebook lacks a required field.</summary>
    public static string CodebookFieldMissing(string field) => $"codebook has no '{field}'";

    /// <summary>A codebook has no codes.</summary>
    public const string CodebookHasNoCodes = "codebook has no codes";

    /// <summary>A code id is not dotted lower-case words.</summary>
    public static string CodeIdMalformed(string id) =>
        $"code id '{id}' is not valid (expected lower-case words joined by dots, e.g. leave.brutality)";

    /// <summary>Two codes share an id.</summary>
    public static string CodeIdDuplicate(string id) => $"code id '{id}' appears more than once";

    /// <summary>A code's parent is missing or comes after it.</summary>
    public static string CodeParentMissing(string id, string parent) =>
        $"code '{id}' needs its parent '{parent}' to be defined before it";

    /// <summary>A code lacks a required field.</summary>
    public static string CodeFieldMissing(string id, string field) => $"code '{id}' has no '{field}'";

    /// <summary>A code id is not in the project's codebook.</summary>
    public static string UnknownCode(string id, string codebook) => $"unknown code '{id}' (not in codebook {codebook})";

    /// <summary>A file does not exist.</summary>
    public static string FileNotFound(string path) => $"{path}: file not found";

    /// <summary>No project at a path.</summary>
    public static string ProjectNotFound(string path) =>
        $"{path}: no DefectorLens project here (create one with 'dlens init', or pass --project PATH)";

    /// <summary>A project already exists where one would be created.</summary>
    public static string ProjectExists(string path) => $"{path}: a project already exists here";

    /// <summary>A project file was written by a newer version.</summary>
    public static string ProjectTooNew(string path, int version, int supported) =>
        $"{path}: project schema version {N(version)} is newer than this dlens supports ({N(supported)}); upgrade dlens";

    /// <summary>A file is not a project file.</summary>
    public static string NotAProject(string path) => $"{path}: not a DefectorLens project file";

    /// <summary>A memo target is not one of the accepted shapes.</summary>
    public static string MemoTargetInvalid(string text) =>
        $"memo target '{text}' is not valid (expected project, code:ID, case:ID, source:ID or segment:ID)";

    /// <summary>A memo is about something the project does not have.</summary>
    public static string MemoTargetNotFound(string target, string id) => $"no {target} '{id}' in this project to write a memo on";

    /// <summary>A file held nothing to import.</summary>
    public const string NothingToImport = "nothing to import (no cases or sources)";

    /// <summary>A coder name matches no coder of the project.</summary>
    public static string UnknownCoder(string name, IEnumerable<string> coders) =>
        $"no coder named '{name}' in this project (coders: {Listing(coders)})";

    /// <summary>The project has no codings by any coder yet.</summary>
    public const string NoCoders = "none yet";

    private static string Listing(IEnumerable<string> names) =>
        names.Any() ? string.Join(", ", names) : NoCoders;
}
