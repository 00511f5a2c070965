namespace DefectorLens.Cli;

/// <summary>What <c>dlens import --json</c> prints.</summary>
/// <param name="Imported">Sources stored.</param>
/// <param name="Skipped">Files skipped because their content was already imported.</param>
/// <param name="Duplicates">Sources stored and linked as duplicates of earlier ones.</param>
/// <param name="Cases">Cases stored.</param>
/// <param name="Rejected">Files rejected.</param>
/// <param name="Errors">Why each rejected file was rejected.</param>
internal sealed record ImportJson(int Imported, int Skipped, int Duplicates, int Cases, int Rejected, IReadOnlyList<ImportErrorJson> Errors);

/// <summary>One reason a file was rejected.</summary>
/// <param name="File">The file, or <c>archive.zip!/entry</c>.</param>
/// <param name="Line">The line, when the reason is about one.</param>
/// <param name="Reason">The reason.</param>
internal sealed record ImportErrorJson(string File, int? Line, string Reason);

/// <summary>One row of <c>dlens sources --duplicates --json</c>.</summary>
/// <param name="Source">The duplicate.</param>
/// <param name="Original">The source it repeats.</param>
/// <param name="Kind"><c>exact</c> or <c>near</c>.</param>
/// <param name="Similarity">Estimated similarity of their word shingles, 0 to 1.</param>
/// <param name="Outlet">The duplicate's outlet, which still counts for corroboration.</param>
internal sealed record DuplicateJson(string Source, string Original, string Kind, double Similarity, string? Outlet);

/// <summary>One row of <c>dlens cases suggest --json</c>.</summary>
/// <param name="Source">The source about no case yet.</param>
/// <param name="Case">The case it may be about.</param>
/// <param name="Score">Strength of the evidence.</param>
/// <param name="Reasons">What was found.</param>
internal sealed record CaseSuggestionJson(string Source, string Case, int Score, IReadOnlyList<string> Reasons);
