using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Statistics;

namespace DefectorLens.Services;

/// <summary>Prevalence within one group of cases.</summary>
/// <param name="Value">The attribute's value; <c>(unknown)</c> for cases without it.</param>
/// <param name="Cases">Cases in the group: the denominator.</param>
/// <param name="Rows">One row per leaf code.</param>
public sealed record PrevalenceGroup(string Value, int Cases, IReadOnlyList<PrevalenceRow> Rows);

/// <summary>Prevalence split by a case attribute.</summary>
/// <param name="Attribute">The attribute, as given to <c>--by</c>.</param>
/// <param name="Cases">All cases.</param>
/// <param name="Groups">One group per value, largest first, unknown last.</param>
public sealed record PrevalenceByResult(string Attribute, int Cases, IReadOnlyList<PrevalenceGroup> Groups);

/// <summary>A code as the findings name it.</summary>
/// <param name="Id">The code's id.</param>
/// <param name="Name">Its name.</param>
public sealed record CodeRef(CodeId Id, string Name);

/// <summary>Joining × leaving narratives at case level.</summary>
/// <param name="Cases">All cases.</param>
/// <param name="Join">The joining narratives (rows).</param>
/// <param name="Leave">The leaving narratives (columns).</param>
/// <param name="Counts">Cases with both the row's and the column's narrative.</param>
/// <param name="JoinCases">Cases with each joining narrative.</param>
/// <param name="LeaveShares">Each leaving narrative's share among all cases.</param>
/// <param name="RowShares">Counts over the row's cases; null for a narrative no case has.</param>
/// <param name="Lift">Row share over the leaving narrative's overall share; null where either is zero.</param>
/// <param name="ChiSquare">Pearson's chi-square on <paramref name="Counts"/>.</param>
/// <param name="Fisher">Fisher's exact test, computed when expected counts are small; null otherwise.</param>
/// <param name="CramersV">Cramér's V of <paramref name="Counts"/>.</param>
/// <param name="Caveat">What the test assumes that the data may not satisfy.</param>
public sealed record ReflectionResult(
    int Cases, IReadOnlyList<CodeRef> Join, IReadOnlyList<CodeRef> Leave, int[,] Counts, IReadOnlyList<int> JoinCases,
    IReadOnlyList<double> LeaveShares, double?[,] RowShares, double?[,] Lift, ChiSquareResult ChiSquare, FisherResult? Fisher,
    Coefficient CramersV, string Caveat);

/// <summary>Defections in one period.</summary>
/// <param name="Period">The period: <c>2015</c>, <c>2015-Q2</c> or <c>2015-03</c>.</param>
/// <param name="Cases">Cases known to have defected in it.</param>
public sealed record PeriodCount(string Period, int Cases);

/// <summary>The share of defections in a chosen period.</summary>
/// <param name="Period">The period asked for.</param>
/// <param name="Cases">Cases known to have defected in it.</param>
/// <param name="Dated">Cases whose defection date is precise enough to tell whether it falls in the period: the denominator.</param>
/// <param name="Undetermined">Cases dated less precisely that may or may not fall in it (e.g. known only to the year, for a month).</param>
/// <param name="Share">Cases over dated cases; 0 when none is dated.</param>
/// <param name="Ci95">95% Wilson interval of the share.</param>
public sealed record PeriodShare(string Period, int Cases, int Dated, int Undetermined, double Share, Interval Ci95);

/// <summary>When cases defected, each counted only at the precision its date is known to.</summary>
/// <param name="Cases">All cases.</param>
/// <param name="Undated">Cases without a defection date.</param>
/// <param name="ByYear">Defections per year (every dated case).</param>
/// <param name="ByQuarter">Defections per quarter (cases dated at least to the month).</param>
/// <param name="ByMonth">Defections per month (cases dated at least to the month).</param>
/// <param name="YearOnly">Cases dated only to the year: in <paramref name="ByYear"/> but in no quarter or month.</param>
/// <param name="Share">The share in the asked period; null when none was asked.</param>
public sealed record TimelineResult(int Cases, int Undated, IReadOnlyList<PeriodCount> ByYear, IReadOnlyList<PeriodCount> ByQuarter, IReadOnlyList<PeriodCount> ByMonth, int YearOnly, PeriodShare? Share);

/// <summary>Obstacles and risks crossed with legal status.</summary>
/// <param name="Cases">All cases.</param>
/// <param name="Codes">The obstacle and risk codes (rows).</param>
/// <param name="Statuses">The legal statuses (columns), each with its number of cases.</param>
/// <param name="Overall">Prevalence of each code among all cases.</param>
/// <param name="Cells">Prevalence of each code (row) within each status (column).</param>
public sealed record RisksResult(int Cases, IReadOnlyList<CodeRef> Codes, IReadOnlyList<(string Status, int Cases)> Statuses, IReadOnlyList<PrevalenceRow> Overall, PrevalenceRow[,] Cells);

