using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>The errors found in one file, listed by line and capped so that a wholly wrong file stays readable.</summary>
internal sealed class InputErrorList
{
    /// <summary>How many errors are listed before the rest are summed up in one entry.</summary>
    public const int Shown = 100;

    private readonly List<InputError> _errors = [];

    public InputErrorList(string file) => File = file;

    /// <summary>The file the errors are about, as the user named it.</summary>
    public string File { get; }

    /// <summary>True when at least one error was found.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Records a problem at a line (null for the file as a whole).</summary>
    public void Add(int? line, string reason) => _errors.Add(new InputError(File, line, reason));

    /// <summary>The errors, file-wide first and then by line, at most <see cref="Shown"/> of them and a summary of the rest.</summary>
    /// <remarks>Some checks (a source naming a case defined further down) can only run at the end, hence the sort.</remarks>
    public IReadOnlyList<InputError> ToList()
    {
        var sorted = _errors.OrderBy(error => error.Line ?? 0).ToList();
        return sorted.Count <= Shown
            ? sorted
            : [.. sorted.Take(Shown), new InputError(File, null, Messages.MoreErrors(sorted.Count - Shown))];
    }
}
