using System.Globalization;

namespace DefectorLens.Core.Model;

/// <summary>How precisely a date is known.</summary>
public enum DatePrecision
{
    /// <summary>Only the year is known.</summary>
    Year,
    /// <summary>The year and month are known.</summary>
    Month,
    /// <summary>The exact day is known.</summary>
    Day,
}

/// <summary>A calendar date known to the year, the month or the day, as testimony usually dates events.</summary>
/// <remarks>Month and day are 1 when the precision does not reach them; <see cref="Precision"/> says which parts are real.</remarks>
public readonly record struct PartialDate : IComparable<PartialDate>
{
    private PartialDate(DateOnly date, DatePrecision precision) => (Date, Precision) = (date, precision);

    /// <summary>The date, with unknown parts set to 1.</summary>
    public DateOnly Date { get; }

    /// <summary>Which parts of <see cref="Date"/> are known.</summary>
    public DatePrecision Precision { get; }

    /// <summary>The year.</summary>
    public int Year => Date.Year;

    /// <summary>The month, when known.</summary>
    public int? Month => Precision >= DatePrecision.Month ? Date.Month : null;

    /// <summary>Makes a date known to the given precision.</summary>
    public static PartialDate Of(int year, int? month = null, int? day = null)
    {
        if (day is not null && month is null)
        {
            throw new ArgumentException("A day needs a month.", nameof(day));
        }

        var precision = day is not null ? DatePrecision.Day : month is not null ? DatePrecision.Month : DatePrecision.Year;
        return new PartialDate(new DateOnly(year, month ?? 1, day ?? 1), precision);
    }

    /// <summary>Parses <c>yyyy</c>, <c>yyyy-MM</c> or <c>yyyy-MM-dd</c>; returns null for anything else.</summary>
    public static PartialDate? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var formats = new (string Format, DatePrecision Precision)[]
        {
            ("yyyy-MM-dd", DatePrecision.Day), ("yyyy-MM", DatePrecision.Month), ("yyyy", DatePrecision.Year),
        };
        foreach (var (format, precision) in formats)
        {
            if (DateOnly.TryParseExact(text.Trim(), format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return new PartialDate(date, precision);
            }
        }

        return null;
    }

    /// <inheritdoc />
    public int CompareTo(PartialDate other) => (Date, Precision).CompareTo((other.Date, other.Precision));

    /// <summary>The date written to its precision: <c>2015</c>, <c>2015-03</c> or <c>2015-03-12</c>.</summary>
    public override string ToString() => Precision switch
    {
        DatePrecision.Year => Date.ToString("yyyy", CultureInfo.InvariantCulture),
        DatePrecision.Month => Date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