/// <summary>The computations behind the study's findings, over data read once.</summary>
public static partial class Findings
{
    /// <summary>The attribute words <c>--by</c> accepts besides a project's extra attributes.</summary>
    public static IReadOnlyList<string> Attributes { get; } =
        ["nationality", "gender", "role", "group", "residence", "legal_status", "consent", "defected:year", "joined:year", "age_at_joining"];

    /// <summary>The group name of cases that lack the attribute.</summary>
    public const string Unknown = "(unknown)";

    /// <summary>Overall prevalence of every leaf code.</summary>
    public static IReadOnlyList<PrevalenceRow> Prevalence(AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return PrevalenceOf(data, Enumerable.Range(0, data.Cases.Count).ToList(), Enumerable.Range(0, data.Codes.Count).ToList());
    }

    /// <summary>Prevalence of every leaf code within each value of a case attribute.</summary>
    /// <exception cref="UserErrorException">The attribute is neither a known one nor an extra attribute of some case.</exception>
    public static PrevalenceByResult PrevalenceBy(AnalysisData data, string attribute)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(attribute);
        var read = AttributeReader(data, attribute);
        var codes = Enumerable.Range(0, data.Codes.Count).ToList();
        var groups = Enumerable.Range(0, data.Cases.Count)
            .GroupBy(i => read(data.Cases[i].Attributes) ?? Unknown, StringComparer.Ordinal)
            .OrderBy(group => group.Key == Unknown ? 1 : 0).ThenByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new PrevalenceGroup(group.Key, group.Count(), PrevalenceOf(data, [.. group], codes)))
            .ToList();
        return new PrevalenceByResult(attribute, data.Cases.Count, groups);
    }

    /// <summary>Joining × leaving narratives: counts, shares, lift, chi-square (Fisher when expected counts are small) and Cramér's V.</summary>
    public static ReflectionResult Reflection(AnalysisData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var join = data.Category("join");
        var leave = data.Category("leave");
        var counts = new int[join.Count, leave.Count];
        var joinCases = new int[join.Count];
        var leaveCases = new int[leave.Count];
        for (var i = 0; i < data.Cases.Count; i++)
        {
            for (var l = 0; l < leave.Count; l++)
            {
                leaveCases[l] += data.Has(i, leave[l]) ? 1 : 0;
            }

            for (var j = 0; j < join.Count; j++)
            {
                if (!data.Has(i, join[j]))
                {
                    continue;
                }

                joinCases[j]++;
                for (var l = 0; l < leave.Count; l++)
                {
                    counts[j, l] += data.Has(i, leave[l]) ? 1 : 0;
                }
            }
        }

        var n = data.Cases.Count;
        var leaveShares = leaveCases.Select(c => n == 0 ? 0 : (double)c / n).ToList();
        var rowShares = new double?[join.Count, leave.Count];
        var lift = new double?[join.Count, leave.Count];
        for (var j = 0; j < join.Count; j++)
        {
            for (var l = 0; l < leave.Count; l++)
            {
                rowShares[j, l] = joinCases[j] == 0 ? null : (double)counts[j, l] / joinCases[j];
                lift[j, l] = rowShares[j, l] is { } share && leaveShares[l] > 0 ? share / leaveShares[l] : null;
            }
        }

        var chi = Contingency.ChiSquare(counts);
        var fisher = chi.SmallExpected ? Contingency.FisherExact(counts, cancellationToken: cancellationToken) : null;
        return new ReflectionResult(
            n, Refs(data, join), Refs(data, leave), counts, joinCases, leaveShares, rowShares, lift, chi, fisher, Contingency.CramersV(counts),
            "A case with several narratives counts in several cells, so cells are not independent observations: read the test as descriptive.");
    }

    /// <summary>Defections per year, quarter and month, each case placed only at the precision its date is known to.</summary>
    /// <param name="data">The cases.</param>
    /// <param name="period">A period whose share to compute (<c>2015</c>, <c>2015-Q2</c>, <c>2015-03</c>), or null.</param>
    /// <exception cref="UserErrorException">The period is not one of those forms.</exception>
    public static TimelineResult Timeline(AnalysisData data, string? period)
    {
        ArgumentNullException.ThrowIfNull(data);
        Period? asked = period is null ? null : Period.Parse(period);
        var dates = data.Cases.Select(c => c.Attributes.Defected).ToList();
        var dated = dates.Where(d => d is not null).Select(d => d!.Value).ToList();
        var monthly = dated.Where(d => d.Precision >= DatePrecision.Month).ToList();
        PeriodShare? share = null;
        if (asked is { } p)
        {
            var precise = dated.Where(d => p.CanTell(d)).ToList();
            var inside = precise.Count(p.Contains);
            share = new PeriodShare(period!, inside, precise.Count, dated.Count - precise.Count,
                precise.Count == 0 ? 0 : (double)inside / precise.Count, Proportions.Wilson(inside, precise.Count));
        }

        return new TimelineResult(
            data.Cases.Count, dates.Count - dated.Count,
            Count(dated, d => d.Year.ToString(CultureInfo.InvariantCulture)),
            Count(monthly, d => string.Create(CultureInfo.InvariantCulture, $"{d.Year}-Q{((d.Date.Month - 1) / 3) + 1}")),
            Count(monthly, d => d.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
            dated.Count - monthly.Count, share);
    }

    /// <summary>Prevalence of the obstacle and risk codes overall and within each legal status.</summary>
    public static RisksResult Risks(AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var codes = data.Category("obstacle").Concat(data.Category("risk")).ToList();
        var statuses = Enum.GetValues<LegalStatus>()
            .Select(status => (Status: status, Cases: Enumerable.Range(0, data.Cases.Count).Where(i => data.Cases[i].Attributes.LegalStatus == status).ToList()))
            .Where(group => group.Cases.Count > 0)
            .ToList();
        var cells = new PrevalenceRow[codes.Count, statuses.Count];
        for (var s = 0; s < statuses.Count; s++)
        {
            var rows = PrevalenceOf(data, statuses[s].Cases, codes);
            for (var c = 0; c < codes.Count; c++)
            {
                cells[c, s] = rows[c];
            }
        }

        var overall = PrevalenceOf(data, Enumerable.Range(0, data.Cases.Count).ToList(), codes);
        return new RisksResult(data.Cases.Count, Refs(data, codes), [.. statuses.Select(s => (Vocabulary.Name(s.Status), s.Cases.Count))], overall, cells);
    }

    internal static IReadOnlyList<CodeRef> Refs(AnalysisData data, IEnumerable<int> codes) =>
        [.. codes.Select(j => new CodeRef(data.Codes[j].Id, data.Codes[j].Name))];

    internal static IReadOnlyList<PrevalenceRow> PrevalenceOf(AnalysisData data, IReadOnlyList<int> cases, IReadOnlyList<int> codes)
    {
        var counts = new int[codes.Count];
        foreach (var i in cases)
        {
            for (var c = 0; c < codes.Count; c++)
            {
                counts[c] += data.Has(i, codes[c]) ? 1 : 0;
            }
        }

        return [.. codes.Select((j, c) => new PrevalenceRow(
            data.Codes[j].Id, data.Codes[j].Name, counts[c], cases.Count == 0 ? 0 : (double)counts[c] / cases.Count, Proportions.Wilson(counts[c], cases.Count)))];
    }

    private static IReadOnlyList<PeriodCount> Count(IEnumerable<PartialDate> dates, Func<PartialDate, string> key) =>
        [.. dates.GroupBy(key, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => new PeriodCount(group.Key, group.Count()))];

    private static Func<CaseAttributes, string?> AttributeReader(AnalysisData data, string attribute) => attribute switch
    {
        "nationality" => a => a.Nationality,
        "gender" => a => a.Gender,
        "role" => a => a.Role,
        "group" => a => a.Group,
        "residence" => a => a.CountryOfResidence,
        "legal_status" => a => Vocabulary.Name(a.LegalStatus),
        "consent" => a => Vocabulary.Name(a.Consent),
        "defected:year" => a => a.Defected?.Year.ToString(CultureInfo.InvariantCulture),
        "joined:year" => a => a.Joined?.Year.ToString(CultureInfo.InvariantCulture),
        "age_at_joining" => a => a.AgeAtJoining?.ToString(CultureInfo.InvariantCulture),
        _ when data.Cases.Any(c => c.Attributes.Extra.ContainsKey(attribute)) => a => a.Extra.GetValueOrDefault(attribute),
        _ => throw new UserErrorException(UserErrorKind.NotFound, Messages.AttributeUnknown(
            attribute, Attributes.Concat(data.Cases.SelectMany(c => c.Attributes.Extra.Keys).Distinct().Order(StringComparer.Ordinal)))),
    };

    /// <summary>A year, a quarter or a month.</summary>
    private readonly record struct Period(int Year, int FirstMonth, int Months)
    {
        public static Period Parse(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 4 && int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                return new Period(year, 1, 12);
            }

            if (trimmed.Length == 7 && trimmed[4] == '-' && int.TryParse(trimmed[..4], NumberStyles.None, CultureInfo.InvariantCulture, out year))
            {
                if (trimmed[5] is 'Q' or 'q' && trimmed[6] is >= '1' and <= '4')
                {
                    return new Period(year, ((trimmed[6] - '1') * 3) + 1, 3);
                }

                if (int.TryParse(trimmed[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
                {
                    return new Period(year, month, 1);
                }
            }

            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.PeriodMalformed(text));
        }

        // A date known only to the year can be placed in a year, never in a quarter or a month.
        public bool CanTell(PartialDate date) => Months == 12 || date.Precision >= DatePrecision.Month || date.Year != Year;

        public bool Contains(PartialDate date) =>
            date.Year == Year && (Months == 12 || (date.Date.Month >= FirstMonth && date.Date.Month < FirstMonth + Months));
    }
}
