using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Model;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Services;

/// <summary>Reads gold files: JSON Lines of <c>{"id", "lang", "text", "labels"}</c>, all or nothing.</summary>
public static class LabelledFiles
{
    /// <summary>Every labelled text of a gold file.</summary>
    /// <exception cref="UserErrorException">
    /// The file is missing (<see cref="UserErrorKind.NotFound"/>); a line is not JSON, lacks its text or labels, or names a
    /// code that is not a leaf of the codebook; or the file has no line (<see cref="UserErrorKind.InvalidInput"/>). The
    /// message names the file and the first bad line.
    /// </exception>
    public static async Task<IReadOnlyList<LabelledText>> ReadAsync(string path, Codebook codebook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(codebook);
        if (!File.Exists(path))
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.FileNotFound(path));
        }

        var leaves = codebook.Leaves.Select(code => code.Id.Value).ToHashSet(StringComparer.Ordinal);
        var items = new List<LabelledText>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (parsed, error) = JsonLine.Parse(line, requireLabels: true);
            if (parsed is null)
            {
                throw Bad(path, number, error!);
            }

            if (parsed.Labels.FirstOrDefault(label => !leaves.Contains(label)) is { } unknown)
            {
                throw Bad(path, number, Messages.LabelUnknown(unknown, $"{codebook.Id} {codebook.Version}"));
            }

            var id = parsed.Id ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            items.Add(new LabelledText(id, parsed.Language, parsed.Text, [.. parsed.Labels.Distinct(StringComparer.Ordinal).Select(label => new CodeId(label))]));
        }

        return items.Count > 0 ? items : throw new UserErrorException(UserErrorKind.InvalidInput, Messages.InputEmpty(path));
    }

    private static UserErrorException Bad(string path, int line, string reason) =>
        new(UserErrorKind.InvalidInput, new InputError(path, line, reason).ToString());
}
