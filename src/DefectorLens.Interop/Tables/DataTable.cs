using System.Globalization;

namespace DefectorLens.Interop.Tables;

/// <summary>A named table of text cells, as exported to CSV or a spreadsheet sheet.</summary>
/// <param name="Name">The table's name: the CSV file name without extension, or the sheet name (at most 31 characters).</param>
/// <param name="Headings">Column headings.</param>
/// <param name="Rows">Rows, each as long as <paramref name="Headings"/>.</param>
public sealed record DataTable(string Name, IReadOnlyList<string> Headings, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Makes cells safe to open in a spreadsheet.</summary>
public static class SpreadsheetCells
{
    /// <summary>Prefixes text a spreadsheet could read as a formula (starting with =, +, -, @, tab or carriage return) with an apostrophe.</summary>
    /// <remarks>Numbers, negative ones included, are left as they are: they are data, not formulas (OWASP "CSV injection").</remarks>
    public static string Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return "";
        }

        if (cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(cell))
        {
            return "'" + cell;
        }

        return cell;
    }

    /// <summary>True when the cell is a plain invariant number.</summary>
    public static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);
}
