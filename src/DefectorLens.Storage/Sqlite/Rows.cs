using System.Globalization;
using DefectorLens.Core.Model;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>How domain values are written to and read from columns.</summary>
/// <remarks>
/// Vocabulary values are stored as their words (<c>at_large</c>), not enum numbers, so that the file stays readable
/// and reordering an enum cannot change stored data. Dates are ISO text plus a precision word.
/// </remarks>
internal static class Rows
{
    private const string DateFormat = "yyyy-MM-dd";

    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? NullableInt(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static double? NullableDouble(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>The full date with unknown parts set to 1, so that dates sort as text; null for no date.</summary>
    public static string? DateText(PartialDate? date) => date?.Date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Which parts of <see cref="DateText"/> are known; null for no date.</summary>
    public static string? PrecisionWord(PartialDate? date) => date?.Precision switch
    {
        null => null,
        DatePrecision.Year => "year",
        DatePrecision.Month => "month",
        _ => "day",
    };

    /// <summary>Reads a date written by <see cref="DateText"/> with its precision word.</summary>
    public static PartialDate? ReadDate(this SqliteDataReader reader, int dateOrdinal, int precisionOrdinal) =>
        ParseDate(reader.NullableString(dateOrdinal), reader.NullableString(precisionOrdinal));

    /// <summary>A date written by <see cref="DateText"/> with its precision word; null for no date.</summary>
    public static PartialDate? ParseDate(string? text, string? precision)
    {
        if (text is null)
        {
            return null;
        }

        var date = ParseIsoDate(text);
        return precision switch
        {
            "year" => PartialDate.Of(date.Year),
            "month" => PartialDate.Of(date.Year, date.Month),
            "day" => PartialDate.Of(date.Year, date.Month, date.Day),
            var other => throw Unreadable("date precision", other ?? "(none)"),
        };
    }

    // DateOnly.ParseExact reads any format; a store reads the one it writes for each of 100,000 cases, by hand here, and
    // leaves any other text to ParseExact and the error it gives.
    private static DateOnly ParseIsoDate(string text)
    {
        if (text.Length == DateFormat.Length && text[4] == '-' && text[7] == '-'
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            && int.TryParse(text.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day >= 1
            && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        return DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);
    }

    public static string TimeText(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ReadTime(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static LegalStatus ParseLegalStatus(string word) =>
        Vocabulary.TryParse(word, out LegalStatus value) ? value : throw Unreadable("legal status", word);

    public static ConsentLevel ParseConsent(string word) =>
        Vocabulary.TryParse(word, out ConsentLevel value) ? value : throw Unreadable("consent", word);

    public static Medium ReadMedium(this SqliteDataReader reader, int ordinal) =>
        Vocabulary.TryParse(reader.GetString(ordinal), out Medium value) ? value : throw Unreadable("medium", reader.GetString(ordinal));

    public static CoderKind ReadCoderKind(this SqliteDataReader reader, int ordinal) =>
        Vocabulary.TryParse(reader.GetString(ordinal), out CoderKind value) ? value : throw Unreadable("coder kind", reader.GetString(ordinal));

    public static string MemoTargetWord(MemoTarget target) => target switch
    {
        MemoTarget.Project => "project",
        MemoTarget.Code => "code",
        MemoTarget.Case => "case",
        MemoTarget.Source => "source",
        MemoTarget.Segment => "segment",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "no such memo target"),
    };

    public static MemoTarget ReadMemoTarget(this SqliteDataReader reader, int ordinal) => reader.GetString(ordinal) switch
    {
        "project" => MemoTarget.Project,
        "code" => MemoTarget.Code,
        "case" => MemoTarget.Case,
        "source" => MemoTarget.Source,
        "segment" => MemoTarget.Segment,
        var other => throw Unreadable("memo target", other),
    };

    /// <summary>Reads source metadata from <paramref name="first"/> on: title, outlet, author, url, published, precision, language, medium.</summary>
    public static SourceMetadata ReadMetadata(this SqliteDataReader reader, int first) => new()
    {
        Title = reader.GetString(first),
        Outlet = reader.NullableString(first + 1),
        Author = reader.NullableString(first + 2),
        Url = reader.NullableString(first + 3),
        Published = reader.ReadDate(first + 4, first + 5),
        Language = reader.NullableString(first + 6),
        Medium = reader.ReadMedium(first + 7),
    };

    // Only vocabulary words reach this message, never testimony or identity values.
    private static InvalidDataException Unreadable(string what, string value) =>
        new($"the project file holds an unknown {what} '{value}'");
}
