using DefectorLens.Core.Model;
using DefectorLens.Statistics;

namespace DefectorLens.Interop.Reports;

/// <summary>A reported code with its figures, as every writer lists it.</summary>
/// <param name="Id">The code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Definition">Its definition; empty when the model gave none.</param>
/// <param name="Colour">A checked <c>#rrggbb</c> colour, grey by default.</param>
/// <param name="Figures">Its prevalence; null when the model holds no row for it.</param>
internal sealed record ReportEntry(CodeId Id, string Name, string Definition, string Colour, PrevalenceRow? Figures);

/// <summary>The reported codes of one category (<c>join</c>, <c>leave</c>...), in report order.</summary>
/// <param name="Key">The part of the code ids before the first dot.</param>
/// <param name="Title">How the category is headed.</param>
/// <param name="Entries">Its codes.</param>
internal sealed record ReportCategory(string Key, string Title, IReadOnlyList<ReportEntry> Entries);

/// <summary>The quotes of one code.</summary>
/// <param name="Id">The code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Definition">Its definition; empty when the model gave none.</param>
/// <param name="Quotes">Its quotes, in the order given.</param>
internal sealed record QuoteGroup(CodeId Id, string Name, string Definition, IReadOnlyList<ReportQuote> Quotes);

/// <summary>Decides what every report lists and in which order, so that the HTML and Markdown reports agree.</summary>
/// <remarks>
/// Nothing in the model is dropped: a prevalence row or a quote for a code missing from
/// <see cref="ReportModel.Codes"/> is listed after the reported codes under its id, and a reported code
/// without a prevalence row is listed as not computed. Duplicates keep their first occurrence.
/// </remarks>
internal static class ReportLayout
{
    /// <summary>The bar colour of a code that has none.</summary>
    public const string DefaultColour = "#9e9e9e";

    /// <summary>The reported codes grouped by category, categories in order of first appearance.</summary>
    public static IReadOnlyList<ReportCategory> Categories(ReportModel model) =>
    [
        .. Entries(model)
            .GroupBy(entry => Category(entry.Id), StringComparer.Ordinal)
            .Select(group => new ReportCategory(group.Key, ReportText.CategoryTitle(group.Key), [.. group])),
    ];

    /// <summary>The codes that have quotes, in the order of <see cref="Categories"/>, then any other quoted code.</summary>
    public static IReadOnlyList<QuoteGroup> QuoteGroups(ReportModel model)
    {
        var entries = Categories(model).SelectMany(category => category.Entries).ToList();
        var quotesByCode = model.Quotes.ToLookup(quote => quote.Code);
        var reported = entries.Select(entry => new QuoteGroup(entry.Id, entry.Name, entry.Definition, [.. quotesByCode[entry.Id]]));
        var known = entries.Select(entry => entry.Id).ToHashSet();
        var others = model.Quotes
            .Select(quote => quote.Code)
            .Distinct()
            .Where(code => !known.Contains(code))
            .Select(code => new QuoteGroup(code, code.Value, string.Empty, [.. quotesByCode[code]]));
        return [.. reported.Concat(others).Where(group => group.Quotes.Count > 0)];
    }

    /// <summary>The part of a code id before the first dot; the whole id when it has no dot.</summary>
    public static string Category(CodeId id)
    {
        var value = id.Value ?? string.Empty;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? value[..dot] : value;
    }

    private static List<ReportEntry> Entries(ReportModel model)
    {
        var figures = new Dictionary<CodeId, PrevalenceRow>();
        foreach (var row in model.Prevalence)
        {
            figures.TryAdd(row.Code, row);
        }

        var entries = model.Codes
            .DistinctBy(code => code.Id)
            .Select(code => new ReportEntry(code.Id, code.Name, code.Definition ?? string.Empty, Colour(code.Colour), figures.GetValueOrDefault(code.Id)))
            .ToList();
        var known = entries.Select(entry => entry.Id).ToHashSet();
        entries.AddRange(model.Prevalence
            .DistinctBy(row => row.Code)
            .Where(row => !known.Contains(row.Code))
            .Select(row => new ReportEntry(row.Code, row.Name, string.Empty, DefaultColour, row)));
        return entries;
    }

    // Only a plain hex colour reaches a style or fill attribute: anything else could smuggle CSS.
    private static string Colour(string? colour) =>
        colour is { Length: 7 } && colour[0] == '#' && colour.Skip(1).All(char.IsAsciiHexDigit)
            ? colour.ToLowerInvariant()
            : DefaultColour;
}
