using System.Text;
using CsvHelper;

namespace DefectorLens.Interop.Tables;

/// <summary>Writes tables as CSV files (RFC 4180, UTF-8 with a byte order mark so that spreadsheets read the scripts right).</summary>
public static class CsvTables
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="writer"/>, every cell neutralised.</summary>
    public static async Task WriteAsync(DataTable table, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, true);
        await using (csv.ConfigureAwait(false))
        {
            await csv.WriteRecordAsync([.. table.Headings.Select(SpreadsheetCells.Neutralise)], cancellationToken).ConfigureAwait(false);
            foreach (var row in table.Rows)
            {
                await csv.WriteRecordAsync([.. row.Select(SpreadsheetCells.Neutralise)], cancellationToken).ConfigureAwait(false);
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes each table to <c>NAME.csv</c> in <paramref name="directory"/>; each file replaces an earlier one only once complete.</summary>
    public static async Task<IReadOnlyList<string>> WriteAllAsync(IEnumerable<DataTable> tables, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var table in tables)
        {
            var path = Path.Combine(directory, table.Name + ".csv");
            var temporary = path + ".tmp";
            await WriteFileAsync(table, temporary, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
            files.Add(path);
        }

        return files;
    }

    private static async Task WriteFileAsync(DataTable table, string path, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(true));
        await WriteAsync(table, writer, cancellationToken).ConfigureAwait(false);
    }
}
