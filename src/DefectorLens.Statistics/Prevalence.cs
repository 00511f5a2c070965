using DefectorLens.Core.Model;

namespace DefectorLens.Statistics;

/// <summary>How many cases have a code, with a 95% Wilson interval on the share.</summary>
/// <param name="Code">The code.</param>
/// <param name="Name">The code's name.</param>
/// <param name="Cases">Cases with the code; a case counts once however many segments carry it.</param>
/// <param name="Share">Cases with the code over all cases; 0 when there are no cases.</param>
/// <param name="Ci95">95% Wilson interval of the share.</param>
public sealed record PrevalenceRow(CodeId Code, string Name, int Cases, double Share, Interval Ci95);

/// <summary>Case-level prevalence of codes.</summary>
public static class Prevalence
{
    /// <summary>Counts, for each code in order, the distinct cases among <paramref name="caseCount"/> that have it.</summary>
    /// <param name="codes">The codes to report, with their names, in the order wanted.</param>
    /// <param name="caseCodes">Which case has which code; repeats and other coders' rows are counted once.</param>
    /// <param name="caseCount">All cases, coded or not: the denominator.</param>
    public static IReadOnlyList<PrevalenceRow> Compute(
        IReadOnlyList<(CodeId Id, string Name)> codes, IEnumerable<CaseCode> caseCodes, int caseCount)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(caseCodes);
        ArgumentOutOfRangeException.ThrowIfNegative(caseCount);

        var casesByCode = caseCodes
            .GroupBy(row => row.Code)
            .ToDictionary(group => group.Key, group => group.Select(row => row.Case).Distinct().Count());

        return [.. codes.Select(code =>
        {
            var cases = casesByCode.GetValueOrDefault(code.Id);
            var share = caseCount == 0 ? 0 : (double)cases / caseCount;
            return new PrevalenceRow(code.Id, code.Name, cases, share, Proportions.Wilson(cases, caseCount));
        })];
    }
}
